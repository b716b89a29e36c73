/**
 * Audio MOS estimate from measured network figures: the ITU-T G.107 E-model with default values for
 * everything but delay and loss, as in ITU-T G.107 Appendix / Cole & Rosenbluth (2001):
 *
 * - `R = 93.2 - Id - Ie,eff` (93.2 is G.107's `R0 - Is + A` with every default);
 * - `Id = 0.024·Ta + 0.11·(Ta - 177.3)·H(Ta - 177.3)`, `Ta` the one-way mouth-to-ear delay in ms:
 *   half the measured RTT, plus a jitter buffer of twice the measured jitter, plus 20 ms of
 *   packetization (one 20 ms audio frame);
 * - `Ie,eff = Ie + (95 - Ie)·Ppl / (Ppl + Bpl)` (G.107 §7.4 with random loss, BurstR = 1), with the
 *   G.113 Appendix I values of G.711 with packet loss concealment (`Ie = 0`, `Bpl = 25.1`): Opus
 *   conceals better, so this errs on the low side; `Ppl` the loss in percent;
 * - `MOS = 1 + 0.035·R + 7·10⁻⁶·R·(R - 60)·(100 - R)` for 0 < R < 100 (G.107 Annex B).
 *
 * Jitter is in milliseconds (a jitter in seconds would barely move the score), and the delay is the
 * measured one (not a fixed figure). The best score this gives is 4.41 (R = 93.2).
 */
export interface MosInput {
  /** Round-trip time in ms (the median is the usual choice). */
  rttMs: number;
  /** RFC 3550 interarrival jitter in ms. */
  jitterMs: number;
  /** Packet loss as a ratio, 0..1. */
  lossRatio: number;
}

/** Packetization delay assumed in the mouth-to-ear delay: one 20 ms audio frame. */
export const PACKETIZATION_MS = 20;

export function rFactor({ rttMs, jitterMs, lossRatio }: MosInput): number {
  const ta = Math.max(0, rttMs) / 2 + 2 * Math.max(0, jitterMs) + PACKETIZATION_MS;
  const id = 0.024 * ta + (ta > 177.3 ? 0.11 * (ta - 177.3) : 0);
  const ppl = Math.min(100, Math.max(0, lossRatio * 100));
  const ie = 0;
  const bpl = 25.1;
  const ieEff = ie + ((95 - ie) * ppl) / (ppl + bpl);
  return 93.2 - id - ieEff;
}

export function mosFromR(rating: number): number {
  if (rating <= 0) return 1;
  if (rating >= 100) return 4.5;
  return 1 + 0.035 * rating + 7e-6 * rating * (rating - 60) * (100 - rating);
}

/** MOS from 1 (bad) to 4.41 (best this model gives), rounded to two decimals. */
export function estimateMos(input: MosInput): number {
  return Math.round(mosFromR(rFactor(input)) * 100) / 100;
}
