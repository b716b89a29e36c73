/**
 * The preflight's IP proxy (`proxyUrl`, what an app gives `OT.setProxyUrl`) in Debian's Chromium: the
 * browser transport from source, against the local environment (HTTPS API, WSS signaling, logging,
 * real coturn) behind an IP proxy stand-in on loopback. The stand-in does what Vonage's IP proxy does:
 * it takes `https://proxy/{host}{path}` (HTTP and WebSocket upgrades), records it, and forwards it to
 * `https://{host}{path}` with a `Via` header, so the servers see what came through it. The pure
 * rewriting and `OT.getProxyUrl` reading are tested under happy-dom (test/preflight/ip-proxy.test.ts).
 */
import { readFileSync } from 'node:fs';
import { request as httpsRequest, createServer as createHttpsServer } from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createServer as createTcpServer } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { Page } from 'playwright-core';
import { rollup } from 'rollup';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckReport, PreflightOptions, PreflightReport } from '../../../src/preflight/types.js';
import { launchChromium, type ChromiumHandle } from '../../support/chromium.js';
import { fromSource } from '../../support/from-source.js';
import { startLocalEnv, type LocalEnv, type LocalTurn } from '../../support/local-env/index.js';
import { OPENTOK_JS_PATH } from '../../support/opentok.js';
import { startStaticServer, type StaticServer } from '../../support/static-server.js';
import { REPO } from './harness.js';
import { INSTRUMENT } from './instrument.js';

/** The `Via` header the stand-in adds to what it forwards: the servers' proof a request came through it. */
const VIA = '1.1 ip-proxy-stand-in';

interface IpProxy {
  /** `https://127.0.0.1:PORT`. */
  origin: string;
  /** Every request the proxy received, as `GET /127.0.0.1:PORT/path` (`UPGRADE` for a WebSocket). */
  seen: string[];
  close(): Promise<void>;
}

/** `/{127.0.0.1:PORT}{path}` split into the target's port and path; null for any other host. */
function target(url: string | undefined): { port: number; path: string } | null {
  const m = /^\/127\.0\.0\.1:(\d+)(\/.*)?$/.exec(url ?? '');
  return m ? { port: Number(m[1]), path: m[2] ?? '/' } : null;
}

/** The request's headers as sent, with `Host` set to the target and the stand-in's `Via` added. */
function forwardHeaders(req: IncomingMessage, port: number): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2)
    if (req.rawHeaders[i]!.toLowerCase() !== 'host') out.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
  return [['Host', `127.0.0.1:${port}`], ...out, ['Via', VIA]];
}

/** An IP proxy on loopback, trusting `upstreamCa` for the servers it forwards to (loopback only). */
async function startIpProxy(upstreamCa: string): Promise<IpProxy & { caPem: string }> {
  const pems = await generate([{ name: 'commonName', value: 'ip-proxy' }], {
    keyType: 'ec',
    curve: 'P-256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  const server = createHttpsServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const t = target(req.url);
    // What it does not forward (the SDK's own config and logging requests to Vonage's hosts) gets an
    // empty answer the page may read: nothing leaves the machine.
    if (!t)
      return void res.writeHead(204, { 'access-control-allow-origin': '*', 'access-control-allow-headers': '*' }).end();
    const headers = Object.fromEntries(forwardHeaders(req, t.port));
    const up = httpsRequest(
      { host: '127.0.0.1', port: t.port, path: t.path, method: req.method, headers, ca: upstreamCa },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    up.on('error', () => res.headersSent || res.writeHead(502).end());
    req.pipe(up);
  });
  server.on('connection', (s: Socket) => sockets.add(s));
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    seen.push(`UPGRADE ${req.url}`);
    const t = target(req.url);
    if (!t) return void socket.destroy();
    const up = tlsConnect({ host: '127.0.0.1', port: t.port, ca: upstreamCa });
    sockets.add(up);
    up.once('secureConnect', () => {
      const lines = forwardHeaders(req, t.port).map(([k, v]) => `${k}: ${v}\r\n`);
      up.write(`${req.method} ${t.path} HTTP/1.1\r\n${lines.join('')}\r\n`);
      up.write(head);
      socket.pipe(up).pipe(socket);
    });
    up.on('error', () => socket.destroy());
    socket.on('error', () => up.destroy());
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `https://127.0.0.1:${port}`,
    caPem: pems.cert,
    seen,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((ok) => server.close(() => ok()));
    },
  };
}

/** `runPreflight` from source, as an IIFE defining `globalThis.TestPreflight`. */
async function bundlePreflightSource(): Promise<string> {
  const bundle = await rollup({ input: `${REPO}/src/preflight/index.ts`, plugins: [fromSource()] });
  try {
    const { output } = await bundle.generate({ format: 'iife', name: 'TestPreflight' });
    return output[0].code;
  } finally {
    await bundle.close();
  }
}

