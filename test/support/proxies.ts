/**
 * Real proxies on loopback for the preflight's proxy tests, started and stopped by the tests:
 *
 * - Debian's `tinyproxy` (installed by scripts/setup.sh), with a config in a temp folder: plain
 *   CONNECT, Basic authentication (407 without or with wrong credentials), CONNECT refused (403) on
 *   ports outside `connectPorts`;
 * - a TLS-inspecting proxy (our own, as corporate ones do): it answers CONNECT, ends the client's TLS
 *   with a certificate for the target signed by a test CA made at start, and opens its own TLS to the
 *   target;
 * - a proxy that drops every connection before answering.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { connect as tcpConnect, createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { connect as tlsConnect, createSecureContext, TLSSocket, type SecureContext } from 'node:tls';
import { generate } from 'selfsigned';

const HOST = '127.0.0.1';

export interface RunningProxy {
  /** `http://127.0.0.1:PORT`. */
  url: string;
  port: number;
  /** Targets the proxy was asked to CONNECT to (`127.0.0.1:443`), in order. */
  connects(): string[];
  stop(): Promise<void>;
}

export function tinyproxyPath(): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    try {
      accessSync(join(dir, 'tinyproxy'), constants.X_OK);
      return join(dir, 'tinyproxy');
    } catch {
      /* next */
    }
  }
  return null;
}

/** Why the tinyproxy tests cannot run here, or null. */
export const tinyproxySkip = (): string | null =>
  tinyproxyPath() ? null : '`tinyproxy` (Debian package tinyproxy) is not installed: run scripts/setup.sh';

