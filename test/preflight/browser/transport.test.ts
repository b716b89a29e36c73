/**
 * The browser transport from source, in Debian's Chromium, against the local environment (HTTPS,
 * WSS, real coturn) and a few loopback fault servers. One browser for the file.
 */
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type ChromiumHandle } from '../../support/chromium.js';
import { startLocalEnv, type LocalEnv } from '../../support/local-env/index.js';
import { startStaticServer, type StaticServer } from '../../support/static-server.js';
import { bundleTransportSource } from './harness.js';
import { INSTRUMENT } from './instrument.js';

/** In the page: run one probe with a deadline (TimeoutError, as the runner's) or an abort after N ms. */
const PROBE_JS = `
window.runProbe = async function (method, arg, opts) {
  const transport = TestTransport.browserTransport();
  const ctl = new AbortController();
  const timers = [];
  if (opts.timeoutMs !== undefined) timers.push(setTimeout(() => ctl.abort(new DOMException('deadline', 'TimeoutError')), opts.timeoutMs));
  if (opts.abortAfterMs !== undefined) timers.push(setTimeout(() => ctl.abort(), opts.abortAfterMs));
  const started = performance.now();
  try {
    const result = await transport[method](arg, ctl.signal);
    return { ok: true, result, ms: performance.now() - started };
  } catch (e) {
    return { ok: false, code: e.code, message: e.message, probeError: e instanceof TestTransport.ProbeError, timings: e.timings, phase: e.phase, ms: performance.now() - started };
  } finally {
    timers.forEach(clearTimeout);
  }
};
`;

type Outcome =
  | {
      ok: true;
      result: Record<string, unknown> & { remoteAddress: string | null; timings: Record<string, number> };
      ms: number;
    }
  | {
      ok: false;
      code: string;
      message: string;
      probeError: boolean;
      timings?: Record<string, number>;
      phase?: string;
      ms: number;
    };

let env: LocalEnv;
let browser: ChromiumHandle;
let site: StaticServer;
let page: Page;
const servers: Server[] = [];
const sockets = new Set<Socket>();

/** Listen on a free loopback port; afterAll closes it and destroys its connections (black holes keep them). */
async function listen(server: Server): Promise<number> {
  servers.push(server);
  server.on('connection', (s: Socket) => sockets.add(s));
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  return (server.address() as AddressInfo).port;
}

/** A port nothing listens on (TCP and, for these tests, UDP too). */
async function deadPort(): Promise<number> {
  const s = createTcpServer();
  await new Promise<void>((ok) => s.listen(0, '127.0.0.1', () => ok()));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((ok) => s.close(() => ok()));
  return port;
}

function probe(
  method: 'http' | 'websocket' | 'turn',
  arg: unknown,
  opts: { timeoutMs?: number; abortAfterMs?: number } = {},
): Promise<Outcome> {
  return page.evaluate(
    ([m, a, o]) => (window as unknown as { runProbe: (...x: unknown[]) => Promise<Outcome> }).runProbe(m, a, o),
    [method, arg, opts] as const,
  );
}

