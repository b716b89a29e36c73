/**
 * Preflight speed on the local environment (all on 127.0.0.1, real coturn when installed):
 *
 * 1. Parallelism: the time to a verdict for every check at once, over the slowest check run alone
 *    (medians over the rounds). Goal ≤ 1.2: the run costs about its slowest check, not their sum.
 *    Measured twice: on bare loopback (no network latency at all, so the run is bound by the CPU
 *    of one thread doing every TLS handshake, client and in-process servers alike), and through
 *    proxies that delay every TCP chunk and UDP datagram by half a round trip (RTT_MS), as a network
 *    does: there the checks' waiting overlaps, which is what running them at once is for.
 * 2. Deadline: one category black-holed (a TCP port that accepts and never answers) at timeout T,
 *    the rest answering: the total time over T. Goal ≤ 1.1: a dead category costs its deadline, no more.
 *
 * `npm run bench` runs it through bench/run.ts; `npx tsx bench/preflight.ts` alone.
 */
import { createSocket, type RemoteInfo, type Socket as UdpSocket } from 'node:dgram';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { AllowedIpList } from '../src/allowlist/list.js';
import { nodeTransport, runNodePreflight } from '../src/preflight/node.js';
import type { PreflightOptions, Transport } from '../src/preflight/types.js';
import { startLocalEnv, type LocalEnv } from '../test/support/local-env/index.js';

const ROUNDS = 15;
const WARMUP = 3;
const BLACK_HOLE_T = 1000;
const BLACK_HOLE_ROUNDS = 5;
/** Simulated round trip for the second measurement (a nearby data centre). */
const RTT_MS = 20;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const fmt = (ms: number): string => `${ms.toFixed(1)} ms`;

type Run = Omit<PreflightOptions, 'list' | 'transport'>;

/** Every check of the local environment, by name, each alone; and all of them together. */
function plans(env: Pick<LocalEnv, 'apiUrl' | 'messagingUrl' | 'loggingUrl' | 'media' | 'turn'>): {
  singles: Array<[string, Run]>;
  all: Run;
} {
  const media = { host: env.media.host, tcpPort: env.media.tcpPort, udpPort: env.media.udpPort };
  const turn = env.turn;
  const turnCreds = turn ? { username: turn.username, credential: turn.credential } : {};
  const singles: Array<[string, Run]> = [
    ['api HTTPS', { apiUrl: env.apiUrl, checks: ['api'] }],
    ['messaging WSS', { messagingUrl: env.messagingUrl, checks: ['messaging'] }],
    ['logging HTTPS', { loggingUrl: env.loggingUrl, checks: ['logging'] }],
    ['media TCP', { media: { host: media.host, tcpPort: media.tcpPort }, checks: ['media'] }],
    ['media UDP', { media, checks: ['media'] }],
  ];
  if (turn) {
    singles.push(
      ['turn UDP (relay)', { turn: { urls: [turn.urls.udp], ...turnCreds }, checks: ['turn'] }],
      ['turn TCP (relay)', { turn: { urls: [turn.urls.tcp], ...turnCreds }, checks: ['turn'] }],
      ['turn TLS (relay)', { turn: { urls: [turn.urls.tls], ...turnCreds }, checks: ['turn'] }],
    );
  }
  const all: Run = {
    apiUrl: env.apiUrl,
    messagingUrl: env.messagingUrl,
    loggingUrl: env.loggingUrl,
    media,
    ...(turn ? { turn: { urls: [turn.urls.udp, turn.urls.tcp, turn.urls.tls], ...turnCreds } } : {}),
  };
  return { singles, all };
}

async function timed(list: AllowedIpList, transport: Transport, run: Run): Promise<number> {
  const t0 = performance.now();
  const report = await runNodePreflight({ ...run, list, transport });
  const ms = performance.now() - t0;
  const bad = report.checks.filter((c) => c.status === 'fail');
  if (bad.length > 0 && !run.timeoutMs)
    throw new Error(`bench: unexpected failure ${bad.map((c) => `${c.category}/${c.transport}/${c.code}`).join(', ')}`);
  return ms;
}

/** A TCP port that accepts and never answers; `close()` drops every connection. */
async function blackHole(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const srv = createServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
  });
  const port = await new Promise<number>((r) =>
    srv.listen(0, '127.0.0.1', () => r((srv.address() as { port: number }).port)),
  );
  return {
    port,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        srv.close(() => r());
      }),
  };
}

interface Closer {
  close(): Promise<void>;
}

/** Runs callbacks `ms` later, in the order given; `cancel()` drops every one still pending. */
function delayer(ms: number): { later: (fn: () => void) => void; cancel: () => void } {
  const timers = new Set<NodeJS.Timeout>();
  return {
    later: (fn) => {
      const t = setTimeout(() => {
        timers.delete(t);
        fn();
      }, ms);
      timers.add(t);
    },
    cancel: () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
    },
  };
}

