/** Pure figures from the loop's samples: percentiles, RFC 3550 jitter, loss. */

/** The p-th percentile (0..100) by nearest rank of an unsorted list; NaN when empty. */
export function percentile(values: readonly number[], percent: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((percent / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** Round-trip times of a quality stream, ms, rounded to 0.1 ms. */
export interface RttSummary {
  /** The fastest round trip. */
  min: number;
  /** The median round trip. */
  median: number;
  /** The 95th percentile. */
  p95: number;
}

/** min / median / p95 in ms, rounded to 0.1 ms; null when there is no sample. */
export function summarizeRtt(samples: readonly number[]): RttSummary | null {
  if (samples.length === 0) return null;
  const round1 = (v: number): number => Math.round(v * 10) / 10;
  return {
    min: round1(Math.min(...samples)),
    median: round1(percentile(samples, 50)),
    p95: round1(percentile(samples, 95)),
  };
}

/**
 * RFC 3550 §6.4.1 interarrival jitter, in the unit of the times given (ms here): for each packet the
 * transit is arrival minus send time; `J += (|D| - J) / 16` with `D` the difference of consecutive
 * transits (in arrival order). Sender and receiver share a clock in the loop, so no offset matters.
 */
export class JitterMeter {
  private last: number | null = null;
  private j = 0;

  add(sentAt: number, arrivedAt: number): void {
    const transit = arrivedAt - sentAt;
    if (this.last !== null) this.j += (Math.abs(transit - this.last) - this.j) / 16;
    this.last = transit;
  }

  get value(): number {
    return this.j;
  }
}

/** Share of `sent` packets that did not arrive (duplicates already removed from `received`), 0..1. */
export function lossRatio(sent: number, received: number): number {
  if (sent <= 0) return 0;
  return Math.min(1, Math.max(0, (sent - received) / sent));
}
