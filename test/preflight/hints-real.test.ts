import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generate } from 'selfsigned';
import { runPreflightWith } from '../../src/preflight/runner.js';
import { runNodePreflight, nodeTransport } from '../../src/preflight/node.js';
import { browserTransport } from '../../src/preflight/transports/browser.js';
import type { CheckReport, PreflightOptions, ReasonCode } from '../../src/preflight/types.js';
import { startLocalEnv, type LocalEnv } from '../support/local-env/index.js';
import { LOOPBACK, listOf } from './helpers.js';

// Every failure code a check can end with, produced for real on loopback; each row asserts the code
// and that the hint names the real cause (protocol, port, host, the right words).
//
// Codes not produced here, and why:
// - unreachable: needs EHOSTUNREACH/ENETUNREACH, i.e. a route that does not exist; loopback always
//   routes, and a test must not send to a non-loopback address (test/support/loopback-only.ts).
// - error: the fallback for a socket error the transport does not know; no real loopback fault
//   yields one (each known errno has its own code).
// - tls-untrusted and the proxy-* codes: test/preflight/faults.test.ts and test/preflight/proxy/.

const T = 600;
let pems: { cert: string; key: string };
const closers: Array<() => Promise<void>> = [];
let env: LocalEnv;

beforeAll(async () => {
  const r = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  pems = { cert: r.cert, key: r.private };
  env = await startLocalEnv();
});
afterAll(async () => {
  await env?.stop();
});
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

function track(server: Server | HttpsServer): Promise<number> {
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
  });
  server.on('tlsClientError', () => {});
  closers.push(
    () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  );
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r((server.address() as { port: number }).port)));
}