const openPeerConnections = (): Promise<number> =>
  page.evaluate(
    () =>
      (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.filter((pc) => pc.signalingState !== 'closed').length,
  );
const peerConnectionsMade = (): Promise<number> =>
  page.evaluate(() => (window as unknown as { __pcs: unknown[] }).__pcs.length);

beforeAll(async () => {
  env = await startLocalEnv();
  const code = await bundleTransportSource();
  site = await startStaticServer({
    mounts: {},
    files: {
      '/index.html':
        '<!doctype html><title>transport</title><script src="/transport.js"></script><script src="/probe.js"></script>',
      '/transport.js': code,
      '/probe.js': PROBE_JS,
    },
  });
  browser = await launchChromium({ trustPem: [env.caPem] });
  page = await browser.newPage();
  await page.addInitScript(INSTRUMENT);
  await page.goto(`${site.origin}/index.html`);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  for (const s of sockets) s.destroy();
  for (const s of servers) await new Promise<void>((ok) => s.close(() => ok()));
  await env?.stop();
});

describe('http through fetch', () => {
  it('reaches a server without CORS headers in no-cors mode: opaque status 0, address hidden and said so', async () => {
    const r = await probe(
      'http',
      { url: `${env.loggingUrl}/logging/ClientEvent`, method: 'POST', body: '{"action":"Preflight"}' },
      { timeoutMs: 5000 },
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.result.status).toBe(0);
    expect(r.result.remoteAddress).toBeNull();
    expect(r.result.detail).toMatch(/address not visible in the browser/);
    expect(r.result.timings.firstByteMs).toBeGreaterThan(0);
    expect(env.received.some((q) => q.method === 'POST' && q.path === '/prod/logging/ClientEvent')).toBe(true);
  });

  it('takes phase timings from the Resource Timing entry in CORS mode when the server allows it (Timing-Allow-Origin)', async () => {
    const r = await probe('http', { url: `${env.apiUrl}/timing`, method: 'GET', readBody: true }, { timeoutMs: 5000 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const t = r.result.timings;
    expect(r.result.status).toBe(404);
    // A fresh origin: DNS, TCP and TLS happen, and the entry orders them.
    expect(t.firstByteMs).toBeGreaterThan(0);
    expect(t.tlsMs).toBeGreaterThan(0);
    expect(t.connectMs).toBeLessThanOrEqual(t.tlsMs!);
    expect(t.tlsMs).toBeLessThanOrEqual(t.firstByteMs!);
  });

  it('reads the body in CORS mode when asked (session info), with the SDK headers', async () => {
    const { sessionId, token } = env.credentials;
    const r = await probe(
      'http',
      {
        url: `${env.apiUrl}/session/${encodeURIComponent(sessionId)}?extended=true`,
        method: 'GET',
        headers: { 'X-OPENTOK-AUTH': token, 'X-TB-VERSION': '1', Accept: 'application/json' },
        readBody: true,
      },
      { timeoutMs: 5000 },
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.result.status).toBe(200);
    expect(JSON.parse(r.result.body as string)[0].session_id).toBe(sessionId);
  });

  it('reports a refused port as unreachable, saying the browser hides why', async () => {
    const r = await probe(
      'http',
      { url: `https://127.0.0.1:${await deadPort()}/`, method: 'GET' },
      { timeoutMs: 5000 },
    );
    // phase 'unknown': the hint says the browser hides why, whatever words the detail holds.
    expect(r).toMatchObject({ ok: false, code: 'unreachable', probeError: true, phase: 'unknown' });
    if (!r.ok) expect(r.message).toMatch(/does not say whether DNS, the connection, TLS/);
  });

  it('stops at the deadline on a server that accepts and never answers: timeout', async () => {
    const port = await listen(createTcpServer(() => undefined));
    const r = await probe('http', { url: `https://127.0.0.1:${port}/`, method: 'GET' }, { timeoutMs: 700 });
    expect(r).toMatchObject({ ok: false, code: 'timeout' });
    expect(r.ms).toBeLessThan(2500);
  });

  it('reports aborted when the signal aborts without a deadline reason', async () => {
    const port = await listen(createTcpServer(() => undefined));
    const r = await probe('http', { url: `https://127.0.0.1:${port}/`, method: 'GET' }, { abortAfterMs: 200 });
    expect(r).toMatchObject({ ok: false, code: 'aborted' });
  });

  it('keeps tokens out of its error messages', async () => {
    const r = await probe(
      'http',
      { url: `https://127.0.0.1:${await deadPort()}/session/x?token=SECRET-T1`, method: 'GET' },
      { timeoutMs: 5000 },
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).not.toContain('SECRET-T1');
  });
});

describe('websocket', () => {
  it('passes when the WebSocket opens, and closes it', async () => {
    const r = await probe('websocket', env.messagingUrl, { timeoutMs: 5000 });
    expect(r).toMatchObject({ ok: true, result: { remoteAddress: null, detail: 'WebSocket opened' } });
  });

  it('reports ws-closed when the server refuses the upgrade', async () => {
    const refused = env.messagingUrl.replace('/rumorwebsocketsv2', '/not-a-socket');
    expect(await probe('websocket', refused, { timeoutMs: 5000 })).toMatchObject({ ok: false, code: 'ws-closed' });
  });

  it('reports ws-closed when nothing listens', async () => {
    expect(await probe('websocket', `wss://127.0.0.1:${await deadPort()}/x`, { timeoutMs: 5000 })).toMatchObject({
      ok: false,
      code: 'ws-closed',
    });
  });

  it('stops at the deadline when the upgrade never comes: timeout', async () => {
    const port = await listen(createTcpServer(() => undefined));
    const r = await probe('websocket', `ws://127.0.0.1:${port}/x`, { timeoutMs: 700 });
    expect(r).toMatchObject({ ok: false, code: 'timeout' });
    expect(r.ms).toBeLessThan(2500);
  });
});

describe('turn through RTCPeerConnection (relay only)', () => {
  const turn = () => {
    if (!env.turn) throw new Error(`coturn missing: ${env.turnSkipReason}`);
    return env.turn;
  };

  it.each(['udp', 'tcp', 'tls'] as const)('gets a relay candidate over %s and reports its address', async (t) => {
    const { urls, username, credential } = turn();
    const before = await peerConnectionsMade();
    const r = await probe('turn', { url: urls[t], username, credential }, { timeoutMs: 8000 });
    // The relay address is the only TURN server address a page sees: it is the one reported (and judged).
    expect(r).toMatchObject({
      ok: true,
      result: { outcome: 'relay', relayAddress: '127.0.0.1', remoteAddress: '127.0.0.1' },
    });
    // Exactly one peer connection per probe, closed at the end.
    expect(await peerConnectionsMade()).toBe(before + 1);
    expect(await openPeerConnections()).toBe(0);
  });

  it('reports turn-unauthorized when the server refuses the credentials (401), with the time of that answer', async () => {
    const { urls, username } = turn();
    const r = await probe('turn', { url: urls.udp, username, credential: 'wrong' }, { timeoutMs: 8000 });
    expect(r).toMatchObject({ ok: false, code: 'turn-unauthorized' });
    if (!r.ok) expect(r.message).not.toContain('wrong');
    if (!r.ok) expect(r.timings?.firstByteMs).toBeTypeOf('number'); // the report's latencyMs: the server answered
    expect(await openPeerConnections()).toBe(0);
  });

  it('without credentials, a 401 proves the path: outcome reached', async () => {
    const r = await probe('turn', { url: turn().urls.tcp }, { timeoutMs: 8000 });
    expect(r).toMatchObject({ ok: true, result: { outcome: 'reached', remoteAddress: null } });
    expect(await openPeerConnections()).toBe(0);
  });

  it('reports unreachable (701) when nothing listens on the TCP port', async () => {
    const r = await probe(
      'turn',
      { url: `turn:127.0.0.1:${await deadPort()}?transport=tcp`, username: 'u', credential: 'c' },
      { timeoutMs: 8000 },
    );
    expect(r).toMatchObject({ ok: false, code: 'unreachable', phase: 'unknown' });
    expect(await openPeerConnections()).toBe(0);
  });

  it('times out over UDP when nothing answers, and closes the peer connection', async () => {
    const r = await probe(
      'turn',
      { url: `turn:127.0.0.1:${await deadPort()}?transport=udp`, username: 'u', credential: 'c' },
      { timeoutMs: 1500 },
    );
    expect(r).toMatchObject({ ok: false, code: 'timeout' });
    expect(r.ms).toBeLessThan(3000);
    expect(await openPeerConnections()).toBe(0);
  });

  it('closes the peer connection on abort', async () => {
    const r = await probe(
      'turn',
      { url: `turn:127.0.0.1:${await deadPort()}?transport=udp`, username: 'u', credential: 'c' },
      { abortAfterMs: 100 },
    );
    expect(r).toMatchObject({ ok: false, code: 'aborted' });
    expect(await openPeerConnections()).toBe(0);
  });

  it('over TLS, a certificate the browser does not trust fails as unreachable and names the certificate', async () => {
    // Chromium checks a turns: server's certificate; the local env's is trusted by SPKI pin, this one is not.
    const pems = await generate([{ name: 'commonName', value: 'untrusted' }], { keyType: 'ec', curve: 'P-256' });
    const server = createTlsServer({ key: pems.private, cert: pems.cert }, (s) => s.on('error', () => undefined));
    server.on('tlsClientError', () => undefined);
    const port = await listen(server);
    const r = await probe(
      'turn',
      { url: `turns:127.0.0.1:${port}?transport=tcp`, username: 'u', credential: 'c' },
      { timeoutMs: 8000 },
    );
    expect(r).toMatchObject({ ok: false, code: 'unreachable' });
    if (!r.ok) expect(r.message).toMatch(/certificate/);
  });

  it('has no media probe (the check skips it) and never asks for camera or microphone', async () => {
    const shape = await page.evaluate(() => {
      const t = (
        globalThis as unknown as { TestTransport: { browserTransport: () => Record<string, unknown> } }
      ).TestTransport.browserTransport();
      return { kind: t.kind, media: typeof t.media, turn: typeof t.turn };
    });
    expect(shape).toEqual({ kind: 'browser', media: 'undefined', turn: 'function' });
    expect(await page.evaluate(() => (window as unknown as { __mediaAsks: number }).__mediaAsks)).toBe(0);
  });

  it('leaves no peer connection open after every probe of this file', async () => {
    expect(await peerConnectionsMade()).toBeGreaterThanOrEqual(8);
    expect(await openPeerConnections()).toBe(0);
  });
});