/** A loopback port nothing listens on: an IP proxy that is down. */
async function deadPort(): Promise<number> {
  const s = createTcpServer();
  await new Promise<void>((ok) => s.listen(0, '127.0.0.1', () => ok()));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((ok) => s.close(() => ok()));
  return port;
}

let env: LocalEnv;
let turn: LocalTurn;
let proxy: IpProxy;
let browser: ChromiumHandle;
let site: StaticServer;
let page: Page;

beforeAll(async () => {
  env = await startLocalEnv();
  if (!env.turn) throw new Error(`these tests need coturn: ${env.turnSkipReason}`);
  turn = env.turn;
  const ipProxy = await startIpProxy(env.caPem);
  proxy = ipProxy;
  site = await startStaticServer({
    mounts: {},
    files: {
      '/index.html': '<!doctype html><title>ip proxy</title><script src="/preflight.js"></script>',
      '/preflight.js': await bundlePreflightSource(),
      // The real OpenTok.js as a script tag loads it, for the default read from OT.setProxyUrl.
      '/ot.html':
        '<!doctype html><title>ip proxy from OT</title><script src="/opentok.js"></script><script src="/preflight.js"></script>',
      '/opentok.js': readFileSync(OPENTOK_JS_PATH, 'utf8'),
    },
  });
  browser = await launchChromium({ trustPem: [env.caPem, ipProxy.caPem] });
  page = await browser.newPage();
  await page.addInitScript(INSTRUMENT);
  await page.goto(`${site.origin}/index.html`);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await proxy?.close();
  await env?.stop();
});

/** `runPreflight(options)` in the page, with the local environment's list and a 5 s deadline. */
function runInPage(options: Omit<PreflightOptions, 'list'>, on: Page = page): Promise<PreflightReport> {
  return on.evaluate(
    (o) =>
      (
        globalThis as unknown as { TestPreflight: { runPreflight: (x: unknown) => Promise<PreflightReport> } }
      ).TestPreflight.runPreflight(o),
    { list: env.listText, timeoutMs: 5000, ...options },
  );
}

/** The targets of the local environment (no credentials): API, signaling, TURN over UDP and TCP, logging (the report's order). */
const targets = (): Omit<PreflightOptions, 'list'> => ({
  apiUrl: env.apiUrl,
  messagingUrl: env.messagingUrl,
  loggingUrl: env.loggingUrl,
  turn: { urls: [turn.urls.udp, turn.urls.tcp], username: turn.username, credential: turn.credential },
  checks: ['api', 'messaging', 'logging', 'turn'],
});

const port = (url: string): string => new URL(url.replace(/^wss:/, 'https:')).port;
const rows = (report: PreflightReport): Array<[string, string, string, string | undefined]> =>
  report.checks.map((c: CheckReport) => [c.category, c.transport, c.status, c.via]);
/** What reached the API and logging servers after `from`, carrying the stand-in's `Via`, as `GET /path`. */
const forwarded = (from: number): string[] =>
  env.received.slice(from).flatMap((r) => (r.headers['via'] === VIA ? [`${r.method} ${r.path}`] : []));

