/** The platforms Vonage ships a Video client SDK for, as this library names them. */
export type PlatformId = 'js' | 'react-native' | 'ios' | 'android' | 'windows' | 'linux';

/**
 * The source languages snippets are written in. Also the Markdown fence tag, except `objc`
 * (fenced as `objective-c`, the name shiki and typedoc know).
 */
export type SnippetLanguage = 'js' | 'tsx' | 'swift' | 'objc' | 'kotlin' | 'java' | 'csharp' | 'c';

/** One way of writing the setting on a platform: a language and the exact code. */
export interface PlatformSnippet {
  /** Source language. The first snippet of a platform is its default. */
  language: SnippetLanguage;
  /** Code that creates a session with the allowed IP list turned on. Uses `apiKey`, `sessionId`. */
  code: string;
}

/** A link to the documentation a fact comes from. */
export interface DocsLink {
  /** Link text, e.g. `Vonage Video "IP addresses" guide`. */
  text: string;
  /** Address of the page. */
  url: string;
}

/** What one platform's SDK calls the allowed IP list setting, how to turn it on, and since when. */
export interface PlatformFacts {
  /** Stable id used by `video-allowlist snippet --platform`. */
  id: PlatformId;
  /** Human name of the SDK. */
  name: string;
  /** Package or distribution to install. */
  sdk: string;
  /** The setting as the SDK spells it. */
  option: string;
  /** One sentence: where the setting goes when the session is created. */
  howToSet: string;
  /** Lowest version of {@link PlatformFacts.sdk} that has the setting (semver, no leading `v`). */
  minimumVersion: string;
  /** Where the facts come from, most direct first. */
  docs: readonly DocsLink[];
  /**
   * Facts in this entry that nobody here has measured or read in a primary source, said plainly.
   * Empty when every fact is backed by {@link PlatformFacts.docs} or a measurement.
   */
  unverified: readonly string[];
  /** Anything a user must know beyond the table, or `''`. */
  note: string;
  /** The code, one entry per language the SDK is used from; the first is the default. */
  snippets: readonly PlatformSnippet[];
}

const GUIDE: DocsLink = {
  text: 'Vonage Video "IP addresses" guide: "available in version 2.15.0+ of the Vonage Video API client SDKs"',
  url: 'https://developer.vonage.com/en/video/guides/ip-addresses',
};

/**
 * The facts for every platform, in a fixed order (web first). The CLI's `snippet` command, the
 * codebase audit's fixes and `docs/platforms.md` are all generated from this table.
 *
 * Sources: the Vonage "IP addresses" guide (option names for OpenTok.js, iOS, Android, Windows and
 * Linux, and "2.15.0+" for all client SDKs); opentok-react-native's `docs/OTSession.md` and
 * CHANGELOG; OpenTok.js 2.35.2 measured in this project (`docs/sdk.md`).
 */
