import type { RttSummary } from './stats.js';

/** How long and how fast the quality loop streams. */
export interface QualityOptions {
  /** Seconds of stream. Default 5. */
  seconds?: number;
  /** Rate of the stream in each direction, kbit/s. Default 1500 (a 640x480 call). */
  kbps?: number;
}

export const DEFAULT_QUALITY: Required<QualityOptions> = { seconds: 5, kbps: 1500 };

/**
 * What the loop measured on one TURN transport. `lossRatio` is the worse of the two one-way losses
 * (`loss`); `jitterMs` the worse of the two directions; `kbps` what arrived, per direction, on average.
 */
export interface QualityFigures {
  /** Seconds the stream ran (measured, not configured). */
  seconds: number;
  /** Packets sent from the first client to the second. */
  sent: number;
  /** Of those, packets that arrived (duplicates counted once). */
  received: number;
  /** The worse of the two one-way losses, 0 to 1. */
  lossRatio: number;
  /** One-way loss, 0 to 1, each direction. */
  loss: {
    /** First client to second. */
    forward: number;
    /** The echo, second client to first. */
    backward: number;
  };
  /** Round trip first client → second → first; null when no packet came back. */
  rttMs: RttSummary | null;
  /** RFC 3550 interarrival jitter, ms. */
  jitterMs: number;
  /** Throughput that arrived, kbit/s. */
  kbps: number;
  /** Audio MOS estimate, 1 to 4.5 (an E-model simplification of ITU-T G.107; docs/quality.md). */
  mos: number;
}

/** `video` | `audio-only` | `none`, with the reason in words a person can act on. */
export interface Recommendation {
  /** What the measured network carries: a video call, an audio-only call, or neither. */
  level: 'video' | 'audio-only' | 'none';
  /** Why, with the figures and what would improve it. */
  reason: string;
}