/** A TCP proxy on 127.0.0.1 to `port` delaying every chunk, each way, by `oneWayMs` (order kept). */
async function delayedTcp(port: number, oneWayMs: number): Promise<{ port: number } & Closer> {
  const sockets = new Set<Socket>();
  const { later, cancel } = delayer(oneWayMs);
  const pipe = (from: Socket, to: Socket): void => {
    from.on('data', (d: Buffer) => later(() => !to.destroyed && to.write(d)));
    from.on('end', () => later(() => !to.destroyed && to.end()));
    from.on('error', () => later(() => to.destroy()));
    from.on('close', () => later(() => to.destroy()));
  };
  const srv: Server = createServer((client) => {
    const upstream = connect(port, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    }
    pipe(client, upstream);
    pipe(upstream, client);
  });
  const p = await new Promise<number>((r) =>
    srv.listen(0, '127.0.0.1', () => r((srv.address() as { port: number }).port)),
  );
  return {
    port: p,
    close: () =>
      new Promise<void>((r) => {
        cancel();
        for (const s of sockets) s.destroy();
        srv.close(() => r());
      }),
  };
}

/** A UDP relay on 127.0.0.1 to `port` delaying every datagram, each way, by `oneWayMs`. */
async function delayedUdp(port: number, oneWayMs: number): Promise<{ port: number } & Closer> {
  const front: UdpSocket = createSocket('udp4');
  const backs = new Map<string, UdpSocket>();
  const { later, cancel } = delayer(oneWayMs);
  front.on('message', (msg: Buffer, from: RemoteInfo) => {
    const key = `${from.address}:${from.port}`;
    let back = backs.get(key);
    if (!back) {
      const b = createSocket('udp4');
      b.on('message', (reply: Buffer) => later(() => front.send(reply, from.port, from.address)));
      b.on('error', () => {});
      backs.set(key, b);
      back = b;
    }
    const b = back;
    later(() => b.send(msg, port, '127.0.0.1'));
  });
  await new Promise<void>((r) => front.bind(0, '127.0.0.1', () => r()));
  return {
    port: front.address().port,
    close: async () => {
      cancel();
      for (const b of backs.values()) await new Promise<void>((r) => b.close(() => r()));
      await new Promise<void>((r) => front.close(() => r()));
    },
  };
}

/** The local environment's endpoints behind delaying proxies: every exchange costs `rttMs` more. */
async function behindLatency(env: LocalEnv, rttMs: number, closers: Closer[]): Promise<LocalEnv> {
  const oneWay = rttMs / 2;
  const tcp = async (port: number): Promise<number> => {
    const p = await delayedTcp(port, oneWay);
    closers.push(p);
    return p.port;
  };
  const udp = async (port: number): Promise<number> => {
    const p = await delayedUdp(port, oneWay);
    closers.push(p);
    return p.port;
  };
  const swapPort = async (url: string): Promise<string> => {
    const u = new URL(url);
    u.port = String(await tcp(Number(u.port)));
    return u.toString().replace(/\/$/, '');
  };
  const turn = env.turn;
  let turnOut: LocalEnv['turn'] = null;
  if (turn) {
    const [udpPort, tcpPort, tlsPort] = [await udp(turn.port), await tcp(turn.port), await tcp(turn.tlsPort)];
    turnOut = {
      ...turn,
      urls: {
        udp: `turn:127.0.0.1:${udpPort}?transport=udp`,
        tcp: `turn:127.0.0.1:${tcpPort}?transport=tcp`,
        tls: `turns:127.0.0.1:${tlsPort}?transport=tcp`,
      },
    };
  }
  return {
    ...env,
    apiUrl: await swapPort(env.apiUrl),
    messagingUrl: await swapPort(env.messagingUrl),
    loggingUrl: await swapPort(env.loggingUrl),
    media: { host: env.media.host, tcpPort: await tcp(env.media.tcpPort), udpPort: await udp(env.media.udpPort) },
    turn: turnOut,
  };
}

/** Runs every check alone and all at once, `ROUNDS` times; prints the medians and the ratio. */
async function parallelism(
  { log, list, transport }: { log: (line: string) => void; list: AllowedIpList; transport: Transport },
  env: Endpoints,
  title: string,
): Promise<number> {
  const { singles, all } = plans(env);
  const singleMs = new Map<string, number[]>(singles.map(([n]) => [n, []]));
  const allMs: number[] = [];
  for (let round = 0; round < WARMUP + ROUNDS; round++) {
    for (const [name, run] of singles) {
      const ms = await timed(list, transport, run);
      if (round >= WARMUP) singleMs.get(name)!.push(ms);
    }
    const ms = await timed(list, transport, all);
    if (round >= WARMUP) allMs.push(ms);
  }
  log('');
  log(`${title}: check alone, median`);
  let slowest = { name: '', ms: 0 };
  for (const [name, xs] of singleMs) {
    const m = median(xs);
    if (m > slowest.ms) slowest = { name, ms: m };
    log(`  ${name.padEnd(24)}  ${fmt(m)}`);
  }
  const allMedian = median(allMs);
  const ratio = allMedian / slowest.ms;
  log(`  ${`all ${singles.length} at once`.padEnd(24)}  ${fmt(allMedian)}`);
  log(
    `  time to verdict / slowest check alone (${slowest.name}): ${ratio.toFixed(3)}  (goal ≤ 1.2) ${ratio <= 1.2 ? 'met' : 'NOT met'}`,
  );
  return ratio;
}

