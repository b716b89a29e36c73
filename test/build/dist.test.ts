/**
 * The built package, as users get it: ESM and CJS imported in a plain Node child process (no
 * `window`, no SDK), and the IIFE evaluated after the SDK's own script in a happy-dom window.
 * Needs `dist/` (`npm run build`; the CI script builds before the tests).
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  connectAndCollect,
  openBlankWindow,
  openSdkWindow,
  opentokSource,
  standInProperties,
  startStandIn,
  type SdkWindow,
  type StandIn,
} from '../support/opentok.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DIST = {
  esm: resolve(REPO, 'dist/index.js'),
  cjs: resolve(REPO, 'dist/index.cjs'),
  iife: resolve(REPO, 'dist/video-allowlist.min.js'),
};
const SDK_NAMES = [
  'initSession',
  'guard',
  'findOpenTok',
  'sdkVersion',
  'assertSupportedSdk',
  'allowlistBuild',
  'MINIMUM_SDK_VERSION',
];
const ERROR_NAMES = [
  'VideoAllowlistError',
  'OpenTokNotFoundError',
  'UnsupportedSdkVersionError',
  'AllowlistPolicyError',
  'SdkArgumentError',
  'SdkPatchError',
];
/** In the IIFE besides the sdk: the page's preflight and list, and their errors. */
const PAGE_NAMES = [
  'runPreflight',
  'formatReport',
  'PreflightOptionError',
  'AllowedIpList',
  'AddressParseError',
  'ListEntryError',
  'ListParseError',
];
/** For servers and terminals: in the npm entries, not in the IIFE. */
const LEFT_OUT = [
  'PLATFORMS',
  'snippet',
  'AUDIT_RULES',
  'diffLists',
  'formatDiff',
  'exportRules',
  'EXPORT_FORMATS',
  'runPreflightWith',
  'parseAddress',
];

/** The backticked names in the "In the global:" list of src/browser.ts's TSDoc, sorted. */
function iifeNamesInTsdoc(): string[] {
  const doc = readFileSync(resolve(REPO, 'src/browser.ts'), 'utf8');
  const part = doc.slice(doc.indexOf('In the global:'), doc.indexOf('Left out'));
  return [...new Set([...part.matchAll(/`([A-Za-z_]+)`/g)].map((m) => m[1]!))].sort();
}

/** The backticked names in the first column of docs/bundle.md's "Left out" table, sorted. */
function leftOutNamesInDocs(): string[] {
  const doc = readFileSync(resolve(REPO, 'docs/bundle.md'), 'utf8');
  const part = doc.slice(doc.indexOf('## Left out'), doc.indexOf('## Sizes'));
  const firstColumns = [...part.matchAll(/^\| ([^|]+) \|/gm)].map((m) => m[1]!).join(' ');
  return [...new Set([...firstColumns.matchAll(/`([A-Za-z_]+)`/g)].map((m) => m[1]!))].sort();
}

/** The names in docs/bundle.md's tables of the two scripts' globals (first column, backticked), sorted. */
function iifeNamesInDocs(): string[] {
  const doc = readFileSync(resolve(REPO, 'docs/bundle.md'), 'utf8');
  const part = doc.slice(doc.indexOf('## The call page'), doc.indexOf('## Left out'));
  return [...part.matchAll(/^\| `([A-Za-z_]+)`/gm)].map((m) => m[1]!).sort();
}

beforeAll(() => {
  const missing = Object.values(DIST).filter((f) => !existsSync(f));
  if (missing.length)
    throw new Error(`${missing.join(', ')} missing: run \`npm run build\` (npx rollup -c) before test/build.`);
});

/**
 * A script for a plain Node child process: loads the package with `load`, then drives the built
 * `initSession` and `guard` with a tiny OT of its own, and prints one JSON line.
 */
