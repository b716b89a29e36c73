/**
 * The bundler example (`examples/bundler/`): its own rollup config builds `src/main.js`, which imports
 * `vonage-video-allowlist` by name, with the package installed the npm way (a `node_modules` link to
 * this repository, so node-resolve goes through the package's `exports` map to the built dist). The
 * built page then runs in Debian's Chromium against the local environment, under `script-src 'self'`.
 */
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { rollup, type OutputOptions, type Plugin, type RollupLog, type RollupOptions } from 'rollup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type ChromiumHandle } from '../support/chromium.js';
import { startLocalEnv, type LocalEnv } from '../support/local-env/index.js';
import { startStaticServer, type StaticServer } from '../support/static-server.js';
import { REPO, requireDist } from '../preflight/browser/harness.js';
import { INSTRUMENT } from '../preflight/browser/instrument.js';

const EXAMPLE = resolve(REPO, 'examples/bundler');
const PACKAGE = 'vonage-video-allowlist';
const OUT = resolve(REPO, 'test-output');

/** A stand-in for the SDK's `OT` where the library looks (version, session cache, build config); records calls. */
const FAKE_OT = `(() => {
  window.__otCalls = [];
  const ot = {
    sessions: { get: () => undefined },
    _: { StaticConfig: { onlyLocal: () => ({ ipWhitelistConfigUrl: '' }) } },
    initSession(apiKey, sessionId, options) {
      window.__otCalls.push([apiKey, sessionId, options]);
      return { apiKey, sessionId, options };
    },
  };
  Object.defineProperty(ot, 'version', { value: 'v2.35.2' });
  window.OT = ot;
})();`;

/**
 * Resolves the package name as if imported from an app whose `node_modules` holds the package: the
 * example's own node-resolve then picks the file through the package's `exports` map.
 */
function installedAt(appDir: string): Plugin {
  return {
    name: 'installed-package',
    resolveId(source, _importer, options) {
      if (source !== PACKAGE && !source.startsWith(`${PACKAGE}/`)) return null;
      return this.resolve(source, join(appDir, 'main.js'), { ...options, skipSelf: true });
    },
  };
}

let app: string;
let code: string;
let watched: string[];
const warnings: RollupLog[] = [];
let env: LocalEnv;
let browser: ChromiumHandle;
let site: StaticServer;

beforeAll(async () => {
  requireDist('index.js');
  app = mkdtempSync(join(tmpdir(), 'vva-bundler-app-'));
  mkdirSync(join(app, 'node_modules'));
  symlinkSync(REPO, join(app, 'node_modules', PACKAGE), 'dir');
  const config = (await import(resolve(EXAMPLE, 'rollup.config.mjs'))).default as RollupOptions & {
    output: OutputOptions;
  };
  const bundle = await rollup({
    ...config,
    plugins: [installedAt(app), ...[config.plugins ?? []].flat()],
    onwarn: (w) => void warnings.push(w),
  });
  try {
    const { output } = await bundle.generate(config.output);
    code = output[0].code;
    watched = bundle.watchFiles;
  } finally {
    await bundle.close();
  }

  env = await startLocalEnv();
  if (!env.turn) throw new Error(`these tests need coturn: ${env.turnSkipReason}`);
  site = await startStaticServer({
    mounts: { '/': EXAMPLE },
    files: {
      '/dist/app.js': code,
      '/local-env.json': JSON.stringify({
        apiUrl: env.apiUrl,
        messagingUrl: env.messagingUrl,
        loggingUrl: env.loggingUrl,
        turn: {
          urls: [env.turn.urls.udp, env.turn.urls.tcp, env.turn.urls.tls],
          username: env.turn.username,
          credential: env.turn.credential,
        },
        listText: env.listText,
        apiKey: env.credentials.apiKey,
        sessionId: env.credentials.sessionId,
        timeoutMs: 5000,
      }),
    },
  });
  browser = await launchChromium({ trustPem: [env.caPem] });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await env?.stop();
  if (app) rmSync(app, { recursive: true, force: true });
});

