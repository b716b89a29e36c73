import { ProbeError } from '../probe-error.js';
import { estimateMos } from './mos.js';
import { lossRatio, summarizeRtt } from './stats.js';
import { DEFAULT_QUALITY, type QualityFigures } from './types.js';
import { collectStats, rttSamples, syntheticMedia, type Totals } from './browser-media.js';

export interface BrowserLoopRequest {
  /** One TURN URL and its credentials. */
  url: string;
  username: string;
  credential: string;
  /** Seconds of media once connected. Default 5. */
  seconds?: number;
  /** Target video bitrate, kbit/s (the encoder's ceiling). Default 1500. */
  kbps?: number;
  signal: AbortSignal;
}

export interface BrowserLoopResult {
  figures: QualityFigures;
  /** Frames the receiving peer decoded. */
  framesDecoded: number;
  /** The selected pair's relay addresses (local and remote candidate), to judge against the list. */
  relayed: string[];
}

/**
 * Two RTCPeerConnections in the page, relay only (`iceTransportPolicy: 'relay'`) through one TURN
 * URL, the first sending synthetic media (a canvas `captureStream()` video and an oscillator audio
 * track: no camera or microphone prompt) to the second for `seconds`, the second an oscillator back.
 * Figures from `getStats`:
 * - one-way loss each way from the audio streams' `packetsLost` (audio is not retransmitted, so it
 *   is the network's; video's NACK repairs would hide loss);
 * - jitter the audio `inbound-rtp` jitter (RFC 3550, in seconds there, ms here), worse direction;
 * - RTT samples from the selected candidate pair (ICE checks), RTCP (`remote-inbound-rtp`) and a
 *   data channel ping on the same relays ({@link pingChannel});
 * - kbps what arrived (audio and video bytes) over the window.
 * Both connections, the tracks and the audio context are closed on every path.
 */
export async function runBrowserLoop(req: BrowserLoopRequest): Promise<BrowserLoopResult> {
  if (typeof RTCPeerConnection !== 'function') throw new ProbeError('unsupported', 'no RTCPeerConnection here');
  const seconds = req.seconds ?? DEFAULT_QUALITY.seconds;
  const config: RTCConfiguration = {
    iceServers: [{ urls: req.url, username: req.username, credential: req.credential }],
    iceTransportPolicy: 'relay',
  };
  const pc1 = new RTCPeerConnection(config);
  const pc2 = new RTCPeerConnection(config);
  const media = syntheticMedia(true);
  const back = syntheticMedia(false);
  const timers: Array<ReturnType<typeof setTimeout>> = [];
  try {
    pc1.onicecandidate = (e) => void (e.candidate && pc2.addIceCandidate(e.candidate).catch(() => {}));
    pc2.onicecandidate = (e) => void (e.candidate && pc1.addIceCandidate(e.candidate).catch(() => {}));
    for (const track of media.stream.getTracks()) {
      const sender = pc1.addTrack(track, media.stream);
      if (track.kind === 'video') await capBitrate(sender, req.kbps ?? DEFAULT_QUALITY.kbps);
    }
    const pings = pingChannel(pc1, pc2);
    await pc1.setLocalDescription();
    await pc2.setRemoteDescription(pc1.localDescription!);
    // The second peer answers the audio with its own tone: the backward one-way loss.
    for (const track of back.stream.getTracks()) pc2.addTrack(track, back.stream);
    await pc2.setLocalDescription();
    await pc1.setRemoteDescription(pc2.localDescription!);
    await until(
      req.signal,
      timers,
      () => pc2.iceConnectionState === 'connected' || pc2.iceConnectionState === 'completed',
      () => (pc2.iceConnectionState === 'failed' ? 'ICE failed through the relay' : null),
    );
    const rtts = new Map<string, number>();
    const before = await collectStats(pc1, pc2);
    const start = performance.now();
    const ticker = setInterval(pings.ping, 50);
    timers.push(ticker);
    while (performance.now() - start < seconds * 1000) {
      await sleep(req.signal, timers, 250);
      rttSamples(await pc1.getStats(), rtts);
    }
    clearInterval(ticker);
    pings.samples.forEach((v, i) => rtts.set(`dc:${i}`, v));
    const after = await collectStats(pc1, pc2);
    const ms = performance.now() - start;
    return {
      figures: figuresOf(before, after, ms, [...rtts.values()]),
      framesDecoded: after.framesDecoded,
      relayed: after.relayed,
    };
  } finally {
    for (const timer of timers) clearTimeout(timer);
    pc1.close();
    pc2.close();
    media.stop();
    back.stop();
  }
}

function figuresOf(before: Totals, after: Totals, ms: number, rtt: number[]): QualityFigures {
  type Count = Exclude<keyof Totals, 'jitterMs' | 'framesDecoded' | 'relayed'>;
  const delta = (k: Count): number => Math.max(0, after[k] - before[k]);
  const forward = lossRatio(delta('audioReceived') + delta('audioLost'), delta('audioReceived'));
  const backward = lossRatio(delta('backReceived') + delta('backLost'), delta('backReceived'));
  const loss = Math.max(forward, backward);
  const rttMs = summarizeRtt(rtt);
  const jitterMs = Math.round(after.jitterMs * 10) / 10;
  return {
    seconds: Math.round(ms) / 1000,
    sent: delta('packetsSent'),
    received: delta('packetsReceived'),
    lossRatio: Math.round(loss * 1000) / 1000,
    loss: { forward: Math.round(forward * 1000) / 1000, backward: Math.round(backward * 1000) / 1000 },
    rttMs,
    jitterMs,
    kbps: Math.round((delta('bytesReceived') * 8) / ms),
    mos: rttMs ? estimateMos({ rttMs: rttMs.median, jitterMs, lossRatio: loss }) : 1,
  };
}

/**
 * An unordered, never retransmitted data channel on the same relays: the first peer sends its
 * clock, the second echoes it, 20 a second. Many more RTT samples than the ICE checks and RTCP give
 * in a few seconds (a handful), so the median holds on a busy machine.
 */
function pingChannel(pc1: RTCPeerConnection, pc2: RTCPeerConnection): { ping(): void; samples: number[] } {
  const samples: number[] = [];
  const dc = pc1.createDataChannel('quality-rtt', { ordered: false, maxRetransmits: 0 });
  dc.onmessage = (e) => samples.push(performance.now() - Number(e.data));
  pc2.ondatachannel = (e) => {
    const echo = e.channel;
    echo.onmessage = (m) => {
      if (echo.readyState === 'open') echo.send(m.data as string);
    };
  };
  return {
    samples,
    ping: () => {
      if (dc.readyState === 'open') dc.send(String(performance.now()));
    },
  };
}

async function capBitrate(sender: RTCRtpSender, kbps: number): Promise<void> {
  const params = sender.getParameters();
  if (!params.encodings?.length) return;
  params.encodings[0]!.maxBitrate = kbps * 1000;
  await sender.setParameters(params).catch(() => {});
}

function sleep(signal: AbortSignal, timers: Array<ReturnType<typeof setTimeout>>, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new ProbeError('aborted', 'aborted during the quality stream'));
    timers.push(setTimeout(resolve, ms));
  });
}

async function until(
  signal: AbortSignal,
  timers: Array<ReturnType<typeof setTimeout>>,
  done: () => boolean,
  failed: () => string | null,
): Promise<void> {
  while (!done()) {
    const why = failed();
    if (why) throw new ProbeError('unreachable', why);
    await sleep(signal, timers, 20);
  }
}