async function closedPort(): Promise<number> {
  const s = createTcpServer();
  const port = await new Promise<number>((r) =>
    s.listen(0, '127.0.0.1', () => r((s.address() as { port: number }).port)),
  );
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

const https = (handler: Parameters<typeof createHttpsServer>[1], tls: object = {}): Promise<number> =>
  track(createHttpsServer({ cert: pems.cert, key: pems.key, ...tls }, handler));

/** A resolver that knows no name (ENOTFOUND), as a DNS server answering NXDOMAIN. */
const noSuchName = ((host: string, _o: unknown, cb: (...a: unknown[]) => void) =>
  cb(Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND', hostname: host }))) as never;

interface Row {
  code: ReasonCode;
  how: string;
  run: () => Promise<CheckReport[]>;
  hint: RegExp;
}

const node = (opts: Partial<PreflightOptions>, transport = nodeTransport({ ca: pems.cert })) =>
  runNodePreflight({ list: LOOPBACK, timeoutMs: T, transport, ...opts }).then((r) => r.checks);

const rows: Row[] = [
  {
    code: 'timeout',
    how: 'a black-holed TCP port (accepts, never answers)',
    run: async () => node({ apiUrl: `https://127.0.0.1:${await track(createTcpServer(() => {}))}`, checks: ['api'] }),
    hint: /^No answer within 600 ms: a firewall is probably dropping it\. Open TCP \d+ \(HTTPS\) to 127\.0\.0\.1, in your list's API block/,
  },
  {
    code: 'refused',
    how: 'a closed port',
    run: async () => node({ turn: { urls: [`turn:127.0.0.1:${await closedPort()}?transport=tcp`] }, checks: ['turn'] }),
    hint: /^Refused: nothing listens on that port.*open TCP \d+ to 127\.0\.0\.1, in your list's TURN/,
  },
  {
    code: 'reset',
    how: 'a server that resets after the ClientHello',
    run: async () => {
      const port = await track(createTcpServer((s) => s.once('data', () => s.resetAndDestroy())));
      return node({ loggingUrl: `https://127.0.0.1:${port}`, checks: ['logging'] });
    },
    hint: /^The connection was cut during the TLS handshake.*Open TCP \d+ \(HTTPS\) to 127\.0\.0\.1, in your list's logging block/i,
  },
  {
    code: 'dns',
    how: 'a name the injected resolver does not know',
    run: () =>
      node(
        { apiUrl: 'https://api.nowhere.test', checks: ['api'] },
        nodeTransport({ ca: pems.cert, lookup: noSuchName }),
      ),
    hint: /^api\.nowhere\.test does not resolve: check the name.*TCP 443 \(HTTPS\) to api\.nowhere\.test/,
  },
  {
    code: 'tls',
    how: 'a TLS server that demands a client certificate (handshake alert)',
    run: async () => {
      const port = await https((_q, s) => s.end('ok'), { requestCert: true, rejectUnauthorized: true });
      return node({ apiUrl: `https://127.0.0.1:${port}`, checks: ['api'] });
    },
    // Not "a certificate this machine does not trust" (that is tls-untrusted): the server refused the handshake.
    hint: /^TLS to 127\.0\.0\.1 failed \(.*CERTIFICATE_REQUIRED\): the handshake was refused \(.*a client certificate demanded\).*TCP \d+ \(HTTPS\) to 127\.0\.0\.1/,
  },
  {
    code: 'tls',
    how: 'a certificate for another name (the resolver points wrong.test at it)',
    run: async () => {
      const port = await https((_q, s) => s.end('ok'));
      const lookup = ((_h: string, o: { all?: boolean }, cb: (...a: unknown[]) => void) =>
        o.all ? cb(null, [{ address: '127.0.0.1', family: 4 }]) : cb(null, '127.0.0.1', 4)) as never;
      return node({ apiUrl: `https://wrong.test:${port}`, checks: ['api'] }, nodeTransport({ ca: pems.cert, lookup }));
    },
    hint: /^TLS to wrong\.test failed \(.*ALTNAME.*\):.*the certificate does not fit \(wrong name, expired\).*Check that wrong\.test is the right server/,
  },
  {
    code: 'http-status',
    how: 'the session-info request answered HTTP 500 (credentials mode)',
    run: async () => {
      const port = await https((_q, s) => s.writeHead(500).end());
      return node({ apiUrl: `https://127.0.0.1:${port}`, credentials: env.credentials, checks: ['api'] });
    },
    hint: /^127\.0\.0\.1 failed to answer \(HTTP 500\): the network path \(TCP \d+ \(HTTPS\) to 127\.0\.0\.1.*server side erred/,
  },
  {
    code: 'ws-closed',
    how: 'a WebSocket server that refuses the upgrade with 403',
    run: async () => {
      const srv = createHttpsServer({ cert: pems.cert, key: pems.key }, (_q, s) => s.writeHead(426).end());
      srv.on('upgrade', (_q, socket: Socket) => socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n'));
      return node({ messagingUrl: `wss://127.0.0.1:${await track(srv)}/ws`, checks: ['messaging'] });
    },
    hint: /^The WebSocket upgrade to 127\.0\.0\.1 was refused.*TCP \d+ \(secure WebSocket\)/,
  },
  {
    code: 'turn-unauthorized',
    how: 'coturn with a wrong password',
    run: () => {
      if (!env.turn) throw new Error(`needs coturn: ${env.turnSkipReason}`);
      const t = env.turn;
      return node(
        { turn: { urls: [t.urls.udp], username: t.username, credential: 'not-the-password' }, checks: ['turn'] },
        nodeTransport({ ca: env.caPem }),
      );
    },
    hint: /^The TURN server answered on UDP \d+ to 127\.0\.0\.1.*refused the credentials/,
  },
  {
    code: 'outside-allowlist',
    how: 'a server on an address outside the list',
    run: async () =>
      node({
        apiUrl: `https://127.0.0.1:${await https((_q, s) => s.end('ok'))}`,
        checks: ['api'],
        list: listOf({ api: ['127.0.0.2'] }),
      }),
    hint: /^Reached 127\.0\.0\.1 over TCP \d+ \(HTTPS\), which is outside your list's API blocks/,
  },
  {
    code: 'aborted',
    how: 'a signal aborted before the run',
    run: async () =>
      node({
        media: { host: '127.0.0.1', tcpPort: await closedPort() },
        checks: ['media'],
        signal: AbortSignal.abort(),
      }),
    hint: /^Stopped before a verdict; run again to check TCP \d+ to 127\.0\.0\.1/,
  },
  {
    code: 'unsupported',
    how: 'media UDP through the browser transport (no raw UDP)',
    run: () =>
      runPreflightWith(
        { list: LOOPBACK, timeoutMs: T, media: { host: '127.0.0.1', udpPort: 3478, tcpPort: 443 }, checks: ['media'] },
        browserTransport(),
      ).then((r) => r.checks.filter((c) => c.transport === 'udp')),
    hint: /^This environment cannot probe UDP; run the Node preflight/,
  },
  {
    code: 'not-configured',
    how: 'media UDP without a port (negotiated per call)',
    run: async () => node({ media: { host: '127.0.0.1', tcpPort: await closedPort() }, checks: ['media'] }),
    hint: /^Not probed: media UDP ports are negotiated per call \(UDP 1025-65535 to 127\.0\.0\.1\).*media\.udpPort/,
  },
  {
    code: 'not-configured',
    how: 'a target that comes from a session info that failed',
    run: async () => {
      const port = await https((_q, s) => s.writeHead(500).end());
      return node({ apiUrl: `https://127.0.0.1:${port}`, credentials: env.credentials, checks: ['api', 'messaging'] });
    },
    hint: /^Not probed: its target comes from the session info, which could not be read; fix the api check first/,
  },
  {
    code: 'bad-response',
    how: 'an SSH banner on the HTTP port',
    run: async () => {
      const port = await track(createTcpServer((s) => s.once('data', () => s.write('SSH-2.0-OpenSSH_9.6\r\n'))));
      return node({ apiUrl: `http://127.0.0.1:${port}`, checks: ['api'] });
    },
    hint: /^127\.0\.0\.1 answered, but not as a Vonage server would.*something else on TCP \d+ \(HTTP\) to 127\.0\.0\.1/,
  },
];

describe('each failure code, produced for real on loopback, gets a hint naming its real cause', () => {
  it.each(rows.map((r) => [r.code, r.how, r] as const))('%s: %s', async (code, _how, row) => {
    const checks = await row.run();
    const c = checks.find((x) => x.code === code);
    expect(c, `codes seen: ${checks.map((x) => x.code).join(', ')}`).toBeDefined();
    expect(c!.hint).toMatch(row.hint);
  });

  it('covers every code a check can fail with, but the ones the file header explains', () => {
    const covered = new Set(rows.map((r) => r.code));
    const elsewhere = [
      'unreachable',
      'error',
      'tls-untrusted',
      'proxy-auth',
      'proxy-refused',
      'proxy-dropped',
      'proxy-unreachable',
    ];
    const all: ReasonCode[] = [
      'timeout',
      'refused',
      'reset',
      'dns',
      'tls',
      'http-status',
      'ws-closed',
      'turn-unauthorized',
      'outside-allowlist',
      'aborted',
      'unsupported',
      'not-configured',
      'bad-response',
    ];
    expect(all.filter((c) => !covered.has(c) && !elsewhere.includes(c))).toEqual([]);
  });
});
