import { performance } from 'node:perf_hooks';
import { ProbeError } from '../probe-error.js';
import { allocate, type Allocation, type Credentials, type RelayAddress } from './allocation.js';
import { estimateMos } from './mos.js';
import { readPacket, writePacket } from './packet.js';
import { JitterMeter, lossRatio, summarizeRtt } from './stats.js';
import { channelData, openLink, type LinkOptions } from './turn-link.js';
import { DEFAULT_QUALITY, type QualityFigures, type QualityOptions } from './types.js';

/** Payload bytes per packet: about a video RTP packet's size, under any path MTU. */
export const PACKET_BYTES = 1000;
/** Pacing tick, ms: each tick sends the packets due by then. */
const TICK_MS = 5;
const CHANNEL = 0x4000;

export interface NodeLoopRequest extends QualityOptions, Credentials {
  host: string;
  port: number;
  kind: LinkOptions['kind'];
  ca?: string | string[];
  secureContext?: LinkOptions['secureContext'];
  signal: AbortSignal;
}

export interface NodeLoopResult {
  figures: QualityFigures;
  /** Both relayed addresses, to be judged against the list's TURN block. */
  relayed: RelayAddress[];
  /** Milliseconds from the call to the result (setup, stream and drain). */
  elapsedMs: number;
  /** Of those, the setup: connections, allocations and channels. */
  setupMs: number;
}

/**
 * Two allocations on one TURN server over the same transport, a channel from each to the other's
 * relayed address, then a paced stream from the first to the second for `seconds`, each packet
 * echoed back: one-way loss and jitter each way, RTT from the echoes, throughput of what arrived.
 * After the stream, a drain of 2 of its slowest round trips (100 ms to 1 s) lets late packets in. Both allocations
 * are released and both connections closed on every path.
 */
export async function runNodeLoop(req: NodeLoopRequest): Promise<NodeLoopResult> {
  const started = performance.now();
  const seconds = req.seconds ?? DEFAULT_QUALITY.seconds;
  const kbps = req.kbps ?? DEFAULT_QUALITY.kbps;
  const stream = req.kind !== 'udp';
  const linkOptions: LinkOptions = {
    host: req.host,
    port: req.port,
    kind: req.kind,
    ca: req.ca,
    secureContext: req.secureContext,
    signal: req.signal,
  };
  const opened = await Promise.allSettled([openLink(linkOptions), openLink(linkOptions)]);
  const links = opened.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const allocations: Allocation[] = [];
  try {
    const failed = opened.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    const [a, b] = await Promise.all(links.map((l) => allocate(l, req)));
    allocations.push(a!, b!);
    await Promise.all([a!.bindChannel(CHANNEL, b!.relayed), b!.bindChannel(CHANNEL, a!.relayed)]);
    const setupMs = performance.now() - started;
    const figures = await stream2(a!, b!, { seconds, kbps, stream, signal: req.signal });
    return { figures, relayed: [a!.relayed, b!.relayed], elapsedMs: performance.now() - started, setupMs };
  } finally {
    await Promise.all(allocations.map((x) => x.release()));
    for (const link of links) link.close();
  }
}

interface StreamSpec {
  seconds: number;
  kbps: number;
  stream: boolean;
  signal: AbortSignal;
}

async function stream2(sender: Allocation, echoer: Allocation, spec: StreamSpec): Promise<QualityFigures> {
  const pps = (spec.kbps * 1000) / 8 / PACKET_BYTES;
  const windowMs = spec.seconds * 1000;
  const atB = new Set<number>();
  const atA = new Set<number>();
  const jitterAB = new JitterMeter();
  const jitterBA = new JitterMeter();
  const rtts: number[] = [];
  let echoes = 0;
  echoer.link.onChannelData = (_ch, data) => {
    const now = performance.now();
    const probe = readPacket(data);
    if (!probe || probe.kind !== 1 || atB.has(probe.seq)) return;
    atB.add(probe.seq);
    jitterAB.add(probe.sentAt, now);
    const echo = {
      kind: 2 as const,
      seq: echoes++,
      sentAt: performance.now(),
      probeSeq: probe.seq,
      probeSentAt: probe.sentAt,
    };
    echoer.link.send(channelData(CHANNEL, writePacket(echo, PACKET_BYTES), spec.stream));
  };
  sender.link.onChannelData = (_ch, data) => {
    const now = performance.now();
    const echo = readPacket(data);
    if (!echo || echo.kind !== 2 || atA.has(echo.seq)) return;
    atA.add(echo.seq);
    jitterBA.add(echo.sentAt, now);
    rtts.push(now - echo.probeSentAt);
  };

  const start = performance.now();
  let sent = 0;
  await new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new ProbeError('aborted', 'aborted during the quality stream'));
    };
    const tick = (): void => {
      const elapsed = performance.now() - start;
      const due = Math.min(
        Math.floor((Math.min(elapsed, windowMs) * pps) / 1000) + 1,
        Math.ceil((windowMs * pps) / 1000),
      );
      while (sent < due) {
        const probe = { kind: 1 as const, seq: sent++, sentAt: performance.now(), probeSeq: 0, probeSentAt: 0 };
        sender.link.send(channelData(CHANNEL, writePacket(probe, PACKET_BYTES), spec.stream));
      }
      if (elapsed >= windowMs) {
        spec.signal.removeEventListener('abort', onAbort);
        return resolve();
      }
      timer = setTimeout(tick, TICK_MS);
    };
    let timer = setTimeout(tick, 0);
    spec.signal.addEventListener('abort', onAbort, { once: true });
  });
  const streamMs = performance.now() - start;
  // Drain: two round trips of the slowest seen so far, 100 ms to 1 s, then stop counting.
  const slowest = rtts.length ? rtts.reduce((m, v) => Math.max(m, v), 0) : 500;
  await new Promise((r) => setTimeout(r, Math.min(1000, Math.max(100, 2 * slowest))));
  sender.link.onChannelData = null;
  echoer.link.onChannelData = null;

  const forward = lossRatio(sent, atB.size);
  const backward = lossRatio(echoes, atA.size);
  const rttMs = summarizeRtt(rtts);
  const jitterMs = Math.round(Math.max(jitterAB.value, jitterBA.value) * 10) / 10;
  const worst = Math.max(forward, backward);
  return {
    seconds: Math.round(streamMs) / 1000,
    sent,
    received: atB.size,
    lossRatio: round3(worst),
    loss: { forward: round3(forward), backward: round3(backward) },
    rttMs,
    jitterMs,
    kbps: Math.round((atB.size * PACKET_BYTES * 8) / streamMs),
    mos: rttMs ? estimateMos({ rttMs: rttMs.median, jitterMs, lossRatio: worst }) : 1,
  };
}

function round3(ratio: number): number {
  return Math.round(ratio * 1000) / 1000;
}
