/**
 * A local stand-in for Vonage Video's servers, all on 127.0.0.1, for the preflight tests, the
 * browser tests and `npm run demo`:
 *
 * - an HTTPS API server answering `GET /session/{sessionId}?extended=true` like anvil does (checks
 *   the SDK's headers, answers the JSON array with `messaging_url`, `ice_servers`,
 *   `media_server_hostname`), CORS-open for the browser;
 * - a WSS signaling endpoint (`/rumorwebsocketsv2`);
 * - a logging endpoint (`POST {loggingUrl}/logging/ClientEvent`);
 * - a media server stand-in: a UDP port answering STUN Binding and a TCP port that accepts;
 * - the real coturn (`turnserver`) with a long-term credential user and TLS, when installed.
 *
 * One self-signed certificate (for `127.0.0.1` and `localhost`) is made at start; pass `caPem` to
 * the client as its trusted CA. Every port is chosen by the OS; `stop()` closes everything and
 * kills coturn's process group.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { existsSync, mkdtempSync, rmSync, writeFileSync, accessSync, constants } from 'node:fs';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import {
  createServer as createTcpServer,
  connect as tcpConnect,
  type Server as TcpServer,
  type Socket,
} from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { generate } from 'selfsigned';
import { WebSocketServer } from 'ws';
import {
  Attr,
  Class,
  Method,
  decode,
  encode,
  newTransactionId,
  xorAddressV4,
} from '../../../src/preflight/transports/stun.js';

export interface LocalEnvOptions {
  /** Start coturn when `turnserver` is installed. Default true. */
  coturn?: boolean;
  /** Rewrites the session-info element before it is served (wrong TURN credentials, other hosts...). */
  sessionInfo?: (info: SessionInfo) => SessionInfo;
}

export interface SessionInfo {
  session_id: string;
  partner_id: string;
  messaging_url: string;
  messaging_server_url: string;
  media_server_hostname: string;
  symphony_address: string;
  ice_servers: Array<{ urls: string[]; username?: string; credential?: string }>;
  properties: Record<string, unknown>;
  [key: string]: unknown;
}

export interface LocalTurn {
  urls: { udp: string; tcp: string; tls: string };
  username: string;
  credential: string;
  host: string;
  port: number;
  tlsPort: number;
}

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

export interface LocalEnv {
  apiUrl: string;
  messagingUrl: string;
  loggingUrl: string;
  /** The self-signed certificate every TLS endpoint here presents; trust it as a CA. */
  caPem: string;
  turn: LocalTurn | null;
  /** Why `turn` is null (`turnserver` not installed, or disabled). */
  turnSkipReason: string | null;
  /** The media server stand-in: UDP answers STUN Binding, TCP accepts. */
  media: { host: string; udpPort: number; tcpPort: number };
  /** An allowed IP list in the text form, covering 127.0.0.1 in every category. */
  listText: string;
  /** Credentials the API stand-in accepts. The token is a fake but shaped like a real one. */
  credentials: { apiKey: string; sessionId: string; token: string };
  /** Every HTTP request the API and logging servers received, in order. */
  received: ReceivedRequest[];
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';

/** A list text with every category's block on loopback (headings as the allowed-list parser reads them). */
export function loopbackListText(
  categories: Array<'api' | 'turn' | 'media' | 'logging'> = ['api', 'turn', 'media', 'logging'],
): string {
  const lines = ['# Local environment: every server category on loopback'];
  for (const c of categories) lines.push('', `[${c}]`, `127.0.0.1/32 local ${c}`);
  return lines.join('\n') + '\n';
}

export function turnserverPath(): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const p = join(dir, 'turnserver');
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      /* next */
    }
  }
  return null;
}

export async function startLocalEnv(options: LocalEnvOptions = {}): Promise<LocalEnv> {
  const cleanups: Array<() => Promise<void> | void> = [];
  const stop = async (): Promise<void> => {
    for (const c of cleanups.splice(0).reverse()) {
      try {
        await c();
      } catch {
        /* keep stopping the rest */
      }
    }
    // Closed handles leave the active list on the next loop turns: return once they are gone.
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
  };
  try {
    return await start(options, cleanups, stop);
  } catch (err) {
    await stop();
    throw err;
  }
}

