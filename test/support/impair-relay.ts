/**
 * A userspace stand-in for netem (not available where CI runs): a relay on 127.0.0.1 between the
 * clients and a server (the real coturn) that drops a share of packets, delays them and adds jitter,
 * each direction on its own.
 *
 * - UDP: one upstream socket per client address, so the server sees each client as its own 5-tuple.
 *   `drop` is exact, not random: per client and direction, a running sum adds the share per packet
 *   and drops when it crosses 1 (0.1 drops packets 10, 20, 30... of each flow), so a test's tolerance
 *   covers the measurement, not a coin. (One sum for all flows would alias: two clients taking turns
 *   would see every drop land on the same one.)
 *   `jitterMs` draws each packet's extra delay uniformly in ±jitter around `delayMs` (packets may
 *   reorder, as on a real path).
 * - TCP (TLS passes through untouched): each chunk is delayed by `delayMs`, order kept.
 */
import { createSocket, type RemoteInfo, type Socket as UdpSocket } from 'node:dgram';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface Impairment {
  /** Share of packets dropped, 0..1 (UDP only). */
  drop?: number;
  /** Drop at random with probability `drop` instead of exactly every 1/drop-th packet. */
  random?: boolean;
  /**
   * Count the exact drop per RTP stream (SSRC) inside TURN ChannelData, not per flow: a browser's
   * flow mixes audio, video, RTCP and ICE, and a share exact per flow lands unevenly on each stream.
   */
  perStream?: boolean;
  /** Keep packets in order under jitter (a FIFO queue, as most paths): none overtakes an earlier one. */
  keepOrder?: boolean;
  /** Added delay, ms. */
  delayMs?: number;
  /** Extra delay drawn uniformly in [-jitterMs, +jitterMs] per packet, ms (UDP only). */
  jitterMs?: number;
}

export interface RelayOptions {
  /** The server's port on 127.0.0.1. */
  target: number;
  /** Packets from the clients to the server. */
  toServer?: Impairment;
  /** Packets from the server to the clients. */
  toClient?: Impairment;
}

export interface DirectionCounts {
  forwarded: number;
  dropped: number;
}

export interface ImpairRelay {
  /** The relay's port on 127.0.0.1: point the client at it instead of the server. */
  port: number;
  counts: { toServer: DirectionCounts; toClient: DirectionCounts };
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

/** Decides, per packet, whether to drop it and how long to hold it. */
function impairer(
  imp: Impairment | undefined,
  counts: DirectionCounts,
): (forward: () => void, packet?: Buffer) => void {
  const sums = new Map<number, number>();
  let lastAt = 0;
  const drop = Math.min(1, Math.max(0, imp?.drop ?? 0));
  const delay = imp?.delayMs ?? 0;
  const jitter = imp?.jitterMs ?? 0;
  return (forward, packet) => {
    const key = imp?.perStream && packet ? rtpSsrc(packet) : -1;
    const sum = (sums.get(key) ?? 0) + drop;
    sums.set(key, sum);
    if (imp?.random ? Math.random() < drop : sum >= 1 - 1e-9) {
      if (!imp?.random) sums.set(key, sum - 1);
      counts.dropped++;
      return;
    }
    counts.forwarded++;
    let ms = Math.max(0, delay + (jitter ? (Math.random() * 2 - 1) * jitter : 0));
    if (imp?.keepOrder) {
      const now = performance.now();
      lastAt = Math.max(now + ms, lastAt);
      ms = lastAt - now;
    }
    if (ms === 0) forward();
    else setTimeout(forward, ms);
  };
}

/** The SSRC of an RTP packet carried in TURN ChannelData, or -1 (RTCP, STUN, anything else). */
function rtpSsrc(b: Buffer): number {
  if (b.length < 16 || b[0]! < 0x40 || b[0]! > 0x7f) return -1;
  const rtp = b.subarray(4);
  const pt = rtp[1]! & 0x7f;
  if (rtp[0]! >> 6 !== 2 || (pt >= 64 && pt <= 95)) return -1;
  return rtp.readUInt32BE(8);
}

export async function startUdpImpairRelay(o: RelayOptions): Promise<ImpairRelay> {
  const counts = { toServer: { forwarded: 0, dropped: 0 }, toClient: { forwarded: 0, dropped: 0 } };
  const front = createSocket('udp4');
  const upstreams = new Map<string, { sock: UdpSocket; up: ReturnType<typeof impairer> }>();
  let closed = false;
  front.on('message', (msg: Buffer, from: RemoteInfo) => {
    const key = `${from.address}:${from.port}`;
    let u = upstreams.get(key);
    if (!u) {
      const sock = createSocket('udp4');
      const down = impairer(o.toClient, counts.toClient);
      sock.on('message', (back: Buffer) =>
        down(() => {
          if (!closed) front.send(back, from.port, from.address);
        }, back),
      );
      sock.on('error', () => {});
      sock.bind(0, HOST);
      u = { sock, up: impairer(o.toServer, counts.toServer) };
      upstreams.set(key, u);
    }
    const s = u.sock;
    u.up(() => {
      if (!closed) s.send(msg, o.target, HOST);
    }, msg);
  });
  front.on('error', () => {});
  await new Promise<void>((r) => front.bind(0, HOST, () => r()));
  return {
    port: front.address().port,
    counts,
    async close() {
      closed = true;
      const all = [front, ...[...upstreams.values()].map((u) => u.sock)];
      await Promise.all(all.map((s) => new Promise<void>((r) => s.close(() => r()))));
    },
  };
}

/** Delays every chunk by a fixed time, keeping order (a late timer never overtakes an earlier one). */
function delayedWriter(to: Socket, delayMs: number, count: DirectionCounts): (chunk: Buffer) => void {
  let last = 0;
  return (chunk) => {
    count.forwarded++;
    const at = Math.max(Date.now() + delayMs, last);
    last = at;
    setTimeout(() => {
      if (!to.destroyed) to.write(chunk);
    }, at - Date.now());
  };
}

export async function startTcpDelayRelay(o: RelayOptions): Promise<ImpairRelay> {
  const counts = { toServer: { forwarded: 0, dropped: 0 }, toClient: { forwarded: 0, dropped: 0 } };
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(o.target, HOST);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.setNoDelay(true);
      s.on('error', () => {});
      s.on('close', () => {
        sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', delayedWriter(upstream, o.toServer?.delayMs ?? 0, counts.toServer));
    upstream.on('data', delayedWriter(client, o.toClient?.delayMs ?? 0, counts.toClient));
  });
  await new Promise<void>((r) => server.listen(0, HOST, () => r()));
  const addr = server.address();
  return {
    port: typeof addr === 'object' && addr ? addr.port : 0,
    counts,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