/** What the serving child hands over: the endpoints, no functions. */
type Endpoints = Pick<
  LocalEnv,
  'apiUrl' | 'messagingUrl' | 'loggingUrl' | 'media' | 'turn' | 'turnSkipReason' | 'caPem' | 'listText'
>;

const endpoints = (e: LocalEnv): Endpoints => ({
  apiUrl: e.apiUrl,
  messagingUrl: e.messagingUrl,
  loggingUrl: e.loggingUrl,
  media: e.media,
  turn: e.turn,
  turnSkipReason: e.turnSkipReason,
  caPem: e.caPem,
  listText: e.listText,
});

/**
 * The serving side, in its own process (as real servers are): the local environment, the same
 * behind delaying proxies, and a black hole. Prints one JSON line, stops when stdin closes.
 */
async function serve(): Promise<void> {
  const env = await startLocalEnv();
  const closers: Closer[] = [];
  const hole = await blackHole();
  const delayed = await behindLatency(env, RTT_MS, closers);
  process.stdout.write(
    `${JSON.stringify({ bare: endpoints(env), delayed: endpoints(delayed), blackHolePort: hole.port })}\n`,
  );
  process.stdin.resume();
  await new Promise<void>((r) => process.stdin.once('end', () => r()));
  process.stdin.pause();
  for (const c of closers) await c.close();
  await hole.close();
  await env.stop();
}

/** Starts {@link serve} in a child process; `stop()` ends it and waits for its exit. */
async function startServer(): Promise<{
  bare: Endpoints;
  delayed: Endpoints;
  blackHolePort: number;
  stop(): Promise<void>;
}> {
  const tsx = createRequire(import.meta.url).resolve('tsx/cli');
  const child = spawn(process.execPath, [tsx, fileURLToPath(import.meta.url), '--serve'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const first = await new Promise<string>((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const nl = buf.indexOf('\n');
      if (nl >= 0) resolve(buf.slice(0, nl));
    });
    child.once('exit', (code) => reject(new Error(`bench server exited (${code}) before it was ready`)));
  });
  const data = JSON.parse(first) as { bare: Endpoints; delayed: Endpoints; blackHolePort: number };
  return {
    ...data,
    stop: async () => {
      child.stdin!.end();
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(t);
    },
  };
}

/** Measures and prints both ratios with their goals. The servers run in a child process. */
export async function runPreflightBench(log: (line: string) => void): Promise<void> {
  const server = await startServer();
  try {
    const env = server.bare;
    const list = AllowedIpList.fromText(env.listText);
    // One transport for the whole bench, as one CLI run has: its trust store is built once.
    const transport = nodeTransport({ ca: env.caPem });
    log(
      `local environment on 127.0.0.1 in a child process, ${env.turn ? 'real coturn (TURN with credentials: a relay allocation each)' : `no TURN (${env.turnSkipReason})`}`,
    );
    log(
      `${process.version}, ${cpus().length} CPUs, load average ${loadavg()[0]!.toFixed(1)} at start; ${ROUNDS} rounds after ${WARMUP} warm-up; medians`,
    );
    await parallelism({ log, list, transport }, env, 'bare loopback (no latency: bound by CPU)');
    await parallelism({ log, list, transport }, server.delayed, `loopback + ${RTT_MS} ms RTT (delaying proxies)`);
    log('');
    const holeMs: number[] = [];
    const { all } = plans(env);
    const holed: Run = { ...all, apiUrl: `https://127.0.0.1:${server.blackHolePort}`, timeoutMs: BLACK_HOLE_T };
    for (let i = 0; i < BLACK_HOLE_ROUNDS; i++) holeMs.push(await timed(list, transport, holed));
    const holeRatio = median(holeMs) / BLACK_HOLE_T;
    log(
      `api black-holed (accepts, never answers) at T = ${BLACK_HOLE_T} ms, the rest answering: ${fmt(median(holeMs))} median of ${BLACK_HOLE_ROUNDS} (max ${fmt(Math.max(...holeMs))})`,
    );
    log(`total / T: ${holeRatio.toFixed(3)}  (goal ≤ 1.1) ${holeRatio <= 1.1 ? 'met' : 'NOT met'}`);
    log(`load average ${loadavg()[0]!.toFixed(1)} at the end`);
  } finally {
    await server.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv.includes('--serve')) await serve();
  else await runPreflightBench((line) => console.log(line));
}