async function start(
  options: LocalEnvOptions,
  cleanups: Array<() => Promise<void> | void>,
  stop: () => Promise<void>,
): Promise<LocalEnv> {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    notBeforeDate: new Date(Date.now() - 60_000),
    notAfterDate: new Date(Date.now() + 7 * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: HOST },
        ],
      },
    ],
  });
  const tls = { key: pems.private, cert: pems.cert };
  const credentials = {
    apiKey: '47000001',
    sessionId: '1_MX40NzAwMDAwMX5-bG9jYWwtZW52fn4',
    token: `T1==${Buffer.from(`partner_id=47000001&sig=local-${Math.random().toString(36).slice(2)}`).toString('base64')}`,
  };
  const received: ReceivedRequest[] = [];

  const cors = (res: ServerResponse): void => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Headers', '*');
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
    res.setHeader('Timing-Allow-Origin', '*');
  };
  const json = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const record = (req: IncomingMessage): void => {
    received.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers });
  };

  // Media stand-in and coturn first: the session info names them.
  const media = await startMedia(cleanups);
  const turnBin = options.coturn === false ? null : turnserverPath();
  const turnSkipReason =
    options.coturn === false
      ? 'coturn disabled by the caller'
      : turnBin
        ? null
        : '`turnserver` (Debian package coturn) is not installed';
  const turn = turnBin ? await startCoturn(turnBin, tls, cleanups) : null;

  const messaging = createHttpsServer(tls, (_req, res) => {
    res.writeHead(426, { 'Content-Type': 'text/plain' }).end('upgrade required');
  });
  const wss = new WebSocketServer({ server: messaging, path: '/rumorwebsocketsv2' });
  wss.on('connection', (ws) => ws.on('message', (m) => ws.send(m)));
  cleanups.push(() => {
    for (const c of wss.clients) c.terminate();
    wss.close();
  });
  const messagingPort = await listen(messaging, cleanups);
  const messagingUrl = `wss://${HOST}:${messagingPort}/rumorwebsocketsv2`;

  let apiPort = 0;
  const api = createHttpsServer(tls, (req, res) => {
    record(req);
    cors(res);
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    const url = new URL(req.url ?? '/', `https://${HOST}:${apiPort}`);
    const m = /^\/session\/([^/]+)$/.exec(url.pathname);
    if (req.method !== 'GET' || !m) return json(res, 404, { code: 404, message: 'not found' });
    if (req.headers['x-opentok-auth'] !== credentials.token || decodeURIComponent(m[1]!) !== credentials.sessionId) {
      return json(res, 403, [{ error: { code: 403, errorMessage: 'Invalid token or session' } }]);
    }
    let info: SessionInfo = {
      session_id: credentials.sessionId,
      partner_id: credentials.apiKey,
      messaging_url: messagingUrl,
      messaging_server_url: HOST,
      media_server_hostname: media.host,
      symphony_address: `/${HOST}:${media.udpPort}`,
      ice_servers: turn
        ? [
            {
              urls: [turn.urls.udp, turn.urls.tcp, turn.urls.tls],
              username: turn.username,
              credential: turn.credential,
            },
          ]
        : [],
      properties: { p2p: { preference: { value: 'disabled' } } },
    };
    if (options.sessionInfo) info = options.sessionInfo(info);
    json(res, 200, [info]);
  });
  apiPort = await listen(api, cleanups);

  const logging = createHttpsServer(tls, (req, res) => {
    record(req);
    cors(res);
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    req.resume();
    req.on('end', () => {
      if (req.method === 'POST' && /\/logging\/Client(Event|Qos)$/.test(req.url ?? ''))
        return void res.writeHead(204).end();
      json(res, 404, { code: 404 });
    });
  });
  const loggingPort = await listen(logging, cleanups);

  return {
    apiUrl: `https://${HOST}:${apiPort}`,
    messagingUrl,
    loggingUrl: `https://${HOST}:${loggingPort}/prod`,
    caPem: pems.cert,
    turn,
    turnSkipReason,
    media,
    listText: loopbackListText(),
    credentials,
    received,
    stop,
  };
}

function listen(server: HttpsServer | TcpServer, cleanups: Array<() => Promise<void> | void>): Promise<number> {
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  // A TLS server also sees the raw socket under 'connection'; destroying it ends the TLS one.
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  );
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, HOST, () => {
      server.off('error', reject);
      resolve((server.address() as { port: number }).port);
    });
  });
}