async function freePort(): Promise<number> {
  const s = createTcpServer();
  await new Promise<void>((r) => s.listen(0, HOST, r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

async function waitListening(port: number, child: ChildProcess, until = Date.now() + 5000): Promise<void> {
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`tinyproxy exited (${child.exitCode})`);
    const ok = await new Promise<boolean>((r) => {
      const s = tcpConnect(port, HOST);
      s.once('connect', () => (s.destroy(), r(true)));
      s.once('error', () => r(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`tinyproxy did not listen on ${port}`);
}

export interface TinyproxyOptions {
  /** Basic authentication: tinyproxy answers 407 to a CONNECT without these. */
  auth?: { user: string; password: string };
  /** Ports CONNECT may reach; any other is refused (403). Default: every port. */
  connectPorts?: number[];
}

/** Starts tinyproxy on a loopback port; `stop()` kills it and removes its folder. */
export async function startTinyproxy(options: TinyproxyOptions = {}): Promise<RunningProxy> {
  const bin = tinyproxyPath();
  if (!bin) throw new Error(tinyproxySkip()!);
  const dir = mkdtempSync(join(tmpdir(), 'tinyproxy-'));
  const port = await freePort();
  const log = join(dir, 'tinyproxy.log');
  const conf = [
    `Port ${port}`,
    `Listen ${HOST}`,
    'Allow 127.0.0.1',
    'Timeout 10',
    'MaxClients 50',
    'LogLevel Connect',
    `LogFile "${log}"`,
    `PidFile "${join(dir, 'tinyproxy.pid')}"`,
    ...(options.auth ? [`BasicAuth ${options.auth.user} ${options.auth.password}`] : []),
    ...(options.connectPorts ?? []).map((p) => `ConnectPort ${p}`),
  ];
  writeFileSync(join(dir, 'tinyproxy.conf'), conf.join('\n') + '\n');
  const child = spawn(bin, ['-d', '-c', join(dir, 'tinyproxy.conf')], { stdio: 'ignore' });
  const stop = async (): Promise<void> => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitListening(port, child);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    url: `http://${HOST}:${port}`,
    port,
    connects: () => {
      let text = '';
      try {
        text = readFileSync(log, 'utf8');
      } catch {
        /* no log yet */
      }
      return [...text.matchAll(/Request \(file descriptor \d+\): CONNECT (\S+) HTTP/g)].map((m) => m[1]!);
    },
    stop,
  };
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, HOST, r));
  return (server.address() as { port: number }).port;
}

/** A "proxy" that accepts and closes every connection before any answer. */
export async function startDroppingProxy(): Promise<RunningProxy> {
  const seen: string[] = [];
  const server = createTcpServer((s) => {
    s.once('data', (d: Buffer) => {
      seen.push(/^CONNECT (\S+)/.exec(d.toString('latin1'))?.[1] ?? '?');
      s.destroy();
    });
  });
  const port = await listen(server);
  return {
    url: `http://${HOST}:${port}`,
    port,
    connects: () => [...seen],
    stop: () => new Promise((r) => server.close(() => r())),
  };
}

export interface InspectingProxy extends RunningProxy {
  /** The test CA that signs the certificates the proxy presents; give it to the client as `ca`. */
  caPem: string;
  /** Its subject's common name, which a `tls-untrusted` report names as the issuer. */
  caName: string;
}

/**
 * A TLS-inspecting proxy: answers CONNECT, presents a certificate for the target signed by its own
 * test CA, and re-encrypts to the target, trusting `upstreamCa` (the local environment's certificate).
 */
export async function startInspectingProxy(upstreamCa: string): Promise<InspectingProxy> {
  const caName = 'Preflight Test Inspection CA';
  const now = Date.now();
  const ca = await generate([{ name: 'commonName', value: caName }], {
    keyType: 'ec',
    notBeforeDate: new Date(now - 60_000),
    notAfterDate: new Date(now + 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', keyCertSign: true, digitalSignature: true },
    ],
  });
  const contexts = new Map<string, Promise<SecureContext>>();
  const contextFor = (host: string): Promise<SecureContext> => {
    let c = contexts.get(host);
    if (!c) {
      c = generate([{ name: 'commonName', value: host }], {
        keyType: 'ec',
        algorithm: 'sha256',
        notBeforeDate: new Date(now - 60_000),
        notAfterDate: new Date(now + 86_400_000),
        ca: { key: ca.private, cert: ca.cert },
        extensions: [
          { name: 'basicConstraints', cA: false },
          { name: 'keyUsage', digitalSignature: true },
          { name: 'extKeyUsage', serverAuth: true },
          {
            name: 'subjectAltName',
            altNames: [/^[\d.]+$/.test(host) ? { type: 7, ip: host } : { type: 2, value: host }],
          },
        ],
      }).then((leaf) => createSecureContext({ key: leaf.private, cert: leaf.cert }));
      contexts.set(host, c);
    }
    return c;
  };
  const seen: string[] = [];
  const open = new Set<Socket>();
  const server = createHttpServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req, client: Socket) => {
    const target = req.url ?? '';
    seen.push(target);
    open.add(client);
    client.once('close', () => open.delete(client));
    const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(target);
    if (!m) return void client.end('HTTP/1.1 400 Bad Request\r\n\r\n');
    const [host, port] = [m[1]!, Number(m[2])];
    client.write('HTTP/1.1 200 Connection established\r\n\r\n');
    void contextFor(host).then((secureContext) => {
      const inner = new TLSSocket(client, { isServer: true, secureContext });
      const upstream = tlsConnect({ host, port, ca: upstreamCa, servername: /^[\d.]+$/.test(host) ? undefined : host });
      open.add(upstream);
      upstream.once('close', () => (open.delete(upstream), inner.destroy()));
      inner.once('close', () => upstream.destroy());
      inner.on('error', () => upstream.destroy());
      upstream.on('error', () => inner.destroy());
      inner.pipe(upstream).pipe(inner);
    });
  });
  const port = await listen(server as unknown as Server);
  return {
    url: `http://${HOST}:${port}`,
    port,
    caPem: ca.cert,
    caName,
    connects: () => [...seen],
    stop: () =>
      new Promise((r) => {
        for (const s of open) s.destroy();
        server.close(() => r());
      }),
  };
}
