import { describe, expect, it } from 'vitest';
import { estimateMos, mosFromR, rFactor } from '../../../src/preflight/quality/mos.js';

describe('estimateMos (E-model simplification of ITU-T G.107)', () => {
  it.each([
    // rttMs, jitterMs, lossRatio, expected MOS (hand-computed from the formula in mos.ts)
    [0, 0, 0, 4.4], // Ta 20 ms: R = 93.2 - 0.48 = 92.72
    [100, 0, 0, 4.37], // Ta 70 ms: R = 93.2 - 1.68 = 91.52
    [400, 0, 0, 4.14], // Ta 220 ms: Id = 5.28 + 4.70, R 83.22
    [0, 0, 0.05, 3.9], // Ie,eff = 95·5/30.1 = 15.78, R 76.94
    [0, 0, 0.1, 3.39], // Ie,eff = 95·10/35.1 = 27.07, R 65.65
    [0, 0, 1, 1.16], // Ie,eff = 95·100/125.1 = 75.94, R 16.78
  ])('rtt %s ms, jitter %s ms, loss %s gives MOS %s', (rttMs, jitterMs, lossRatio, mos) => {
    expect(estimateMos({ rttMs, jitterMs, lossRatio })).toBe(mos);
  });

  it('takes jitter in milliseconds: 50 ms of jitter costs as much as 200 ms more RTT', () => {
    const jittery = rFactor({ rttMs: 100, jitterMs: 50, lossRatio: 0 });
    expect(jittery).toBeCloseTo(rFactor({ rttMs: 300, jitterMs: 0, lossRatio: 0 }), 6);
    expect(estimateMos({ rttMs: 100, jitterMs: 50, lossRatio: 0 })).toBeLessThan(
      estimateMos({ rttMs: 100, jitterMs: 0, lossRatio: 0 }),
    );
  });

  it('uses the measured RTT: more delay, lower MOS (no fixed delay figure)', () => {
    const scores = [50, 200, 400, 800].map((rttMs) => estimateMos({ rttMs, jitterMs: 0, lossRatio: 0 }));
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(new Set(scores).size).toBe(4);
  });

  it.each([
    [-5, 1],
    [0, 1],
    [100, 4.5],
    [120, 4.5],
  ])('maps R %s to MOS %s at the ends of the scale', (r, mos) => {
    expect(mosFromR(r)).toBe(mos);
  });
});