async function startMedia(
  cleanups: Array<() => Promise<void> | void>,
): Promise<{ host: string; udpPort: number; tcpPort: number }> {
  const udp = createSocket('udp4');
  udp.on('message', (msg, rinfo) => {
    const req = decode(msg);
    if (!req || req.cls !== 'request' || req.method !== Method.Binding) return;
    const answer = encode(
      Method.Binding,
      req.transactionId,
      {
        attributes: [{ type: Attr.XOR_MAPPED_ADDRESS, value: xorAddressV4(rinfo.address, rinfo.port) }],
        fingerprint: true,
      },
      Class.success,
    );
    udp.send(answer, rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve, reject) => {
    udp.once('error', reject);
    udp.bind(0, HOST, () => resolve());
  });
  cleanups.push(() => new Promise<void>((resolve) => udp.close(() => resolve())));
  const tcp = createTcpServer((s) => s.on('error', () => {}));
  const tcpPort = await listen(tcp, cleanups);
  return { host: HOST, udpPort: udp.address().port, tcpPort };
}

/** A port free for both TCP and UDP on 127.0.0.1 right now (coturn listens on both). */
async function freePort(): Promise<number> {
  for (let i = 0; i < 20; i++) {
    const srv = createTcpServer();
    const port = await new Promise<number>((resolve, reject) => {
      srv.once('error', reject);
      srv.listen(0, HOST, () => resolve((srv.address() as { port: number }).port));
    });
    const udp: UdpSocket = createSocket('udp4');
    const ok = await new Promise<boolean>((resolve) => {
      udp.once('error', () => resolve(false));
      udp.bind(port, HOST, () => resolve(true));
    });
    await new Promise<void>((r) => udp.close(() => r())).catch(() => {});
    await new Promise<void>((r) => srv.close(() => r()));
    if (ok) return port;
  }
  throw new Error('local-env: no port free for both TCP and UDP');
}

async function startCoturn(
  bin: string,
  tls: { key: string; cert: string },
  cleanups: Array<() => Promise<void> | void>,
): Promise<LocalTurn> {
  const dir = mkdtempSync(join(tmpdir(), 'local-env-coturn-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'cert.pem'), tls.cert);
  writeFileSync(join(dir, 'key.pem'), tls.key, { mode: 0o600 });
  const username = 'local-turn-user'; // not a word that hints use: reports star out TURN user names
  const credential = `pw-${Math.random().toString(36).slice(2)}`;
  const realm = 'local-env.invalid';

  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const tlsPort = await freePort();
    const conf = [
      `listening-ip=${HOST}`,
      `relay-ip=${HOST}`,
      `listening-port=${port}`,
      `tls-listening-port=${tlsPort}`,
      'lt-cred-mech',
      'fingerprint',
      `user=${username}:${credential}`,
      `realm=${realm}`,
      `cert=${join(dir, 'cert.pem')}`,
      `pkey=${join(dir, 'key.pem')}`,
      'allow-loopback-peers',
      'no-cli',
      'no-dtls',
      'no-rfc5780',
      'no-software-attribute',
      'no-multicast-peers',
      `userdb=${join(dir, 'turndb')}`,
      `pidfile=${join(dir, 'turnserver.pid')}`,
      'log-file=/dev/null',
      'no-stdout-log',
      'simple-log',
    ];
    writeFileSync(join(dir, 'turnserver.conf'), conf.join('\n') + '\n');
    // Through setpriv --pdeathsig (util-linux) when there is one: coturn gets SIGKILL the moment the
    // process that started it dies, even by SIGKILL (a killed test worker), when no exit handler runs.
    const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p));
    const args = ['-c', join(dir, 'turnserver.conf')];
    const child = setpriv
      ? spawn(setpriv, ['--pdeathsig', 'KILL', bin, ...args], { detached: true, stdio: 'ignore' })
      : spawn(bin, args, { detached: true, stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.once('error', () => {});
    // coturn runs in its own process group (so stop() can signal the group): if this process exits
    // without stop(), take coturn with it instead of leaving it running.
    const onExit = (): void => {
      signalGroup(child, 'SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    };
    process.once('exit', onExit);
    void exited.then(() => process.off('exit', onExit));
    const kill = async (): Promise<void> => {
      process.off('exit', onExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      signalGroup(child, 'SIGTERM');
      const t = setTimeout(() => signalGroup(child, 'SIGKILL'), 3000);
      await exited;
      clearTimeout(t);
    };
    try {
      await waitReady(port, tlsPort, child, 15_000);
      cleanups.push(kill);
      return {
        urls: {
          udp: `turn:${HOST}:${port}?transport=udp`,
          tcp: `turn:${HOST}:${port}?transport=tcp`,
          tls: `turns:${HOST}:${tlsPort}?transport=tcp`,
        },
        username,
        credential,
        host: HOST,
        port,
        tlsPort,
      };
    } catch (err) {
      lastError = err;
      await kill();
    }
  }
  throw new Error(`local-env: coturn did not start: ${String(lastError)}`);
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

/** Ready when a STUN Binding over UDP gets an answer and both TCP ports accept. */
async function waitReady(port: number, tlsPort: number, child: ChildProcess, deadlineMs: number): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`turnserver exited (${child.exitCode ?? child.signalCode})`);
    const ok = (await udpBinding(port)) && (await tcpAccepts(port)) && (await tcpAccepts(tlsPort));
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('turnserver not ready in time');
}

function udpBinding(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createSocket('udp4');
    const tid = newTransactionId();
    const done = (ok: boolean): void => {
      clearTimeout(t);
      s.close();
      resolve(ok);
    };
    const t = setTimeout(() => done(false), 200);
    s.on('error', () => done(false));
    s.on('message', (m) => {
      const msg = decode(m);
      if (msg && msg.transactionId.equals(tid)) done(true);
    });
    s.send(encode(Method.Binding, tid), port, HOST);
  });
}

function tcpAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = tcpConnect(port, HOST);
    const t = setTimeout(() => {
      s.destroy();
      resolve(false);
    }, 200);
    s.once('connect', () => {
      clearTimeout(t);
      s.destroy();
      resolve(true);
    });
    s.once('error', () => {
      clearTimeout(t);
      resolve(false);
    });
  });
}
