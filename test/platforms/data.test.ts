import { describe, expect, it } from 'vitest';
import {
  AllowlistPolicyError,
  PLATFORMS,
  PLATFORM_IDS,
  PlatformError,
  SdkArgumentError,
  VideoAllowlistError,
  platformFacts,
  snippet,
  withIpWhitelist,
} from '../../src/index.js';

describe('platform table', () => {
  it('lists the six platforms once each, web first', () => {
    expect(PLATFORM_IDS).toEqual(['js', 'react-native', 'ios', 'android', 'windows', 'linux']);
  });

  it.each(PLATFORMS.map((p) => [p.id, p] as const))(
    '%s: has a semver minimum, a source and at least one snippet',
    (_id, p) => {
      expect(p.minimumVersion).toMatch(/^\d+\.\d+\.\d+$/);
      expect(p.docs.length).toBeGreaterThan(0);
      expect(p.snippets.length).toBeGreaterThan(0);
      for (const s of p.snippets) expect(s.code).toMatch(/ipWhitelist|IpWhitelist|ip_whitelist/);
    },
  );

  it.each([
    ['js', 'ipWhitelist: true'],
    ['react-native', 'options={{ ipWhitelist: true }}'],
    ['ios', 'settings.ipWhitelist = true'],
    ['android', '.setIpWhitelist(true)'],
    ['windows', 'IpWhitelist = true'],
    ['linux', 'otc_session_settings_set_ip_whitelist(settings, OTC_TRUE)'],
  ])('%s: the default snippet turns the setting on with %s', (id, needle) => {
    expect(snippet(id)).toContain(needle);
  });

  it('the Linux snippet creates the session with otc_session_new_with_settings, never otc_session_new', () => {
    const code = snippet('linux');
    expect(code).toContain('otc_session_new_with_settings(');
    expect(code).not.toMatch(/otc_session_new\(/);
  });

  it('docs/sdk.md and the table agree on every option name', async () => {
    const { readFile } = await import('node:fs/promises');
    const sdkDoc = await readFile(new URL('../../docs/sdk.md', import.meta.url), 'utf8');
    for (const needle of [
      'ipWhitelist: true',
      'OTSessionSettings',
      'setIpWhitelist(true)',
      'IpWhitelist = true',
      'otc_session_settings_set_ip_whitelist',
      'otc_session_new_with_settings',
    ]) {
      expect(sdkDoc).toContain(needle);
    }
    expect(platformFacts('js').minimumVersion).toBe('2.15.0');
    expect(sdkDoc).toContain('2.15.0');
  });
});

describe('snippet()', () => {
  it.each([
    ['js', undefined, '// Needs OpenTok.js (web) 2.15.0 or later (ipWhitelist).'],
    ['react-native', undefined, '// Needs OpenTok React Native 0.13.0 or later (options.ipWhitelist).'],
    ['ios', 'swift', '// Needs Vonage Video iOS SDK 2.15.0 or later (OTSessionSettings.ipWhitelist).'],
    ['ios', 'objc', '// Needs Vonage Video iOS SDK 2.15.0 or later (OTSessionSettings.ipWhitelist).'],
    ['android', 'kotlin', '// Needs Vonage Video Android SDK 2.15.0 or later (Session.Builder.setIpWhitelist(true)).'],
    ['linux', 'c', '// Needs Vonage Video Linux SDK (C) 2.15.0 or later (otc_session_settings_set_ip_whitelist).'],
  ])('%s %s: starts with the minimum version as a comment', (platform, language, first) => {
    expect(snippet(platform, language ? { language } : {}).split('\n')[0]).toBe(first);
  });

  it.each([
    ['ios', undefined, 'let settings = OTSessionSettings()'],
    ['ios', 'objc', '[[OTSessionSettings alloc] init]'],
    ['android', undefined, 'val session = Session.Builder('],
    ['android', 'java', 'Session session = new Session.Builder('],
  ])('%s with language %s gives %s', (platform, language, needle) => {
    expect(snippet(platform, language ? { language } : {})).toContain(needle);
  });

  it('ends with exactly one newline', () => {
    for (const p of PLATFORMS)
      for (const s of p.snippets) expect(snippet(p.id, { language: s.language })).toMatch(/[^\n]\n$/);
  });

  it('refuses an unknown platform with a typed error that lists the platforms', () => {
    const err = (() => {
      try {
        snippet('flutter');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(PlatformError);
    expect(err).toBeInstanceOf(VideoAllowlistError);
    expect(err).toMatchObject({
      code: 'unknown-platform',
      input: 'flutter',
      path: ['platform'],
      reason: '"flutter" is not a platform id',
    });
    expect((err as Error).message).toContain('js, react-native, ios, android, windows, linux');
  });

  it.each([
    [42, '42'],
    [undefined, 'undefined'],
    [null, 'null'],
  ])('refuses the platform id %j with PlatformError whose input is the string %j', (id, input) => {
    for (const call of [() => platformFacts(id as never), () => snippet(id as never)]) {
      expect(call).toThrow(PlatformError);
      expect(call).toThrow(expect.objectContaining({ code: 'unknown-platform', input }));
    }
  });

  it('refuses a platform id or language without a prototype with PlatformError, not a bare TypeError', () => {
    expect(() => platformFacts(Object.create(null) as never)).toThrow(
      expect.objectContaining({ code: 'unknown-platform', input: '[object Object]' }),
    );
    expect(() => snippet('ios', { language: Object.create(null) as never })).toThrow(
      expect.objectContaining({ code: 'unknown-language', input: '[object Object]' }),
    );
  });

  it('takes null snippet options as the defaults, as undefined', () => {
    expect(snippet('ios', null as never)).toBe(snippet('ios'));
  });

  it('refuses a language the platform has no snippet in, naming the ones it has', () => {
    expect(() => snippet('ios', { language: 'kotlin' })).toThrow(
      expect.objectContaining({
        code: 'unknown-language',
        input: 'kotlin',
        path: ['language'],
        hint: expect.stringMatching(/^Use one of /),
      }),
    );
    expect(() => snippet('ios', { language: 'kotlin' })).toThrow(/ios has swift, objc/);
  });
});

describe('withIpWhitelist()', () => {
  it('adds ipWhitelist: true and keeps the other options without changing the input', () => {
    const input = { connectionEventsSuppressed: true };
    expect(withIpWhitelist(input)).toEqual({ connectionEventsSuppressed: true, ipWhitelist: true });
    expect(input).toEqual({ connectionEventsSuppressed: true });
    expect(withIpWhitelist()).toEqual({ ipWhitelist: true });
  });

  it.each<[string, () => object]>([
    [
      'a class instance whose options are getters on its prototype',
      () =>
        new (class {
          get iceConfig(): string {
            return 'relay';
          }
        })(),
    ],
    ['a non-enumerable own option', () => Object.defineProperty({}, 'iceConfig', { value: 'relay' })],
    ['an option inherited from a prototype object', () => Object.create({ iceConfig: 'relay' })],
  ])('keeps every option the SDK would read: %s', (_name, make) => {
    expect(withIpWhitelist(make())).toEqual({ iceConfig: 'relay', ipWhitelist: true });
  });

  it.each([['yes'], [42], [true]])(
    'refuses options %j that are not an object with SdkArgumentError naming options',
    (options) => {
      expect(() => withIpWhitelist(options as never)).toThrow(SdkArgumentError);
      expect(() => withIpWhitelist(options as never)).toThrow(
        expect.objectContaining({ code: 'invalid-sdk-argument', path: ['options'] }),
      );
    },
  );

  it.each([[false], ['yes'], [1], [null]])('refuses ipWhitelist: %j instead of overruling it', (value) => {
    expect(() => withIpWhitelist({ ipWhitelist: value })).toThrow(AllowlistPolicyError);
    expect(() => withIpWhitelist({ ipWhitelist: value })).toThrow(
      expect.objectContaining({ code: 'allowlist-option-refused' }),
    );
  });
});
