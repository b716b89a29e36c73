/**
 * Synthetic media and `getStats` reading for the browser quality loop: a 640x480 canvas drawn 30
 * times a second (a moving bar over changing noise, so the encoder has something to spend bits on)
 * and a 440 Hz oscillator. Nothing asks for a camera or a microphone.
 *
 * Note: `collectStats` reads outbound packets and the backward audio from the first peer, and the
 * inbound media from the second.
 */
export interface SyntheticMedia {
  stream: MediaStream;
  stop(): void;
}

export function syntheticMedia(withVideo: boolean): SyntheticMedia {
  const tracks: MediaStreamTrack[] = [];
  let timer: ReturnType<typeof setInterval> | undefined;
  if (withVideo) {
    const video = canvasVideo();
    timer = video.timer;
    tracks.push(video.track);
  }
  const audioContext = new AudioContext();
  void audioContext.resume().catch(() => {});
  const osc = audioContext.createOscillator();
  osc.frequency.value = 440;
  const dest = audioContext.createMediaStreamDestination();
  osc.connect(dest);
  osc.start();
  tracks.push(dest.stream.getAudioTracks()[0]!);
  return {
    stream: new MediaStream(tracks),
    stop() {
      clearInterval(timer);
      for (const track of tracks) track.stop();
      osc.stop();
      void audioContext.close().catch(() => {});
    },
  };
}

function canvasVideo(): { track: MediaStreamTrack; timer: ReturnType<typeof setInterval> } {
  const canvas = document.createElement('canvas');
  canvas.width = 640;
  canvas.height = 480;
  const ctx = canvas.getContext('2d')!;
  let frame = 0;
  const draw = (): void => {
    frame++;
    ctx.fillStyle = `hsl(${(frame * 7) % 360} 60% 40%)`;
    ctx.fillRect(0, 0, 640, 480);
    ctx.fillStyle = '#fff';
    ctx.fillRect((frame * 11) % 640, 0, 40, 480);
    for (let square = 0; square < 200; square++) {
      ctx.fillStyle = `rgb(${(square * 37 + frame * 13) % 256} ${(square * 91) % 256} ${(frame * 29 + square) % 256})`;
      ctx.fillRect((square * 97 + frame * 5) % 640, (square * 53 + frame * 3) % 480, 16, 16);
    }
  };
  draw();
  return { timer: setInterval(draw, 33), track: canvas.captureStream(30).getVideoTracks()[0]! };
}

/** Running totals read from both peers' stats at one moment. */
export interface Totals {
  audioReceived: number;
  audioLost: number;
  /** The same for the audio the second peer sends back. */
  backReceived: number;
  backLost: number;
  packetsSent: number;
  packetsReceived: number;
  bytesReceived: number;
  /** Audio interarrival jitter, ms, the worse of the two directions. */
  jitterMs: number;
  framesDecoded: number;
  /** The selected pair's local and remote candidate addresses (both relays). */
  relayed: string[];
}

type Stat = Record<string, unknown> & { type: string; id: string };

function each(report: RTCStatsReport): Stat[] {
  const out: Stat[] = [];
  report.forEach((s: Stat) => out.push(s));
  return out;
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

export async function collectStats(sender: RTCPeerConnection, receiver: RTCPeerConnection): Promise<Totals> {
  const [out, inn] = await Promise.all([sender.getStats(), receiver.getStats()]);
  const totals: Totals = {
    audioReceived: 0,
    audioLost: 0,
    backReceived: 0,
    backLost: 0,
    packetsSent: 0,
    packetsReceived: 0,
    bytesReceived: 0,
    jitterMs: 0,
    framesDecoded: 0,
    relayed: selectedRelays(out),
  };
  for (const stat of each(out)) {
    if (stat.type === 'outbound-rtp') totals.packetsSent += num(stat.packetsSent);
    if (stat.type !== 'inbound-rtp' || stat.kind !== 'audio') continue;
    totals.backReceived += num(stat.packetsReceived);
    totals.backLost += num(stat.packetsLost);
    totals.jitterMs = Math.max(totals.jitterMs, num(stat.jitter) * 1000);
  }
  for (const stat of each(inn)) {
    if (stat.type !== 'inbound-rtp') continue;
    totals.packetsReceived += num(stat.packetsReceived);
    totals.bytesReceived += num(stat.bytesReceived) + num(stat.headerBytesReceived);
    if (stat.kind === 'audio') {
      totals.audioReceived += num(stat.packetsReceived);
      totals.audioLost += num(stat.packetsLost);
      totals.jitterMs = Math.max(totals.jitterMs, num(stat.jitter) * 1000);
    } else totals.framesDecoded += num(stat.framesDecoded);
  }
  return totals;
}

/** Addresses of the selected pair's candidates (relay candidates only, as the policy asks). */
function selectedRelays(report: RTCStatsReport): string[] {
  const all = each(report);
  const byId = new Map(all.map((s) => [s.id, s]));
  const transport = all.find((s) => s.type === 'transport' && s.selectedCandidatePairId);
  const pair = transport ? byId.get(String(transport.selectedCandidatePairId)) : undefined;
  if (!pair) return [];
  return [pair.localCandidateId, pair.remoteCandidateId]
    .map((id) => byId.get(String(id)))
    .filter((c): c is Stat => c !== undefined && c.candidateType === 'relay')
    .map((c) => String(c.address ?? c.ip ?? ''))
    .filter(Boolean);
}

/**
 * Adds new RTT samples (ms) to `into`, keyed so a figure read twice counts once: the selected pair's
 * `currentRoundTripTime` per ICE answer received, and RTCP's `roundTripTime` per measurement.
 */
export function rttSamples(report: RTCStatsReport, into: Map<string, number>): void {
  const all = each(report);
  const transport = all.find((s) => s.type === 'transport' && s.selectedCandidatePairId);
  for (const stat of all) {
    if (
      stat.type === 'candidate-pair' &&
      stat.id === transport?.selectedCandidatePairId &&
      stat.currentRoundTripTime !== undefined
    )
      into.set(`pair:${stat.id}:${num(stat.responsesReceived)}`, num(stat.currentRoundTripTime) * 1000);
    if (
      stat.type === 'remote-inbound-rtp' &&
      stat.roundTripTime !== undefined &&
      num(stat.roundTripTimeMeasurements) > 0
    )
      into.set(`rtcp:${stat.id}:${num(stat.roundTripTimeMeasurements)}`, num(stat.roundTripTime) * 1000);
  }
}