/** Open the built page in a fresh tab (optionally with the SDK stand-in) and wait for it to finish. */
async function openPage(withSdk: boolean, screenshot: string): Promise<Page> {
  const page = await browser.newPage();
  await page.addInitScript(INSTRUMENT);
  if (withSdk) await page.addInitScript(FAKE_OT);
  await page.goto(`${site.origin}/`);
  await page.waitForSelector('body[data-state="done"]', { timeout: 30_000 });
  mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: resolve(OUT, screenshot), fullPage: true });
  return page;
}

describe('the bundler example', () => {
  it('builds with its own rollup config: the package name resolves through the exports map to the built ESM, no warnings', () => {
    expect(warnings.map((w) => w.message)).toEqual([]);
    expect(watched).toContain(realpathSync(resolve(REPO, 'dist/index.js')));
    expect(watched.some((f) => f.endsWith('.cjs'))).toBe(false);
    // A browser file: no Node built-in, no require, no leftover bare import.
    expect(code).not.toMatch(/from\s*["'](node:|ws["'])|require\(/);
    expect(code).not.toMatch(/^import\s/m);
  });

  it('keeps only what the app imports: smaller gzipped than the whole IIFE', () => {
    const whole = gzipSync(readFileSync(requireDist('video-allowlist.min.js'))).length;
    expect(gzipSync(code).length).toBeLessThan(whole);
  });

  it('runs the preflight in Chromium and shows a pass for api, messaging, logging and each TURN transport', async () => {
    const page = await openPage(true, 'bundler-example.png');
    const checks = await page.$$eval('#checks li', (lis) =>
      lis.map((li) => {
        const d = (li as HTMLElement).dataset;
        return { category: d.category, transport: d.transport, status: d.status, text: (li as HTMLElement).innerText };
      }),
    );
    const summary = await page.$eval('#summary', (el) => (el as HTMLElement).innerText);
    expect(summary).toBe('Every check passed.');
    const passed = checks.filter((c) => c.status === 'pass').map((c) => `${c.category}/${c.transport}`);
    expect(passed).toEqual(['api/https', 'messaging/wss', 'turn/udp', 'turn/tcp', 'turn/tls', 'logging/https']);
    expect(checks.filter((c) => c.category === 'turn').every((c) => c.text.includes('127.0.0.1 inside the list'))).toBe(
      true,
    );
    const state = await page.evaluate(() => {
      const w = window as unknown as { __pcs: RTCPeerConnection[]; __mediaAsks: number; __csp: string[] };
      return { open: w.__pcs.filter((pc) => pc.signalingState !== 'closed').length, asks: w.__mediaAsks, csp: w.__csp };
    });
    expect(state).toEqual({ open: 0, asks: 0, csp: [] });
    await page.close();
  });

  it('joins through initSession from the bundle: the SDK receives ipWhitelist: true', async () => {
    const page = await openPage(true, 'bundler-example-join.png');
    expect(await page.$eval('#join', (el) => (el as HTMLElement).dataset.state)).toBe('joined');
    const calls = await page.evaluate(() => (window as unknown as { __otCalls: unknown[] }).__otCalls);
    expect(calls).toEqual([[env.credentials.apiKey, env.credentials.sessionId, { ipWhitelist: true }]]);
    await page.close();
  });

  it('without the SDK loaded, initSession refuses with a typed error the page shows (opentok-not-found)', async () => {
    const page = await openPage(false, 'bundler-example-no-sdk.png');
    const join = await page.$eval('#join', (el) => ({
      ...(el as HTMLElement).dataset,
      text: (el as HTMLElement).innerText,
    }));
    expect(join).toMatchObject({ state: 'refused', code: 'opentok-not-found' });
    await page.close();
  });
});
