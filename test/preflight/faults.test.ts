import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generate } from 'selfsigned';
import { runNodePreflight, nodeTransport } from '../../src/preflight/node.js';
import type { PreflightEvent, PreflightOptions, PreflightReport } from '../../src/preflight/types.js';
import { Attr, Class, Method, decode, encode, getAttr, xorAddressV4 } from '../../src/preflight/transports/stun.js';
import { startLocalEnv, type LocalEnv } from '../support/local-env/index.js';
import { LOOPBACK, elapsed, listOf, resourceBaseline } from './helpers.js';

const T = 600; // per-check deadline in these tests
const SLACK = 1500; // a verdict must come within T + SLACK on a busy 2-core machine

let pems: { cert: string; key: string };
const closers: Array<() => Promise<void>> = [];
let leaks: ReturnType<typeof resourceBaseline>;
let fileLeaks: ReturnType<typeof resourceBaseline>;

// Each fault run is checked for leftovers after it (afterEach); the whole file once more at the end,
// after the coturn suite's stop().
beforeAll(() => {
  fileLeaks = resourceBaseline();
});
afterAll(async () => {
  await fileLeaks.expectNone();
});
beforeAll(async () => {
  const r = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    extensions: [
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 2, value: 'localhost' },
        ],
      },
    ],
  });
  pems = { cert: r.cert, key: r.private };
});
beforeEach(() => {
  leaks = resourceBaseline();
});
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
  await leaks.expectNone();
});

function track(server: Server | HttpsServer): Promise<number> {
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
  });
  closers.push(
    () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  );
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r((server.address() as { port: number }).port)));
}

/** Accepts TCP and never answers. */
const blackHole = (): Promise<number> => track(createTcpServer(() => {}));

