import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_RULES, PLATFORMS, snippet, type AuditFinding } from '../../src/index.js';
import {
  AUDIT_BUILD_DIRS,
  AUDIT_MAX_FILE_BYTES,
  AUDIT_SKIPPED_DIRS,
  auditSource,
  auditTree,
} from '../../src/platforms/audit/node.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/audit/basic', import.meta.url));

describe('auditTree on test/fixtures/audit (one good and one bad file per language)', () => {
  let findings: AuditFinding[];
  let filesScanned: number;
  beforeAll(async () => {
    ({ findings, filesScanned } = await auditTree(FIXTURES));
  });

  it('reads every fixture file', () => {
    expect(filesScanned).toBe(18);
  });

  it('finds exactly the bad files, once each, at the right line and column', () => {
    expect(findings.map((f) => [f.file, f.line, f.column, f.rule, f.platform])).toEqual([
      ['android/Bad.java', 8, 16, 'android-session-builder', 'android'],
      ['android/Bad.kt', 8, 16, 'android-session-builder', 'android'],
      ['ios/Bad.m', 8, 16, 'ios-objc-otsession', 'ios'],
      ['ios/Bad.swift', 9, 19, 'ios-swift-otsession', 'ios'],
      ['linux/bad.c', 6, 10, 'linux-otc-session-new', 'linux'],
      ['react-native/Bad.tsx', 8, 5, 'react-native-otsession', 'react-native'],
      ['web/bad.js', 2, 19, 'js-init-session', 'js'],
      ['web/bad.ts', 7, 10, 'js-init-session', 'js'],
      ['windows/Bad.cs', 8, 16, 'windows-session-builder', 'windows'],
    ]);
  });

  it.each([
    ['android/Bad.java', /setIpWhitelist\(false\)/],
    ['android/Bad.kt', /without \.setIpWhitelist\(true\)/],
    ['ios/Bad.m', /settings `settings` never get ipWhitelist = YES/],
    ['ios/Bad.swift', /without settings:/],
    ['linux/bad.c', /otc_session_new\(\) takes no settings/],
    ['react-native/Bad.tsx', /no options prop/],
    ['web/bad.js', /without options/],
    ['web/bad.ts', /set ipWhitelist: false/],
    ['windows/Bad.cs', /without IpWhitelist = true/],
  ])('%s: says what is wrong (%s)', (file, message) => {
    expect(findings.find((f) => f.file === file)?.message).toMatch(message);
  });

  it.each([
    ['android/Bad.java', 'java'],
    ['android/Bad.kt', 'kotlin'],
    ['ios/Bad.m', 'objc'],
    ['ios/Bad.swift', 'swift'],
    ['web/bad.js', undefined],
  ])('%s: the fix is the %s snippet from the platform table', (file, language) => {
    const f = findings.find((x) => x.file === file)!;
    expect(snippet(f.platform, language ? { language } : {})).toContain(f.fix);
  });
});

describe('auditTree walk', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'audit-walk-'));
    for (const dir of [...AUDIT_SKIPPED_DIRS, ...AUDIT_BUILD_DIRS, 'src']) {
      await mkdir(join(root, dir, 'deep'), { recursive: true });
      await writeFile(join(root, dir, 'deep', 'x.js'), 'OT.initSession(a, b);\n');
    }
    await writeFile(join(root, 'src', 'notes.md'), 'OT.initSession(a, b);\n');
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it(`skips ${[...AUDIT_SKIPPED_DIRS, ...AUDIT_BUILD_DIRS].join(', ')} and files that are not source`, async () => {
    const report = await auditTree(root);
    expect(report.filesScanned).toBe(1);
    expect(report.findings.map((f) => f.file)).toEqual(['src/deep/x.js']);
  });

  it('skips files larger than AUDIT_MAX_FILE_BYTES (minified bundles)', async () => {
    const big = join(root, 'src', 'big.min.js');
    await writeFile(big, `OT.initSession(a, b);${' '.repeat(AUDIT_MAX_FILE_BYTES)}`);
    try {
      const report = await auditTree(root);
      expect(report.findings.map((f) => f.file)).toEqual(['src/deep/x.js']);
    } finally {
      await rm(big);
    }
  });

  it('reads a source extension in any case (App.JS)', async () => {
    const upper = join(root, 'src', 'App.JS');
    await writeFile(upper, 'OT.initSession(a, b);\n');
    try {
      const report = await auditTree(root);
      expect(report.findings.map((f) => `${f.file} ${f.rule}`).sort()).toEqual([
        'src/App.JS js-init-session',
        'src/deep/x.js js-init-session',
      ]);
    } finally {
      await rm(upper);
    }
  });

  it('refuses a missing directory with a typed error naming it', async () => {
    await expect(auditTree(join(root, 'nope'))).rejects.toMatchObject({
      code: 'audit-dir-unreadable',
      input: join(root, 'nope'),
      path: ['dir'],
      reason: 'not a readable directory (ENOENT)',
      hint: 'Check the path and its permissions.',
    });
  });

  it('refuses a file given as the directory', async () => {
    await expect(auditTree(join(root, 'src', 'notes.md'))).rejects.toMatchObject({ code: 'audit-dir-unreadable' });
  });
});

