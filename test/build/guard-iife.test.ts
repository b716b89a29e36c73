/**
 * The call page's script, `dist/video-allowlist-guard.min.js`, after the SDK's own script in a
 * happy-dom window: the global `VideoAllowlist` holds exactly the names src/browser-guard.ts and
 * docs/bundle.md list (enforcement and its errors), all of them also in the full script's global
 * with the same meaning, and `guard()` makes a raw `OT.initSession` post `"ipWhitelist":true`.
 * Needs `dist/` (`npm run build`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  connectAndCollect,
  openBlankWindow,
  openSdkWindow,
  startStandIn,
  type SdkWindow,
  type StandIn,
} from '../support/opentok.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const GUARD = resolve(REPO, 'dist/video-allowlist-guard.min.js');
const FULL = resolve(REPO, 'dist/video-allowlist.min.js');

/** What the call page needs: enforcement, the version gate, the build check and their errors. */
const GUARD_NAMES = [
  'AllowlistPolicyError',
  'MINIMUM_SDK_VERSION',
  'OpenTokNotFoundError',
  'SdkArgumentError',
  'SdkPatchError',
  'UnsupportedSdkVersionError',
  'VideoAllowlistError',
  'allowlistBuild',
  'assertSupportedSdk',
  'findOpenTok',
  'guard',
  'initSession',
  'sdkVersion',
];

/** The backticked names of the "In the global:" list of src/browser-guard.ts's TSDoc, sorted. */
function namesInTsdoc(): string[] {
  const doc = readFileSync(resolve(REPO, 'src/browser-guard.ts'), 'utf8');
  const part = doc.slice(doc.indexOf('In the global:'), doc.indexOf('Why and the sizes'));
  return [...new Set([...part.matchAll(/`([A-Za-z_]+)`/g)].map((m) => m[1]!))].sort();
}

/** The names in docs/bundle.md's table of the guard script's global (first column, backticked), sorted. */
function namesInDocs(): string[] {
  const doc = readFileSync(resolve(REPO, 'docs/bundle.md'), 'utf8');
  const part = doc.slice(doc.indexOf('## The call page'), doc.indexOf('## The precall page'));
  return [...part.matchAll(/^\| `([A-Za-z_]+)`/gm)].map((m) => m[1]!).sort();
}

let standIn: StandIn;
const windows: Array<{ close(): Promise<void> }> = [];

beforeAll(async () => {
  for (const f of [GUARD, FULL])
    if (!existsSync(f)) throw new Error(`${f} is missing: run \`npm run build\` before test/build.`);
  standIn = await startStandIn();
});
afterEach(async () => {
  await Promise.all(windows.splice(0).map((w) => w.close()));
});
afterAll(async () => {
  await standIn?.close();
});

function withSdk(script: string): SdkWindow {
  const w = openSdkWindow(standIn);
  windows.push(w);
  w.evaluate(readFileSync(script, 'utf8'));
  return w;
}

describe('the guard script (dist/video-allowlist-guard.min.js)', () => {
  it('exposes VideoAllowlist with exactly the names src/browser-guard.ts and docs/bundle.md list, and patches nothing by itself', () => {
    const w = openSdkWindow(standIn);
    windows.push(w);
    const original = w.OT.initSession;
    w.evaluate(readFileSync(GUARD, 'utf8'));
    const names = Object.keys(w.window['VideoAllowlist'] as object).sort();
    expect(names).toEqual(GUARD_NAMES);
    expect(namesInTsdoc()).toEqual(GUARD_NAMES);
    expect(namesInDocs()).toEqual(GUARD_NAMES);
    expect(w.OT.initSession).toBe(original);
  });

  it('holds no preflight and no list: those are the full script’s', () => {
    const w = withSdk(GUARD);
    const VA = w.window['VideoAllowlist'] as Record<string, unknown>;
    for (const name of ['runPreflight', 'formatReport', 'AllowedIpList', 'PreflightOptionError'])
      expect(VA, name).not.toHaveProperty(name);
  });

  it('is a subset of the full script: every name is there too, of the same kind', () => {
    const guardW = withSdk(GUARD);
    const fullW = withSdk(FULL);
    const g = guardW.window['VideoAllowlist'] as Record<string, unknown>;
    const f = fullW.window['VideoAllowlist'] as Record<string, unknown>;
    for (const name of GUARD_NAMES) {
      expect(f, name).toHaveProperty(name);
      expect(typeof f[name], name).toBe(typeof g[name]);
    }
    expect(f['MINIMUM_SDK_VERSION']).toBe(g['MINIMUM_SDK_VERSION']);
  });

  it('every error class keeps its name after minification, and a missing OT says how to pass one', () => {
    const w = openBlankWindow();
    windows.push(w);
    w.evaluate(readFileSync(GUARD, 'utf8'));
    const names = w.window.eval(
      `Object.keys(VideoAllowlist).filter(function (k) { return /Error$/.test(k); }).map(function (k) { return [k, VideoAllowlist[k].name]; })`,
    ) as Array<[string, string]>;
    expect(names).toHaveLength(6);
    for (const [key, name] of names) expect(name, key).toBe(key);
    const thrown = w.window.eval(
      `(function () { try { VideoAllowlist.guard(); } catch (e) { return [e.name, e.code, e.message, e instanceof VideoAllowlist.VideoAllowlistError]; } })()`,
    ) as [string, string, string, boolean];
    expect(thrown.slice(0, 2)).toEqual(['OpenTokNotFoundError', 'opentok-not-found']);
    expect(thrown[2]).toMatch(/^No OpenTok\.js at globalThis\.OT: pass OT/);
    expect(thrown[3]).toBe(true);
  });

  it('VideoAllowlist.guard() makes a raw OT.initSession carry ipWhitelist: true to the Connect event, and refuses false', async () => {
    const w = withSdk(GUARD);
    w.evaluate(`window.__unguard = VideoAllowlist.guard(undefined, { onWarning: function () {} });`);
    const id = `1_MX4xMjM0NX5-guard-iife-${process.pid}`;
    w.evaluate(`window.__session = OT.initSession('12345', ${JSON.stringify(id)});`);
    const refused = w.window.eval(
      `(function () { try { OT.initSession('12345', 'other', { ipWhitelist: false }); return null; } catch (e) { return [e.code, e instanceof VideoAllowlist.AllowlistPolicyError]; } })()`,
    ) as unknown;
    expect(refused).toEqual(['allowlist-option-refused', true]);
    const events = await connectAndCollect(w.window['__session'] as never, standIn);
    expect(events.find((e) => e.variation === 'Failure')).toMatchObject({ sessionId: id, ipWhitelist: true });
    (w.window['__unguard'] as () => void)();
  });

  it('refuses an SDK older than 2.15.0 with the versions found and required', () => {
    const w = openBlankWindow();
    windows.push(w);
    w.evaluate(readFileSync(GUARD, 'utf8'));
    w.evaluate(`window.OT = { version: 'v2.14.9', initSession: function () { return {}; } };`);
    const r = w.window.eval(
      `(function () { try { VideoAllowlist.guard(); return null; } catch (e) { return [e.name, e.found, e.required]; } })()`,
    ) as unknown;
    expect(r).toEqual(['UnsupportedSdkVersionError', 'v2.14.9', '2.15.0']);
  });
});