describe('runPreflight in Chromium with proxyUrl (the IP proxy)', { timeout: 60_000 }, () => {
  it('sends the API, signaling and logging probes through the IP proxy, TURN straight, and says so per check', async () => {
    const [seenFrom, receivedFrom] = [proxy.seen.length, env.received.length];
    const report = await runInPage({ ...targets(), proxyUrl: proxy.origin });

    expect(rows(report)).toEqual([
      ['api', 'https', 'pass', 'proxy'],
      ['messaging', 'wss', 'pass', 'proxy'],
      ['turn', 'udp', 'pass', 'direct'],
      ['turn', 'tcp', 'pass', 'direct'],
      ['logging', 'https', 'pass', 'proxy'],
    ]);
    for (const c of report.checks.filter((c) => c.via === 'proxy')) expect(c.hint, c.category).toContain(proxy.origin);
    // Observed at the proxy: each as `{proxy}/{host}{path}`, as the SDK sends them behind OT.setProxyUrl.
    const seen = proxy.seen.slice(seenFrom);
    expect(seen).toContain(`GET /127.0.0.1:${port(env.apiUrl)}`);
    expect(seen).toContain(`UPGRADE /127.0.0.1:${port(env.messagingUrl)}/rumorwebsocketsv2`);
    expect(seen).toContain(`POST /127.0.0.1:${port(env.loggingUrl)}/prod/logging/ClientEvent`);
    expect(seen.every((line) => !line.includes(String(turn.port)))).toBe(true);
    // And at the servers: what they received came through it.
    expect(forwarded(receivedFrom)).toEqual(expect.arrayContaining(['GET /', 'POST /prod/logging/ClientEvent']));
  });

  it('in credentials mode fetches the session info through the IP proxy, then probes what it names', async () => {
    const [seenFrom, receivedFrom] = [proxy.seen.length, env.received.length];
    const report = await runInPage({
      apiUrl: env.apiUrl,
      loggingUrl: env.loggingUrl,
      credentials: env.credentials,
      checks: ['api', 'messaging', 'logging', 'turn'],
      proxyUrl: proxy.origin,
    });

    const sessionPath = `/session/${encodeURIComponent(env.credentials.sessionId)}`;
    expect(
      proxy.seen.slice(seenFrom).some((l) => l.startsWith(`GET /127.0.0.1:${port(env.apiUrl)}${sessionPath}`)),
    ).toBe(true);
    const info = env.received.slice(receivedFrom).find((r) => r.method === 'GET' && r.path.startsWith(sessionPath))!;
    expect(info.headers['via']).toBe(VIA);
    expect(info.headers['x-opentok-auth']).toBe(env.credentials.token);
    expect(proxy.seen.slice(seenFrom)).toContain(`UPGRADE /127.0.0.1:${port(env.messagingUrl)}/rumorwebsocketsv2`);
    const byKey = Object.fromEntries(report.checks.map((c) => [`${c.category}/${c.transport}`, [c.status, c.via]]));
    expect(byKey).toMatchObject({
      'api/https': ['pass', 'proxy'],
      'messaging/wss': ['pass', 'proxy'],
      'logging/https': ['pass', 'proxy'],
      'turn/udp': ['pass', 'direct'],
    });
  });

  it('without proxyUrl (and no OT in the page) nothing reaches the proxy and every check is direct', async () => {
    const seenFrom = proxy.seen.length;
    const report = await runInPage(targets());
    expect(rows(report).map(([category, , status, via]) => [category, status, via])).toEqual([
      ['api', 'pass', 'direct'],
      ['messaging', 'pass', 'direct'],
      ['turn', 'pass', 'direct'],
      ['turn', 'pass', 'direct'],
      ['logging', 'pass', 'direct'],
    ]);
    expect(proxy.seen.slice(seenFrom)).toEqual([]);
  });

  it('with the IP proxy down, the proxied checks fail (the probes depend on it) and TURN still passes', async () => {
    const down = `https://127.0.0.1:${await deadPort()}`;
    const report = await runInPage({ ...targets(), proxyUrl: down });
    expect(rows(report).map(([category, transport, status, via]) => [category, transport, status, via])).toEqual([
      ['api', 'https', 'fail', 'proxy'],
      ['messaging', 'wss', 'fail', 'proxy'],
      ['turn', 'udp', 'pass', 'direct'],
      ['turn', 'tcp', 'pass', 'direct'],
      ['logging', 'https', 'fail', 'proxy'],
    ]);
    expect(report.verdict).toBe('fail');
  });

  it('without proxyUrl, takes the one the app gave OT.setProxyUrl (the real OpenTok.js in the page)', async () => {
    const otPage = await browser.newPage();
    try {
      await otPage.goto(`${site.origin}/ot.html`);
      await otPage.evaluate((origin) => {
        const OT = (
          globalThis as unknown as { OT: { setProxyUrl(u: string): void; initSession(...a: string[]): unknown } }
        ).OT;
        OT.setProxyUrl(origin);
        OT.initSession('47000000', '2_MX40NzAwMDAwMH5-ip-proxy-chromium');
      }, proxy.origin);
      const seenFrom = proxy.seen.length;
      const report = await runInPage(targets(), otPage);
      expect(rows(report).map(([category, , status, via]) => [category, status, via])).toEqual([
        ['api', 'pass', 'proxy'],
        ['messaging', 'pass', 'proxy'],
        ['turn', 'pass', 'direct'],
        ['turn', 'pass', 'direct'],
        ['logging', 'pass', 'proxy'],
      ]);
      expect(proxy.seen.slice(seenFrom)).toContain(`UPGRADE /127.0.0.1:${port(env.messagingUrl)}/rumorwebsocketsv2`);
    } finally {
      await otPage.close();
    }
  });

  it('closes every peer connection it made', async () => {
    const open = await page.evaluate(
      () =>
        (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.filter((pc) => pc.signalingState !== 'closed')
          .length,
    );
    expect(open).toBe(0);
    expect(browser.errors.filter((e) => !/net::ERR_CONNECTION_REFUSED|Failed to load resource/.test(e))).toEqual([]);
  });
});
