/**
 * The browser quality loop from source, in Debian's Chromium, against the real coturn: directly
 * and through the userspace impairing relay (the TURN URL points at the relay). 2 s of media per
 * case; tolerances hold on a loaded 2-core machine.
 */
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { rollup } from 'rollup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserLoopResult } from '../../../src/preflight/quality/browser-loop.js';
import type { PreflightReport } from '../../../src/preflight/types.js';
import { CHROMIUM_PATH, launchChromium, type ChromiumHandle } from '../../support/chromium.js';
import { fromSource } from '../../support/from-source.js';
import { startUdpImpairRelay, type RelayOptions } from '../../support/impair-relay.js';
import { startLocalEnv, turnserverPath, type LocalEnv } from '../../support/local-env/index.js';
import { startStaticServer, type StaticServer } from '../../support/static-server.js';
import { existsSync } from 'node:fs';
import { REPO } from '../browser/harness.js';

async function bundle(file: string, name: string): Promise<string> {
  const bundle = await rollup({ input: resolve(REPO, file), plugins: [fromSource()] });
  try {
    const { output } = await bundle.generate({ format: 'iife', name });
    return output[0].code;
  } finally {
    await bundle.close();
  }
}

let env: LocalEnv;
let browser: ChromiumHandle;
let site: StaticServer;
let page: Page;

describe.skipIf(!turnserverPath() || !existsSync(CHROMIUM_PATH))('the browser quality loop in Chromium', () => {
  beforeAll(async () => {
    env = await startLocalEnv();
    site = await startStaticServer({
      mounts: {},
      files: {
        '/index.html':
          '<!doctype html><title>quality</title><script src="/loop.js"></script><script src="/preflight.js"></script>',
        '/loop.js': await bundle('src/preflight/quality/browser-loop.ts', 'QualityLoop'),
        '/preflight.js': await bundle('src/preflight/index.ts', 'Preflight'),
      },
    });
    browser = await launchChromium({ trustPem: [env.caPem] });
    page = await browser.newPage();
    await page.goto(`${site.origin}/index.html`);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await env?.stop();
  });

  function run(url: string, seconds = 2): Promise<BrowserLoopResult> {
    const req = { url, username: env.turn!.username, credential: env.turn!.credential, seconds, kbps: 800 };
    return page.evaluate(
      (r) =>
        (
          globalThis as unknown as {
            QualityLoop: { runBrowserLoop(x: unknown): Promise<BrowserLoopResult> };
          }
        ).QualityLoop.runBrowserLoop({ ...r, signal: AbortSignal.timeout(20_000) }),
      req,
    );
  }

  async function through(o: Omit<RelayOptions, 'target'>, seconds = 2): Promise<BrowserLoopResult> {
    const relay = await startUdpImpairRelay({ target: env.turn!.port, ...o });
    try {
      return await run(`turn:127.0.0.1:${relay.port}?transport=udp`, seconds);
    } finally {
      await relay.close();
    }
  }

  it('carries media through two relays with no loss and a loopback RTT', async () => {
    const r = await run(env.turn!.urls.udp);
    expect(r.relayed).toEqual(['127.0.0.1', '127.0.0.1']);
    expect(r.framesDecoded).toBeGreaterThan(10);
    expect(r.figures.lossRatio).toBe(0);
    // The page's RTT counts Chromium's own scheduling: min 1-2 ms, median 3 ms on a quiet machine,
    // 8-34 ms at a load average of 16-21 on 2 cores (measured), so the bound on the median is loose.
    expect(r.figures.rttMs!.min).toBeLessThan(5);
    expect(r.figures.rttMs!.median).toBeLessThan(60);
    expect(r.figures.kbps).toBeGreaterThan(30);
  });

  it('measures 10% drop toward coturn as a loss of 0.10 ± 0.03', async () => {
    // Exact per RTP stream (perStream): the audio streams the loss is read from each lose 1 in 10.
    const r = await through({ toServer: { drop: 0.1, perStream: true } }, 3);
    expect(Math.abs(r.figures.loss.forward - 0.1)).toBeLessThanOrEqual(0.03);
    expect(Math.abs(r.figures.loss.backward - 0.1)).toBeLessThanOrEqual(0.03);
  });

  it('measures 40 ms on each client-to-server leg as an RTT of at least 80 ms', async () => {
    const r = await through({ toServer: { delayMs: 40 } });
    expect(r.figures.rttMs!.min).toBeGreaterThanOrEqual(79);
  });

  it('shows injected jitter in jitterMs', async () => {
    // ±80 ms per packet on every leg, reordering (random) and in order (FIFO). Chromium's audio jitter
    // counts in-order packets only, and its own figure is noisy on a loaded machine: unimpaired 4-6 ms
    // at a load average of 12-15 on 2 cores, up to 23 ms at 18-21. Measured with this injection:
    // random 9-56 ms, FIFO 25-31 ms; the better of the two is asserted.
    const wide = { delayMs: 90, jitterMs: 80 };
    const random = await through({ toServer: wide, toClient: wide });
    const fifo = await through({ toServer: { ...wide, keepOrder: true }, toClient: { ...wide, keepOrder: true } });
    expect(Math.max(random.figures.jitterMs, fifo.figures.jitterMs)).toBeGreaterThanOrEqual(15);
  });

  it('runs from runPreflight with quality on: figures on the TURN row, both relays judged, a recommendation', async () => {
    const args = {
      list: '[turn]\n127.0.0.1/32 local turn\n',
      turn: { urls: [env.turn!.urls.udp], username: env.turn!.username, credential: env.turn!.credential },
      checks: ['turn'],
      quality: { seconds: 1, kbps: 800 },
    };
    const report = await page.evaluate(
      (a) =>
        (
          globalThis as unknown as { Preflight: { runPreflight(x: unknown): Promise<PreflightReport> } }
        ).Preflight.runPreflight(a),
      args,
    );
    expect(report.checks[0]).toMatchObject({ status: 'pass', quality: { lossRatio: 0 } });
    expect(report.checks[0]!.addresses).toEqual([{ ip: '127.0.0.1', allowed: true, block: '127.0.0.1/32' }]);
    expect(report.recommendation?.level).toMatch(/^(video|audio-only)$/);
  });
});