export const PLATFORMS: readonly PlatformFacts[] = [
  {
    id: 'js',
    name: 'OpenTok.js (web)',
    sdk: '@vonage/client-sdk-video (same bytes as @opentok/client)',
    option: 'ipWhitelist',
    howToSet: 'Pass `{ ipWhitelist: true }` as the options (third) argument of `OT.initSession()`.',
    minimumVersion: '2.15.0',
    docs: [GUIDE, { text: 'this project, measured on OpenTok.js 2.35.2 (docs/sdk.md)', url: 'sdk.md' }],
    unverified: [],
    note:
      "This library's `initSession(OT, apiKey, sessionId)` sets it for you and refuses older SDKs and cached sessions. " +
      'The npm build sends the flag but still takes its configuration from config.opentok.com: the allowed IP list needs the Enterprise build.',
    snippets: [{ language: 'js', code: 'const session = OT.initSession(apiKey, sessionId, { ipWhitelist: true });' }],
  },
  {
    id: 'react-native',
    name: 'OpenTok React Native',
    sdk: 'opentok-react-native (from 2.27.0 also @vonage/client-sdk-video-react-native)',
    option: 'options.ipWhitelist',
    howToSet: 'Give `<OTSession>` the prop `options={{ ipWhitelist: true }}`.',
    minimumVersion: '0.13.0',
    docs: [
      {
        text: 'opentok-react-native docs/OTSession.md, "Session options": ipWhitelist (Boolean), default false',
        url: 'https://github.com/opentok/opentok-react-native/blob/develop/docs/OTSession.md',
      },
      {
        text: 'opentok-react-native CHANGELOG 0.13.0 (2020-03-23): "Add Session Options support" (native SDKs 2.16.5)',
        url: 'https://github.com/opentok/opentok-react-native/blob/develop/CHANGELOG.md',
      },
    ],
    unverified: [
      '0.13.0 is the release that added session options; that `ipWhitelist` was among them in 0.13.0 itself is inferred, not checked.',
    ],
    note: '',
    snippets: [
      {
        language: 'tsx',
        code:
          '<OTSession apiKey={apiKey} sessionId={sessionId} token={token} options={{ ipWhitelist: true }}>\n' +
          '  <OTPublisher />\n' +
          '</OTSession>',
      },
    ],
  },
  {
    id: 'ios',
    name: 'Vonage Video iOS SDK',
    sdk: 'OTXCFramework (CocoaPods; the pod was named OpenTok before 2.25)',
    option: 'OTSessionSettings.ipWhitelist',
    howToSet:
      'Set `ipWhitelist = YES` on an `OTSessionSettings` and pass it as `settings:` when creating the `OTSession`.',
    minimumVersion: '2.15.0',
    docs: [GUIDE],
    unverified: [
      'The Swift spelling `OTSession(apiKey:sessionId:delegate:settings:)` is the Objective-C initializer as Swift imports it; not compiled here.',
    ],
    note: '',
    snippets: [
      {
        language: 'swift',
        code:
          'let settings = OTSessionSettings()\n' +
          'settings.ipWhitelist = true\n' +
          'let session = OTSession(apiKey: apiKey, sessionId: sessionId, delegate: self, settings: settings)',
      },
      {
        language: 'objc',
        code:
          'OTSessionSettings *settings = [[OTSessionSettings alloc] init];\n' +
          'settings.ipWhitelist = YES;\n' +
          'OTSession *session = [[OTSession alloc] initWithApiKey:apiKey sessionId:sessionId delegate:self settings:settings];',
      },
    ],
  },
  {
    id: 'android',
    name: 'Vonage Video Android SDK',
    sdk: 'Vonage Video Android SDK (Maven)',
    option: 'Session.Builder.setIpWhitelist(true)',
    howToSet: 'Call `.setIpWhitelist(true)` on the `Session.Builder` before `.build()`.',
    minimumVersion: '2.15.0',
    docs: [GUIDE],
    unverified: [],
    note: '',
    snippets: [
      {
        language: 'kotlin',
        code: 'val session = Session.Builder(context, apiKey, sessionId)\n    .setIpWhitelist(true)\n    .build()',
      },
      {
        language: 'java',
        code: 'Session session = new Session.Builder(context, apiKey, sessionId)\n    .setIpWhitelist(true)\n    .build();',
      },
    ],
  },
  {
    id: 'windows',
    name: 'Vonage Video Windows SDK',
    sdk: 'Vonage Video Windows SDK (NuGet)',
    option: 'Session.Builder.IpWhitelist',
    howToSet:
      'Set `IpWhitelist = true` on the `Session.Builder` (or pass `ipWhitelist: true` to the `Session` constructor).',
    minimumVersion: '2.15.0',
    docs: [GUIDE],
    unverified: [
      'The `Session.Builder` property name `IpWhitelist` comes from the project notes, not from the guide (which names only the constructor parameter); not compiled here.',
    ],
    note: '',
    snippets: [
      {
        language: 'csharp',
        code:
          'var session = new Session.Builder(Context.Instance, apiKey, sessionId)\n' +
          '{\n' +
          '    IpWhitelist = true\n' +
          '}.Build();',
      },
    ],
  },
  {
    id: 'linux',
    name: 'Vonage Video Linux SDK (C)',
    sdk: 'Vonage Video Linux SDK (libopentok, C API; also used on macOS)',
    option: 'otc_session_settings_set_ip_whitelist',
    howToSet:
      'Call `otc_session_settings_set_ip_whitelist(settings, OTC_TRUE)` and create the session with `otc_session_new_with_settings()`, not `otc_session_new()`.',
    minimumVersion: '2.15.0',
    docs: [GUIDE],
    unverified: [
      'The guide says "2.15.0+" for all client SDKs; which Linux SDK release first shipped the function was not checked.',
    ],
    note: '`otc_session_new()` takes no settings, so a session made with it never has the allowed IP list.',
    snippets: [
      {
        language: 'c',
        code:
          'otc_session_settings *settings = otc_session_settings_new();\n' +
          'otc_session_settings_set_ip_whitelist(settings, OTC_TRUE);\n' +
          'otc_session *session = otc_session_new_with_settings(api_key, session_id, &session_callbacks, settings);\n' +
          'otc_session_settings_delete(settings);',
      },
    ],
  },
];