/** A port where nothing listens (bound once, then closed). */
async function closedPort(): Promise<number> {
  const s = createTcpServer();
  const port = await new Promise<number>((r) =>
    s.listen(0, '127.0.0.1', () => r((s.address() as { port: number }).port)),
  );
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function udpServer(onMessage: (msg: Buffer, reply: (b: Buffer) => void) => void): Promise<number> {
  const s: UdpSocket = createSocket('udp4');
  s.on('message', (m, rinfo) => onMessage(m, (b) => s.send(b, rinfo.port, rinfo.address)));
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  closers.push(() => new Promise<void>((r) => s.close(() => r())));
  return s.address().port;
}

function https(handler: Parameters<typeof createHttpsServer>[1]): Promise<number> {
  return track(createHttpsServer({ cert: pems.cert, key: pems.key }, handler));
}

async function run(
  opts: Partial<PreflightOptions>,
  transport = nodeTransport({ ca: pems.cert }),
): Promise<{ report: PreflightReport; ms: number }> {
  const took = elapsed();
  const report = await runNodePreflight({ list: LOOPBACK, timeoutMs: T, transport, ...opts });
  return { report, ms: took() };
}

const one = (r: PreflightReport) => {
  expect(r.checks).toHaveLength(1);
  return r.checks[0]!;
};

describe('trusts only PEM certificates given as ca', () => {
  it.each([
    ['text without a certificate', 'not a certificate'],
    ['DER bytes', Buffer.from([0x30, 0x82, 0x01, 0x0a])],
    ['a PEM block that does not parse', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'],
  ])('refuses a ca that is %s with an invalid-option error on ca, instead of trusting nothing more', (_n, ca) => {
    expect(() => nodeTransport({ ca })).toThrow(expect.objectContaining({ code: 'invalid-option', option: 'ca' }));
    expect(() => nodeTransport({ ca })).toThrow(expect.objectContaining({ path: ['ca'] }));
  });

  it('accepts a PEM CA (the local certificate)', () => {
    expect(nodeTransport({ ca: pems.cert }).kind).toBe('node');
  });
});

describe('faults on loopback, each with its own code and within its deadline', () => {
  it('answers the API over HTTPS on loopback: pass with DNS-free, TCP, TLS and first-byte timings', async () => {
    const port = await https((_q, s) => s.writeHead(404).end());
    const { report } = await run({ apiUrl: `https://127.0.0.1:${port}`, checks: ['api'] });
    const c = one(report);
    expect(c).toMatchObject({
      status: 'pass',
      code: 'ok',
      detail: 'HTTP 404',
      addresses: [{ ip: '127.0.0.1', allowed: true }],
    });
    expect(Object.keys(c.timings!).sort()).toEqual(['connectMs', 'firstByteMs', 'tlsMs', 'totalMs']);
  });

  it('black hole (accepts, never answers) → timeout, at the deadline', async () => {
    const port = await blackHole();
    const { report, ms } = await run({ apiUrl: `https://127.0.0.1:${port}`, checks: ['api'] });
    expect(one(report)).toMatchObject({ status: 'fail', code: 'timeout' });
    expect(ms).toBeGreaterThanOrEqual(T - 10);
    expect(ms).toBeLessThan(T + SLACK);
  });

  it.each([
    ['api', 'https', (p: number) => ({ apiUrl: `https://127.0.0.1:${p}` })],
    ['messaging', 'wss', (p: number) => ({ messagingUrl: `wss://127.0.0.1:${p}/ws` })],
    ['turn', 'tcp', (p: number) => ({ turn: { urls: [`turn:127.0.0.1:${p}?transport=tcp`] } })],
    ['media', 'tcp', (p: number) => ({ media: { host: '127.0.0.1', tcpPort: p } })],
  ] as const)('refused port → refused (%s over %s)', async (category, _t, opts) => {
    const { report, ms } = await run({ ...opts(await closedPort()), checks: [category] });
    expect(report.checks.find((c) => c.transport !== 'udp')).toMatchObject({ status: 'fail', code: 'refused' });
    expect(ms).toBeLessThan(T);
  });

  it('UDP port with nothing behind it (ICMP port unreachable) → refused, for TURN and media', async () => {
    const port = await closedPort(); // free for UDP too in practice; the kernel answers ICMP
    const { report } = await run({
      turn: { urls: [`turn:127.0.0.1:${port}?transport=udp`] },
      media: { host: '127.0.0.1', udpPort: port, tcpPort: port },
      checks: ['turn', 'media'],
    });
    expect(report.checks.map((c) => `${c.category}/${c.transport}/${c.code}`)).toEqual([
      'turn/udp/refused',
      'media/tcp/refused',
      'media/udp/refused',
    ]);
  });

  it('reset mid-handshake (RST after the ClientHello) → reset', async () => {
    const port = await track(createTcpServer((s) => s.once('data', () => s.resetAndDestroy())));
    const { report, ms } = await run({
      apiUrl: `https://127.0.0.1:${port}`,
      loggingUrl: `https://127.0.0.1:${port}`,
      checks: ['api', 'logging'],
    });
    expect(report.checks.map((c) => c.code)).toEqual(['reset', 'reset']);
    // The transport says the phase (the TLS handshake); the hint names it.
    for (const c of report.checks) expect(c.hint).toMatch(/^The connection was cut during the TLS handshake/);
    expect(report.checks[0]!.addresses).toEqual([{ ip: '127.0.0.1', allowed: true, block: '127.0.0.1/32' }]);
    expect(ms).toBeLessThan(T);
  });

  it('TLS with an untrusted certificate → tls-untrusted naming its issuer, with the address reached still judged', async () => {
    const port = await https((_q, s) => s.end('ok'));
    const { report } = await run(
      {
        apiUrl: `https://127.0.0.1:${port}`,
        messagingUrl: `wss://127.0.0.1:${port}/ws`,
        turn: { urls: [`turns:127.0.0.1:${port}?transport=tcp`] },
        checks: ['api', 'messaging', 'turn'],
      },
      nodeTransport(), // the test certificate is not trusted here
    );
    expect(report.checks.map((c) => c.code)).toEqual(['tls-untrusted', 'tls-untrusted', 'tls-untrusted']);
    expect(report.checks[0]!.detail).toMatch(
      /certificate not trusted \((SELF_SIGNED|UNABLE_TO|DEPTH_ZERO)\w*\): issuer "/,
    );
    expect(report.checks[0]!.hint).toMatch(/was issued by "[^"]+" that this machine does not trust.*the ca option/);
    expect(report.checks[0]!.addresses[0]!.ip).toBe('127.0.0.1');
  });

  it('a name that does not resolve → dns, answered locally for .invalid (no query leaves the machine)', async () => {
    const { report, ms } = await run({
      apiUrl: 'https://vonage-preflight.invalid',
      turn: { urls: ['turn:vonage-preflight.invalid:3478?transport=udp'] },
      checks: ['api', 'turn'],
    });
    expect(report.checks.map((c) => c.code)).toEqual(['dns', 'dns']);
    expect(report.checks[0]!.hint).toMatch(/vonage-preflight\.invalid does not resolve/);
    expect(ms).toBeLessThan(T);
  });

  it('uses an injected resolver, and connects where it points', async () => {
    const port = await https((_q, s) => s.end('ok'));
    const asked: string[] = [];
    const lookup = ((host: string, opts: { all?: boolean }, cb: (...a: unknown[]) => void) => {
      asked.push(host);
      if (opts.all) cb(null, [{ address: '127.0.0.1', family: 4 }]);
      else cb(null, '127.0.0.1', 4);
    }) as never;
    const { report } = await run(
      { apiUrl: `https://localhost:${port}`, checks: ['api'] },
      nodeTransport({ ca: pems.cert, lookup }),
    );
    expect(asked).toEqual(['localhost']);
    expect(one(report)).toMatchObject({ code: 'ok', addresses: [{ ip: '127.0.0.1' }] });
    expect(one(report).timings!.dnsMs).toBeTypeOf('number');
  });

  it.each([
    [
      'closed at the upgrade',
      (srv: HttpsServer) => srv.on('upgrade', (_q, socket: Socket) => socket.destroy()),
      /closed during the WebSocket upgrade/,
    ],
    [
      'answered 403 instead of 101',
      (srv: HttpsServer) =>
        srv.on('upgrade', (_q, socket: Socket) => socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n')),
      /HTTP 403 instead of 101/,
    ],
    ['answered by a plain HTTP handler', () => {}, /HTTP 426 instead of 101/],
  ])('WebSocket %s → ws-closed', async (_n, setup, detail) => {
    const srv = createHttpsServer({ cert: pems.cert, key: pems.key }, (_q, s) => s.writeHead(426).end());
    setup(srv);
    const port = await track(srv);
    const { report } = await run({ messagingUrl: `wss://127.0.0.1:${port}/rumorwebsocketsv2`, checks: ['messaging'] });
    expect(one(report)).toMatchObject({ status: 'fail', code: 'ws-closed' });
    expect(one(report).detail).toMatch(detail);
  });

  it.each([
    ['api', (p: number) => ({ apiUrl: `http://127.0.0.1:${p}` })],
    ['logging', (p: number) => ({ loggingUrl: `http://127.0.0.1:${p}/prod` })],
    ['messaging', (p: number) => ({ messagingUrl: `ws://127.0.0.1:${p}/ws` })],
  ] as const)('a server that answers but not in HTTP (an SSH banner) → bad-response (%s)', async (category, opts) => {
    const port = await track(createTcpServer((s) => s.once('data', () => s.write('SSH-2.0-OpenSSH_9.6\r\n'))));
    const { report } = await run({ ...opts(port), checks: [category] });
    expect(one(report)).toMatchObject({
      status: 'fail',
      code: 'bad-response',
      addresses: [{ ip: '127.0.0.1', allowed: true }],
    });
    expect(one(report).hint).toMatch(/something else on TCP \d+/);
    expect(one(report).latencyMs).toBeTypeOf('number'); // it answered
  });

  it.each([
    [
      'a wrong Sec-WebSocket-Accept',
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: bm90IHRoZSByaWdodCBrZXk=\r\n\r\n',
    ],
    ['no Upgrade header', 'HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n\r\n'],
  ])('a 101 answer with %s → bad-response (the server answered, not as a WebSocket server)', async (_n, answer) => {
    const port = await track(createTcpServer((s) => s.once('data', () => s.write(answer))));
    const { report } = await run({ messagingUrl: `ws://127.0.0.1:${port}/rumorwebsocketsv2`, checks: ['messaging'] });
    expect(one(report)).toMatchObject({
      status: 'fail',
      code: 'bad-response',
      addresses: [{ ip: '127.0.0.1', allowed: true }],
    });
    expect(one(report).latencyMs).toBeTypeOf('number');
  });

  it.each([
    ['keeps the connection open', false],
    ['closes after its answer', true],
  ])(
    'an HTTP server on a TURN TCP port that %s → bad-response at its first bytes, not a timeout or reset',
    async (_n, close) => {
      const port = await track(
        createTcpServer((s) =>
          s.once('data', () => {
            const answer = 'HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n';
            if (close) s.end(answer);
            else s.write(answer);
          }),
        ),
      );
      const { report, ms } = await run({ turn: { urls: [`turn:127.0.0.1:${port}?transport=tcp`] }, checks: ['turn'] });
      expect(one(report)).toMatchObject({
        status: 'fail',
        code: 'bad-response',
        addresses: [{ ip: '127.0.0.1', allowed: true }],
      });
      expect(one(report).hint).toMatch(/something else on TCP \d+/);
      expect(ms).toBeLessThan(T);
    },
  );

  it('TURN server answering 401: reached (pass) without credentials, turn-unauthorized with credentials', async () => {
    const port = await udpServer((m, reply) => {
      const req = decode(m);
      if (!req) return;
      const errValue = Buffer.from([0, 0, 4, 1, ...Buffer.from('Unauthorized')]);
      reply(
        encode(
          Method.Allocate,
          req.transactionId,
          {
            attributes: [
              { type: Attr.ERROR_CODE, value: errValue },
              { type: Attr.REALM, value: Buffer.from('fault.invalid') },
              { type: Attr.NONCE, value: Buffer.from('0123456789abcdef') },
            ],
          },
          Class.error,
        ),
      );
    });
    const url = `turn:127.0.0.1:${port}?transport=udp`;
    const anon = one((await run({ turn: { urls: [url] }, checks: ['turn'] })).report);
    expect(anon).toMatchObject({ status: 'pass', code: 'ok' });
    expect(anon.detail).toMatch(/401.*path is open/);
    const authed = one(
      (await run({ turn: { urls: [url], username: 'someone', credential: 'wrong-secret' }, checks: ['turn'] })).report,
    );
    expect(authed).toMatchObject({
      status: 'fail',
      code: 'turn-unauthorized',
      addresses: [{ ip: '127.0.0.1', allowed: true }],
    });
    expect(authed.latencyMs).toBeTypeOf('number'); // the server answered
    expect(JSON.stringify(authed)).not.toContain('wrong-secret');
  });

  it('TURN server that allocates without authentication: pass with the relay, then the allocation is released (Refresh, LIFETIME 0)', async () => {
    const seen: string[] = [];
    const port = await udpServer((m, reply) => {
      const req = decode(m);
      if (!req || req.cls !== 'request') return;
      if (req.method === Method.Allocate) {
        seen.push('allocate');
        reply(
          encode(
            Method.Allocate,
            req.transactionId,
            { attributes: [{ type: Attr.XOR_RELAYED_ADDRESS, value: xorAddressV4('127.0.0.1', 50000) }] },
            Class.success,
          ),
        );
      } else if (req.method === Method.Refresh) {
        seen.push(`refresh lifetime ${getAttr(req, Attr.LIFETIME)?.readUInt32BE(0)}`);
      }
    });
    const c = one((await run({ turn: { urls: [`turn:127.0.0.1:${port}?transport=udp`] }, checks: ['turn'] })).report);
    expect(c).toMatchObject({
      status: 'pass',
      code: 'ok',
      detail: 'relay allocated without authentication at 127.0.0.1:50000',
    });
    await expect.poll(() => seen, { timeout: 1000 }).toEqual(['allocate', 'refresh lifetime 0']);
  });

  it('a server slower than the timeout → timeout, and the slow answer is dropped', async () => {
    const timers = new Set<NodeJS.Timeout>();
    closers.push(async () => timers.forEach(clearTimeout));
    const port = await https((_q, s) => {
      const t = setTimeout(() => s.end('late'), 3000);
      timers.add(t);
      s.on('close', () => clearTimeout(t));
    });
    const { report, ms } = await run({ loggingUrl: `https://127.0.0.1:${port}/prod`, checks: ['logging'] });
    expect(one(report)).toMatchObject({ code: 'timeout' });
    expect(ms).toBeLessThan(T + SLACK);
  });

  it('UDP media port that never answers → timeout, never a pass', async () => {
    const port = await udpServer(() => {});
    const { report } = await run({
      media: { host: '127.0.0.1', udpPort: port, tcpPort: await blackHole() },
      checks: ['media'],
    });
    const udp = report.checks.find((c) => c.transport === 'udp')!;
    expect(udp).toMatchObject({ status: 'fail', code: 'timeout' });
    expect(udp.hint).toMatch(/unanswered datagram proves nothing/);
    expect(report.checks.find((c) => c.transport === 'tcp')).toMatchObject({ status: 'pass' }); // TCP accepted = reached
  });

  it('abort mid-run (one check passed, the rest pending) → the rest aborted at once, every socket released', async () => {
    const ac = new AbortController();
    const bh = await blackHole();
    const udp = await udpServer(() => {});
    // Abort right after the quick check (TCP accepted = reached) ends, while every other check waits
    // on a black hole: mid-run by construction, not by a race between a timer and the event loop.
    const onProgress = (e: PreflightEvent): void => {
      if (e.type === 'end' && e.check.category === 'media' && e.check.transport === 'tcp') ac.abort();
    };
    const took = elapsed();
    const report = await runNodePreflight({
      list: LOOPBACK,
      timeoutMs: 10_000,
      signal: ac.signal,
      onProgress,
      transport: nodeTransport({ ca: pems.cert }),
      apiUrl: `https://127.0.0.1:${bh}`,
      messagingUrl: `wss://127.0.0.1:${bh}/ws`,
      loggingUrl: `https://127.0.0.1:${bh}`,
      turn: {
        urls: [
          `turn:127.0.0.1:${udp}?transport=udp`,
          `turn:127.0.0.1:${bh}?transport=tcp`,
          `turns:127.0.0.1:${bh}?transport=tcp`,
        ],
      },
      media: { host: '127.0.0.1', udpPort: udp, tcpPort: bh },
    });
    expect(took()).toBeLessThan(1500);
    const codes = report.checks.map((c) => `${c.category}/${c.transport}/${c.code}`);
    expect(codes.filter((c) => !c.endsWith('/aborted'))).toEqual(['media/tcp/ok']);
  });

  it('an address outside the list → outside-allowlist, though the server answered', async () => {
    const port = await https((_q, s) => s.end('ok'));
    const { report } = await run({
      apiUrl: `https://127.0.0.1:${port}`,
      checks: ['api'],
      list: listOf({ api: ['127.0.0.2'], logging: ['127.0.0.1'] }),
    });
    expect(one(report)).toMatchObject({
      status: 'fail',
      code: 'outside-allowlist',
      addresses: [{ ip: '127.0.0.1', allowed: false, block: null }],
    });
  });
});

describe('probes a real TURN server (coturn): reached, relayed, refused credentials', () => {
  let env: LocalEnv;
  beforeAll(async () => {
    env = await startLocalEnv();
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('refuses wrong TURN credentials as turn-unauthorized on UDP, TCP and TLS', async (ctx) => {
    if (!env.turn) return ctx.skip(`needs coturn: ${env.turnSkipReason}`);
    const t = env.turn;
    const { report } = await run(
      {
        turn: { urls: [t.urls.udp, t.urls.tcp, t.urls.tls], username: t.username, credential: 'not-the-password' },
        checks: ['turn'],
      },
      nodeTransport({ ca: env.caPem }),
    );
    expect(report.checks.map((c) => `${c.transport}/${c.code}`)).toEqual([
      'udp/turn-unauthorized',
      'tcp/turn-unauthorized',
      'tls/turn-unauthorized',
    ]);
  });

  it('allocates a real relay with the right credentials, over UDP, TCP and TLS', async (ctx) => {
    if (!env.turn) return ctx.skip(`needs coturn: ${env.turnSkipReason}`);
    const t = env.turn;
    const { report } = await run(
      {
        turn: { urls: [t.urls.udp, t.urls.tcp, t.urls.tls], username: t.username, credential: t.credential },
        checks: ['turn'],
      },
      nodeTransport({ ca: env.caPem }),
    );
    for (const c of report.checks) {
      expect(c).toMatchObject({ status: 'pass', code: 'ok', addresses: [{ ip: '127.0.0.1', allowed: true }] });
      expect(c.detail).toMatch(/^relay allocated at 127\.0\.0\.1:\d+$/);
    }
  });
});
