import { describe, expect, it } from 'vitest';
import { JitterMeter, lossRatio, percentile, summarizeRtt } from '../../../src/preflight/quality/stats.js';

describe('quality stats', () => {
  it.each([
    [[5, 1, 3, 2, 4], 50, 3],
    [[5, 1, 3, 2, 4], 95, 5],
    [[5, 1, 3, 2, 4], 0, 1],
    [[7], 95, 7],
  ])('percentile(%j, %s) is %s by nearest rank', (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });

  it('summarizes RTT as min, median and p95, null without samples', () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(summarizeRtt(samples)).toEqual({ min: 1, median: 50, p95: 95 });
    expect(summarizeRtt([])).toBeNull();
  });

  it('computes RFC 3550 jitter: J += (|D| - J) / 16 over consecutive transits', () => {
    const m = new JitterMeter();
    m.add(0, 10); // transit 10
    m.add(20, 30); // transit 10: D = 0
    expect(m.value).toBe(0);
    m.add(40, 66); // transit 26: D = 16, J = 1
    expect(m.value).toBe(1);
    m.add(60, 70); // transit 10: D = 16, J = 1 + 15/16
    expect(m.value).toBeCloseTo(1.9375, 10);
  });

  it('converges on the mean |D| for alternating transits', () => {
    const m = new JitterMeter();
    for (let i = 0; i < 400; i++) m.add(i * 20, i * 20 + (i % 2 ? 30 : 10));
    expect(m.value).toBeCloseTo(20, 3);
  });

  it.each([
    [100, 90, 0.1],
    [100, 100, 0],
    [0, 0, 0],
    [10, 12, 0],
  ])('loss of %s sent, %s received is %s', (sent, received, ratio) => {
    expect(lossRatio(sent, received)).toBe(ratio);
  });
});