/** Findings of one snippet as [rule, line] pairs. */
const scan = (file: string, text: string): [string, number][] => auditSource(file, text).map((f) => [f.rule, f.line]);

describe('auditSource rules, one line each', () => {
  it.each([
    // JS / TS
    ['a.js', 'OT.initSession(k, s);', [['js-init-session', 1]]],
    ['a.js', 'OT.initSession(k, s, { ipWhitelist: true });', []],
    ['a.js', 'OT.initSession(k, s, { ipWhitelist: false });', [['js-init-session', 1]]],
    ['a.js', 'OT.initSession(k, s, { ipWhitelist: "true" });', [['js-init-session', 1]]],
    ['a.js', '// video-allowlist-audit-ignore: raw SDK on purpose\nOT.initSession(k, s);', []],
    ['a.js', 'OT.initSession(k, s); /* video-allowlist-audit-ignore */', []],
    ['a.js', '// video-allowlist-audit-ignore\n\nOT.initSession(k, s);', [['js-init-session', 3]]],
    ['a.js', 'const video = allowlist - audit - ignore;\nOT.initSession(k, s);', [['js-init-session', 2]]],
    ['a.js', 'OT.initSession(k, s, { ipWhitelist: trueish });', [['js-init-session', 1]]],
    ['a.js', 'OT . initSession(k, s, {\n ipWhitelist\n :\n true })', []],
    ['a.js', 'OT.initSession(k, s, { iceConfig: { ipWhitelist: true } });', [['js-init-session', 1]]], // the SDK reads the top level only
    ['a.js', 'initSession(OT, k, s);', []],
    ['a.js', 'VideoAllowlist.initSession(OT, k, s);', []],
    ['a.js', 'myOT.initSession(k, s);', [['js-init-session', 1]]], // unverifiable: any x.initSession(a, b)
    ['a.js', 'myOT.initSession(k);', []],
    ['a.js', 'myOT.initSession(k, s, { ipWhitelist: true });', []],
    // the SDK imported under another name
    ['a.ts', "import OpenTok from '@vonage/client-sdk-video';\nOpenTok.initSession(k, s);", [['js-init-session', 2]]],
    [
      'a.ts',
      'import * as V from "@opentok/client";\nV.initSession(k, s, { ipWhitelist: true });\nV.initSession(k, s);',
      [['js-init-session', 3]],
    ],
    ['a.js', "const Vid = require('@opentok/client');\nVid.initSession(k, s);", [['js-init-session', 2]]],
    ['a.ts', "import Other from 'other-lib';\nOther.initSession(k, s);", [['js-init-session', 2]]],
    ['a.ts', "// import OpenTok from '@vonage/client-sdk-video'\nOpenTok.initSession(k, s);", [['js-init-session', 2]]],
    ['a.js', 'globalThis.OT.initSession(k, s);', [['js-init-session', 1]]],
    ['a.js', "OT['initSession'](k, s);", [['js-init-session', 1]]],
    ['a.js', 'OT["initSession"](k, s, { ipWhitelist: false });', [['js-init-session', 1]]],
    ['a.js', 'OT[`initSession`](k, s, { ipWhitelist: true });', []],
    ['a.js', "OT?.['initSession'](k, s);", [['js-init-session', 1]]],
    ['a.js', 'OT?.initSession(k, s);', [['js-init-session', 1]]],
    ['a.js', 'OT.initSession?.(k, s);', [['js-init-session', 1]]],
    ['a.js', "OT['initSessionX'](k, s);", []],
    ['a.js', 'OT[\'initSession"](k, s);', []],
    ['a.js', "const name = 'initSession';\nOT[name](k, s);", []], // a computed name: not read (the audit is a scanner)
    [
      'a.ts',
      "import OpenTok from '@vonage/client-sdk-video';\nOpenTok['initSession'](k, s);",
      [['js-init-session', 2]],
    ],
    ['a.js', 'OT.initSession(k, s, opts);', [['js-init-session', 1]]],
    // `true` must be the whole value, and the last ipWhitelist key decides (as in JS)
    ['a.js', 'OT.initSession(k, s, { ipWhitelist: true ? false : true });', [['js-init-session', 1]]],
    ['a.js', 'OT.initSession(k, s, { ipWhitelist: true && enterprise });', [['js-init-session', 1]]],
    ['a.js', 'OT.initSession(k, s, { ipWhitelist: true === flag });', [['js-init-session', 1]]],
    ['a.js', 'OT.initSession(k, s, { ipWhitelist: true, ipWhitelist: false });', [['js-init-session', 1]]],
    ['a.js', 'OT.initSession(k, s, { ipWhitelist: false, ipWhitelist: true });', []],
    ['a.js', 'OT.initSession(k, s, { ipWhitelist: true, other: ipWhitelist });', []],
    ['a.ts', 'OT.initSession(k, s, { ipWhitelist: true as const });', []],
    ['a.js', 'OT.initSession(k, s, { ipWhitelist: true, ...userOptions });', [['js-init-session', 1]]],
    ['a.js', 'OT.initSession(k, s, { ...userOptions, ipWhitelist: true });', []],
    // a variable set to true in one place and to something else in another cannot be vouched for
    [
      'a.js',
      'let o = { ipWhitelist: true };\nif (dev) o = { ipWhitelist: false };\nOT.initSession(k, s, o);',
      [['js-init-session', 3]],
    ],
    [
      'a.js',
      'const o = { ipWhitelist: true };\no.ipWhitelist = false;\nOT.initSession(k, s, o);',
      [['js-init-session', 3]],
    ],
    ['a.js', 'const o = { ipWhitelist: true };\no.ipWhitelist = true;\nOT.initSession(k, s, o);', []],
    [
      'A.swift',
      'st.ipWhitelist = true\nif dev { st.ipWhitelist = false }\nlet s = OTSession(apiKey: k, sessionId: i, delegate: self, settings: st)',
      [['ios-swift-otsession', 3]],
    ],
    [
      'A.m',
      'st.ipWhitelist = YES;\n[st setIpWhitelist:NO];\ns = [[OTSession alloc] initWithApiKey:k sessionId:i delegate:self settings:st];',
      [['ios-objc-otsession', 3]],
    ],
    [
      'A.java',
      'Session.Builder b = new Session.Builder(c, k, i);\nb.setIpWhitelist(true);\nif (dev) b.setIpWhitelist(false);\nreturn b.build();',
      [['android-session-builder', 1]],
    ],
    [
      'A.cs',
      'var b = new Session.Builder(Context.Instance, k, i);\nb.IpWhitelist = true;\nb.IpWhitelist = dev;\nvar s = b.Build();',
      [['windows-session-builder', 1]],
    ],
    [
      'a.c',
      'otc_session_settings_set_ip_whitelist(st, OTC_TRUE);\nif (dev) otc_session_settings_set_ip_whitelist(st, OTC_FALSE);\ns = otc_session_new_with_settings(k, i, &cb, st);',
      [['linux-otc-session-settings', 3]],
    ],
    ['a.js', 'OT.initSession(k, s, { ipWhitelist: true, iceConfig: { ...ice } });', []],
    ['a.js', 'const o = { ipWhitelist: true || x };\nOT.initSession(k, s, o);', [['js-init-session', 2]]],
    ['a.js', 'let opts = { ipWhitelist: true };\nOT.initSession(k, s, opts);', []],
    ['a.js', 'this.opts = { ipWhitelist: false };\nOT.initSession(k, s, this.opts);', [['js-init-session', 2]]],
    ['a.ts', 'const o: Opts = { ipWhitelist: true };\nOT.initSession(k, s, o);', []],
    ['a.ts', 'OT.initSession(k, s, withIpWhitelist(o));', []],
    ['a.ts', 'OT.initSession(k, s, getOptions());', [['js-init-session', 1]]],
    ['a.ts', '// OT.initSession(k, s)\n/* OT.initSession(k, s) */\nconst x = "OT.initSession(k, s)";', []],
    ['a.ts', 'const x = `\nOT.initSession(k, s)\n`;\nOT.initSession(k, s);', [['js-init-session', 4]]],
    ['a.ts', "const q = 'it\\'s';\nOT.initSession(k, s);", [['js-init-session', 2]]],
    ['a.ts', 'const q = "a\\" OT.initSession(k, s) \\"b";', []], // an escaped quote does not end the string
    ['a.ts', '<OTSession apiKey={k} />', [['react-native-otsession', 1]]], // .ts has no JSX: does not parse, unverifiable
    // React Native
    ['A.tsx', '<OTSession apiKey={k} sessionId={s} token={t} />', [['react-native-otsession', 1]]],
    ['A.jsx', '<OTSession options={{ ipWhitelist: true }} />', []],
    ['A.js', 'return <OTSession\n  options={{ ipWhitelist: false }}\n/>;', [['react-native-otsession', 1]]],
    ['A.tsx', "<>\n<Text>Don't</Text>\n<OTSession options={{ ipWhitelist: true }}></OTSession>\n</>", []],
    ['A.tsx', 'const r = useRef<OTSession>(null);', []],
    ['A.tsx', '<OTSessionManager />', []],
    ['A.tsx', '<OTSession onX={() => a > b} options={withIpWhitelist(o)} />', []],
    // iOS
    ['A.swift', 'let s = OTSession(apiKey: k, sessionId: i, delegate: self)', [['ios-swift-otsession', 1]]],
    [
      'A.swift',
      'let s = OTSession(apiKey: k, sessionId: i, delegate: self, settings: nil)',
      [['ios-swift-otsession', 1]],
    ],
    [
      'A.swift',
      'let st = OTSessionSettings()\nlet s = OTSession(apiKey: k, sessionId: i, delegate: self, settings: st)',
      [['ios-swift-otsession', 2]],
    ],
    ['A.swift', 'st.ipWhitelist = true\nlet s = OTSession(apiKey: k, sessionId: i, delegate: self, settings: st)', []],
    ['A.swift', 'var s: OTSession?\nlet t = OTSessionSettings()', []],
    [
      'A.swift',
      'st.ipWhitelist = true && enterprise\nlet s = OTSession(apiKey: k, sessionId: i, delegate: self, settings: st)',
      [['ios-swift-otsession', 2]],
    ],
    [
      'A.swift',
      'if a { st.ipWhitelist = true }\nlet s = OTSession(apiKey: k, sessionId: i, delegate: self, settings: st)',
      [],
    ],
    ['A.swift', 'st.ipWhitelist = true; let s = OTSession(apiKey: k, sessionId: i, delegate: self, settings: st)', []],
    ['A.m', 's = [[OTSession alloc] initWithApiKey:k sessionId:i delegate:self];', [['ios-objc-otsession', 1]]],
    [
      'A.m',
      '[st setIpWhitelist:YES];\ns = [[OTSession alloc] initWithApiKey:k sessionId:i delegate:self settings:st];',
      [],
    ],
    [
      'A.m',
      'st.ipWhitelist = YES && enterprise;\ns = [[OTSession alloc] initWithApiKey:k sessionId:i delegate:self settings:st];',
      [['ios-objc-otsession', 2]],
    ],
    [
      'A.m',
      'st.ipWhitelist = YES;\ns = [[OTSession alloc] initWithApiKey:k sessionId:i delegate:self settings:st];',
      [],
    ],
    [
      'A.m',
      'st.ipWhitelist = NO;\ns = [[OTSession alloc] initWithApiKey:k sessionId:i delegate:self settings:st];',
      [['ios-objc-otsession', 2]],
    ],
    // Android
    ['A.kt', 'val s = Session.Builder(c, k, i).build()', [['android-session-builder', 1]]],
    ['A.kt', 'val s = Session.Builder(c, k, i).setIpWhitelist(true).build()', []],
    [
      'A.kt',
      'val s = Session.Builder(c, k, i).setIpWhitelist(true).setIpWhitelist(false).build()',
      [['android-session-builder', 1]],
    ],
    ['A.kt', 'val s = Session.Builder(c, k, i).setIpWhitelist(false).setIpWhitelist(true).build()', []],
    ['A.java', 'Session s = new Session.Builder(c, k, i)\n  .setIpWhitelist(true)\n  .build();', []],
    [
      'A.java',
      'Session.Builder b = new Session.Builder(c, k, i);\nreturn b.build();',
      [['android-session-builder', 1]],
    ],
    ['A.java', 'String t = "Session.Builder(c, k, i)";', []],
    ['A.java', 'String t = """\nSession.Builder(c, k, i)\n""";', []], // a Java text block
    // Windows
    ['A.cs', 'var s = new Session(Context.Instance, k, i);', [['windows-session', 1]]],
    ['A.cs', 'var s = new Session(Context.Instance, k, i, ipWhitelist: false);', [['windows-session', 1]]],
    ['A.cs', 'var s = new Session(Context.Instance, k, i, ipWhitelist: true);', []],
    ['A.cs', 'var s = new Session(Context.Instance, k, i, ipWhitelist: true == enterprise);', [['windows-session', 1]]],
    [
      'A.cs',
      'var s = new Session.Builder(Context.Instance, k, i) { IpWhitelist = true && enterprise }.Build();',
      [['windows-session-builder', 1]],
    ],
    [
      'A.cs',
      'var b = new Session.Builder(Context.Instance, k, i);\nb.IpWhitelist = true || x;\nvar s = b.Build();',
      [['windows-session-builder', 1]],
    ],
    ['A.cs', 'var s = new Session.Builder(Context.Instance, k, i) { IpWhitelist = true }.Build();', []],
    ['A.cs', 'var b = new Session.Builder(Context.Instance, k, i);\nb.IpWhitelist = true;\nvar s = b.Build();', []],
    ['A.cs', 'var s = new Session.Builder(Context.Instance, k, i).Build();', [['windows-session-builder', 1]]],
    ['A.cs', 'var t = @"new Session(a, b)\n"" new Session(c)";', []],
    ['A.cs', 'var t = @$"x\nnew Session(a, b)";', []], // an interpolated verbatim string (@$ as well as $@) spans lines too
    // Linux
    ['a.c', 'otc_session *s = otc_session_new(k, i, &cb);', [['linux-otc-session-new', 1]]],
    ['a.cpp', 'auto s = otc_session_new_with_settings(k, i, &cb, st);', [['linux-otc-session-settings', 1]]],
    [
      'a.cpp',
      'otc_session_settings_set_ip_whitelist(st, OTC_TRUE);\nauto s = otc_session_new_with_settings(k, i, &cb, st);',
      [],
    ],
    [
      'a.c',
      'otc_session_settings_set_ip_whitelist(st, OTC_FALSE);\ns = otc_session_new_with_settings(k, i, &cb, st);',
      [['linux-otc-session-settings', 2]],
    ],
    ['a.c', 's = otc_session_new_with_settings(k, i, &cb, NULL);', [['linux-otc-session-settings', 1]]],
    ['a.h', 'otc_session *otc_session_settings_new(void);', []],
    // Files the audit does not read
    ['README.md', 'OT.initSession(k, s);', []],
    ['Makefile', 'otc_session_new(', []],
  ] as [string, string, [string, number][]][])('%s: %j → %j', (file, text, expected) => {
    expect(scan(file, text)).toEqual(expected);
  });

  it('every rule in AUDIT_RULES is exercised by a finding above', () => {
    expect(AUDIT_RULES.map((r) => r.id).sort()).toEqual([
      'android-session-builder',
      'ios-objc-otsession',
      'ios-swift-otsession',
      'js-init-session',
      'js-init-session-reference',
      'js-session-constructor',
      'linux-otc-session-new',
      'linux-otc-session-settings',
      'react-native-otsession',
      'web-otsession',
      'windows-session',
      'windows-session-builder',
    ]);
  });

  it.each(PLATFORMS.flatMap((p) => p.snippets.map((s) => [p.id, s.language, s.code] as const)))(
    'the %s %s snippet from the platform table passes the audit',
    (_platform, language, code) => {
      const ext = { js: 'js', tsx: 'tsx', swift: 'swift', objc: 'm', kotlin: 'kt', java: 'java', csharp: 'cs', c: 'c' }[
        language
      ];
      expect(auditSource(`snippet.${ext}`, code)).toEqual([]);
      expect(auditSource(`snippet.${ext}`, code.replace(/true|YES|OTC_TRUE/g, 'false'))).not.toEqual([]);
    },
  );

  it.each([
    ['{ ipWhitelist }', /take ipWhitelist from a variable of the same name, which the audit cannot check/],
    ['{ ipWhitelist: flag }', /take ipWhitelist from `flag`, which the audit cannot check/],
    ['{ ipWhitelist: "true" }', /take ipWhitelist from a string, which the audit cannot check/],
    ['{ ipWhitelist: false }', /set ipWhitelist: false\./],
    ['{ iceConfig }', /have no ipWhitelist: true\./],
    ['{ ipWhitelist: true, ...rest }', /spread `\.\.\.rest` after ipWhitelist, which may set it again/],
  ])('OT.initSession(k, s, %s): says why it fails', (options, message) => {
    const [finding] = auditSource('a.js', `OT.initSession(k, s, ${options});`);
    expect(finding?.message).toMatch(message);
  });

  it('reports the file as given and 1-based columns', () => {
    expect(auditSource('x/y.js', '\n  OT.initSession(a, b)')[0]).toMatchObject({ file: 'x/y.js', line: 2, column: 3 });
  });
});