const childScript = (load: string): string => `
${load}
const cache = new Map();
const calls = [];
const OT = {
  version: 'v2.35.2',
  sessions: { get: (id) => cache.get(id) },
  initSession(apiKey, sessionId, options) {
    calls.push(options);
    let s = cache.get(sessionId);
    if (!s) cache.set(sessionId, (s = { sessionId, options }));
    return s;
  },
};
m.initSession(OT, 'k', 's1', { encryptionSecret: 'e' }, { onWarning() {} });
let refused = null;
try { m.initSession(OT, 'k', 's2', { ipWhitelist: false }); } catch (e) { refused = { code: e.code, base: e instanceof m.VideoAllowlistError }; }
const unguard = m.guard(OT, { onWarning() {} });
OT.initSession('k', 's3');
unguard();
let notFound = null;
try { m.findOpenTok(); } catch (e) { notFound = e.code; }
const loadedSdk = typeof require === 'function' && Object.keys(require.cache).some((k) => k.includes('client-sdk-video'));
console.log(JSON.stringify({
  window: typeof window, self: typeof self,
  names: Object.keys(m).sort(),
  calls, refused, notFound, loadedSdk,
}));
`;

const run = promisify(execFile);
/** Runs `node ...args` in `cwd` (default: a temp dir outside the package) with a bare environment. */
async function inChild(args: string[], cwd = tmpdir()): Promise<Record<string, unknown>> {
  const { stdout, stderr } = await run(process.execPath, args, {
    cwd,
    env: { PATH: process.env['PATH'] ?? '' },
    timeout: 20_000,
  });
  expect(stderr).toBe('');
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
}

function expectWorking(r: Record<string, unknown>): void {
  expect(r['window']).toBe('undefined');
  expect(r['self']).toBe('undefined');
  expect(r['names']).toEqual(expect.arrayContaining([...SDK_NAMES, ...ERROR_NAMES, ...PAGE_NAMES, ...LEFT_OUT]));
  expect(r['calls']).toEqual([{ encryptionSecret: 'e', ipWhitelist: true }, { ipWhitelist: true }]);
  expect(r['refused']).toEqual({ code: 'allowlist-option-refused', base: true });
  expect(r['notFound']).toBe('opentok-not-found');
  expect(r['loadedSdk']).toBe(false);
}

describe('the built ESM and CJS in plain Node (no window, no SDK)', () => {
  it('import(dist/index.js) works', async () => {
    expectWorking(
      await inChild(['--input-type=module', '-e', childScript(`const m = await import(${JSON.stringify(DIST.esm)});`)]),
    );
  });

  it('require(dist/index.cjs) works', async () => {
    expectWorking(await inChild(['-e', childScript(`const m = require(${JSON.stringify(DIST.cjs)});`)]));
  });

  it('the package name resolves through the exports map: import → dist/index.js, require → dist/index.cjs', async () => {
    // Package self-reference: code inside the package (cwd REPO) loads it by its own name.
    const esm = childScript(
      `const m = await import('vonage-video-allowlist');` +
        ` if (import.meta.resolve('vonage-video-allowlist') !== ${JSON.stringify(`file://${DIST.esm}`)}) throw new Error('import resolved to ' + import.meta.resolve('vonage-video-allowlist'));`,
    );
    expectWorking(await inChild(['--input-type=module', '-e', esm], REPO));
    const cjs = childScript(
      `const m = require('vonage-video-allowlist');` +
        ` if (require.resolve('vonage-video-allowlist') !== ${JSON.stringify(DIST.cjs)}) throw new Error('require resolved to ' + require.resolve('vonage-video-allowlist'));`,
    );
    expectWorking(await inChild(['-e', cjs], REPO));
  });
});

