import type { QualityFigures, Recommendation } from './types.js';

/**
 * Thresholds from figures to advice. Prior art: Jitsi's precall test warns above 5% loss for audio
 * and 10% for video and below 750 kbit/s for video; Daily's above 0.7 s RTT or 5% loss. Video here
 * asks for less loss than Jitsi (video without FEC freezes well before 10%); audio takes the E-model
 * MOS, which weighs loss, delay and jitter together.
 */
export const THRESHOLDS = {
  video: { maxLoss: 0.03, maxRttMs: 400, maxJitterMs: 30, minKbps: 750, minMos: 3.6 },
  audio: { maxLoss: 0.1, maxRttMs: 700, maxJitterMs: 60, minKbps: 40, minMos: 3.0 },
} as const;

/** One transport's measurement, or why it had none. */
export interface TransportQuality {
  /** How the reason names it: `UDP 3478`, `TLS 443`. */
  label: string;
  transport: 'udp' | 'tcp' | 'tls';
  figures: QualityFigures | null;
  /** Why there are no figures (blocked, refused...), when there are none. */
  failure?: string;
}

type Level = Recommendation['level'];

/** The level one measurement supports, and the first figure that kept it from the level above. */
export function levelOf(figures: QualityFigures): { level: Level; limit: string | null } {
  const rtt = figures.rttMs?.median ?? Infinity;
  const miss = (t: (typeof THRESHOLDS)['video' | 'audio']): string | null => {
    if (figures.lossRatio > t.maxLoss) return `${pct(figures.lossRatio)} loss (over ${pct(t.maxLoss)})`;
    if (rtt > t.maxRttMs) return `RTT ${Number.isFinite(rtt) ? `${rtt} ms` : 'unmeasured'} (over ${t.maxRttMs} ms)`;
    if (figures.jitterMs > t.maxJitterMs) return `jitter ${figures.jitterMs} ms (over ${t.maxJitterMs} ms)`;
    if (figures.kbps < t.minKbps) return `${figures.kbps} kbit/s (under ${t.minKbps} kbit/s)`;
    if (figures.mos < t.minMos) return `MOS ${figures.mos} (under ${t.minMos})`;
    return null;
  };
  const video = miss(THRESHOLDS.video);
  if (video === null) return { level: 'video', limit: null };
  const audio = miss(THRESHOLDS.audio);
  return audio === null ? { level: 'audio-only', limit: video } : { level: 'none', limit: audio };
}

const ORDER: Array<TransportQuality['transport']> = ['udp', 'tcp', 'tls'];
const RANK: Record<Level, number> = { none: 0, 'audio-only': 1, video: 2 };

/**
 * The recommendation for the transport a client would use: ICE prefers a UDP relay, then TCP, then
 * TLS, so the first of those with figures decides; the others are compared in the reason (what TLS
 * 443 gives when UDP is blocked, or that a better transport exists). The reason is one sentence that
 * gives the figures and why the level is not higher, never the level itself again (a page shows both).
 */
export function recommend(measured: readonly TransportQuality[]): Recommendation {
  const sorted = [...measured].sort((a, b) => ORDER.indexOf(a.transport) - ORDER.indexOf(b.transport));
  const used = sorted.find((m) => m.figures !== null);
  if (!used) {
    const why = sorted.map((m) => `${m.label}: ${m.failure ?? 'no figures'}`).join('; ');
    return { level: 'none', reason: `No TURN transport carried media${why ? ` (${why})` : ''}.` };
  }
  const { level, limit } = levelOf(used.figures!);
  const parts = [
    summary(used.label, used.figures!) +
      (limit ? `; ${limit} rules out ${level === 'none' ? 'audio' : 'video'}` : ', within every threshold'),
  ];
  const blocked = sorted.filter(
    (m) => m.figures === null && ORDER.indexOf(m.transport) < ORDER.indexOf(used.transport),
  );
  if (blocked.length) parts.unshift(`${blocked.map((m) => m.label).join(', ')} carried no media`);
  for (const measurement of sorted) {
    if (measurement === used || !measurement.figures) continue;
    const other = levelOf(measurement.figures).level;
    if (RANK[other] > RANK[level])
      parts.push(`${summary(measurement.label, measurement.figures)} would give ${words(other)}`);
  }
  return { level, reason: `${parts.join('; ')}.` };
}

function summary(label: string, figures: QualityFigures): string {
  const rtt = figures.rttMs ? `RTT ${figures.rttMs.median} ms` : 'no RTT';
  return `${label} ${pct(figures.lossRatio)} loss, ${rtt}, jitter ${figures.jitterMs} ms, ${figures.kbps} kbit/s, MOS ${figures.mos}`;
}

/** A better level another transport would give: never `none`. */
function words(level: Level): string {
  return level === 'video' ? 'video' : 'audio only';
}

function pct(ratio: number): string {
  return `${Math.round(ratio * 1000) / 10}%`;
}