describe("the built ESM in a consumer's minified bundle (esbuild, identifiers mangled)", () => {
  it('every exported error class keeps its own name, so a logged error reads "ListParseError: ...", not "t: ..."', async () => {
    const { build } = await import('esbuild');
    const source = `import * as m from ${JSON.stringify(DIST.esm)};
      export const names = Object.keys(m).filter((k) => /Error$/.test(k)).map((k) => [k, m[k].name]);`;
    const out = await build({
      stdin: { contents: source, resolveDir: REPO, loader: 'js' },
      bundle: true,
      format: 'esm',
      minify: true,
      write: false,
      platform: 'node',
      external: ['ws'],
    });
    const code = out.outputFiles[0]!.text;
    const { names } = (await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`)) as {
      names: Array<[string, string]>;
    };
    expect(names.length).toBeGreaterThanOrEqual(ERROR_NAMES.length + 4);
    for (const [key, name] of names) expect(name, key).toBe(key);
  });
});

describe('the IIFE after the SDK’s own script in a happy-dom window', () => {
  let standIn: StandIn;
  const windows: Pick<SdkWindow, 'close'>[] = [];
  const iife = (): string => readFileSync(DIST.iife, 'utf8');

  beforeAll(async () => {
    standIn = await startStandIn();
  });
  afterEach(async () => {
    await Promise.all(windows.splice(0).map((w) => w.close()));
  });
  afterAll(async () => {
    await standIn?.close();
  });

  it('exposes VideoAllowlist with exactly the names src/browser.ts and docs/bundle.md list, and changes nothing until guard() is called', () => {
    const w = openSdkWindow(standIn);
    windows.push(w);
    const original = w.OT.initSession;
    w.evaluate(iife());
    const VA = w.window['VideoAllowlist'] as Record<string, unknown>;
    const documented = iifeNamesInTsdoc();
    expect(documented).toEqual(expect.arrayContaining([...SDK_NAMES, ...ERROR_NAMES, ...PAGE_NAMES]));
    expect(iifeNamesInDocs()).toEqual(documented);
    expect(Object.keys(VA).sort()).toEqual(documented);
    for (const name of LEFT_OUT) expect(VA, name).not.toHaveProperty(name);
    expect(w.OT.initSession).toBe(original);
    expect((VA['sdkVersion'] as () => string)()).toBe(w.OT.version);
  });

  it("carries none of the Node transport's own hint words (refused, dns, tls, proxy codes): a page cannot produce those codes", () => {
    // The Node build still has them (transports/node/hints.ts, proxy/hints.ts, given as Transport.hint).
    const words = [
      'does not resolve: check the name',
      'the handshake was refused (TLS version',
      'percent-encode @',
      'many proxies allow CONNECT to port 443 only',
      'nothing listens on that port',
    ];
    const dist = dirname(DIST.esm);
    const node = readdirSync(dist, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.js') && !f.endsWith('.min.js') && f !== 'cli.js')
      .map((f) => readFileSync(resolve(dist, f), 'utf8'))
      .join('');
    for (const w of words) {
      expect(iife(), w).not.toContain(w);
      expect(node, w).toContain(w);
    }
  });

  it('places every name of the main entry: in the IIFE, or in docs/bundle.md\'s "Left out" table, never both', async () => {
    const esm = Object.keys((await import(DIST.esm)) as Record<string, unknown>).sort();
    const inIife = iifeNamesInTsdoc();
    const leftOut = leftOutNamesInDocs();
    expect(
      leftOut.filter((n) => inIife.includes(n)),
      'both in the IIFE and left out',
    ).toEqual([]);
    const placed = new Set([...inIife, ...leftOut]);
    expect(
      esm.filter((n) => !placed.has(n)),
      'exports with no place: add each to src/browser.ts and a docs/bundle.md table of a script, or to docs/bundle.md "Left out"',
    ).toEqual([]);
    expect(
      [...placed].filter((n) => !esm.includes(n)),
      'documented names the main entry does not export',
    ).toEqual([]);
  });

  it('every error class in the global keeps its own name after minification (err.name is "SdkArgumentError", not a mangled "s")', () => {
    const w = openBlankWindow();
    windows.push(w);
    w.evaluate(iife());
    const names = w.window.eval(
      `Object.keys(VideoAllowlist).filter(function (k) { return /Error$/.test(k); }).map(function (k) {
        var C = VideoAllowlist[k];
        return [k, C.name, Object.create(C.prototype).constructor.name];
      })`,
    ) as Array<[string, string, string]>;
    expect(names.map(([k]) => k)).toEqual(
      expect.arrayContaining([
        ...ERROR_NAMES,
        'PreflightOptionError',
        'AddressParseError',
        'ListEntryError',
        'ListParseError',
      ]),
    );
    for (const [key, name] of names) expect(name, key).toBe(key);
    const thrown = w.window.eval(
      `(function () { try { VideoAllowlist.findOpenTok(); } catch (e) { return [e.name, String(e).split(':')[0]]; } })()`,
    ) as unknown;
    expect(thrown).toEqual(['OpenTokNotFoundError', 'OpenTokNotFoundError']);
  });

  it('VideoAllowlist.AllowedIpList reads a list and checks an address; a bad line is a ListParseError naming it', () => {
    const w = openBlankWindow();
    windows.push(w);
    w.evaluate(iife());
    const result = w.window.eval(
      `(function () {
        var list = VideoAllowlist.AllowedIpList.fromText('TURN servers\\n203.0.113.0/24 - relay\\n');
        var hit = list.check('203.0.113.7'), miss = list.check('198.51.100.1');
        var bad = null;
        try { VideoAllowlist.AllowedIpList.fromText('Media servers\\n300.1.2.3/32\\n'); } catch (e) {
          bad = [e instanceof VideoAllowlist.ListParseError, e instanceof VideoAllowlist.VideoAllowlistError, e.code, /300\\.1\\.2\\.3/.test(e.message)];
        }
        return [hit.allowed, hit.category, miss.allowed, bad];
      })()`,
    ) as unknown;
    expect(result).toEqual([true, 'turn', false, [true, true, expect.any(String), true]]);
  });

  it('VideoAllowlist.runPreflight rejects bad options with VideoAllowlist.PreflightOptionError, and formatReport is there', async () => {
    const w = openBlankWindow();
    windows.push(w);
    w.evaluate(iife());
    const code = await (w.window.eval(
      `VideoAllowlist.runPreflight({ timeoutMs: -1 }).then(function () { return 'resolved'; }, function (e) {
        return e instanceof VideoAllowlist.PreflightOptionError && e instanceof VideoAllowlist.VideoAllowlistError ? e.code : String(e);
      })`,
    ) as Promise<string>);
    expect(code).toBe('invalid-option');
    expect(typeof (w.window['VideoAllowlist'] as Record<string, unknown>)['formatReport']).toBe('function');
  });

  it('VideoAllowlist.guard() with no argument guards window.OT: a raw OT.initSession posts "ipWhitelist":true', async () => {
    const w = openSdkWindow(standIn);
    windows.push(w);
    w.evaluate(iife());
    // As a page would write it, in the page's own scope:
    w.evaluate(`window.__unguard = VideoAllowlist.guard(undefined, { onWarning: function () {} });`);
    const id = `1_MX4xMjM0NX5-iife-${process.pid}`;
    w.evaluate(`window.__session = OT.initSession('12345', ${JSON.stringify(id)});`);
    const refused = w.window.eval(
      `(function () { try { OT.initSession('12345', 'other', { ipWhitelist: false }); return null; } catch (e) { return [e.code, e instanceof VideoAllowlist.AllowlistPolicyError]; } })()`,
    ) as unknown;
    expect(refused).toEqual(['allowlist-option-refused', true]);
    const events = await connectAndCollect(w.window['__session'] as never, standIn);
    expect(events.find((e) => e.variation === 'Failure')).toMatchObject({ sessionId: id, ipWhitelist: true });
    (w.window['__unguard'] as () => void)();
  });

  it('loads before the SDK too: guard() first says how to pass OT, then guards the SDK loaded after it', () => {
    const w = openBlankWindow();
    windows.push(w);
    w.evaluate(iife());
    const tryGuard = `(function () { try { window.__unguard = VideoAllowlist.guard(undefined, { onWarning: function () {} }); return 'guarded'; } catch (e) { return e.code + ': ' + e.message; } })()`;
    expect(w.window.eval(tryGuard)).toMatch(/^opentok-not-found: No OpenTok\.js at globalThis\.OT: pass OT/);
    w.evaluate(opentokSource());
    // As openSdkWindow does: the SDK's own hosts (its logging goes to hlg.tokbox.com) point at the stand-in.
    (w.window['OT'] as { setProxyUrl(url: string): void }).setProxyUrl(standIn.origin);
    w.window['OTProperties'] = standInProperties(standIn);
    expect(w.window.eval(tryGuard)).toBe('guarded');
    w.evaluate(`window.__session = OT.initSession('12345', 'late-sdk');`);
    const seen = w.window.eval(`OT.sessions.get('late-sdk') === window.__session`) as unknown;
    expect(seen).toBe(true);
    expect(() => w.evaluate(`OT.initSession('12345', 'late-sdk-2', { ipWhitelist: 'true' })`)).toThrow(
      /options\.ipWhitelist is "true"/,
    );
    (w.window['__unguard'] as () => void)();
  });
});
