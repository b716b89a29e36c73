import { describe, expect, it } from 'vitest';
import { levelOf, recommend, type TransportQuality } from '../../../src/preflight/quality/recommend.js';
import type { QualityFigures } from '../../../src/preflight/quality/types.js';

function figures(o: Partial<QualityFigures> & { rtt?: number } = {}): QualityFigures {
  const rtt = o.rtt ?? 20;
  return {
    seconds: 5,
    sent: 1000,
    received: 1000,
    lossRatio: 0,
    loss: { forward: 0, backward: 0 },
    rttMs: { min: rtt, median: rtt, p95: rtt },
    jitterMs: 2,
    kbps: 1500,
    mos: 4.4,
    ...o,
  };
}

describe('recommendation', () => {
  it.each([
    [figures(), 'video', null],
    [figures({ lossRatio: 0.05, mos: 3.9 }), 'audio-only', '5% loss (over 3%)'],
    [figures({ lossRatio: 0.12, mos: 3.2 }), 'none', '12% loss (over 10%)'],
    [figures({ rtt: 500 }), 'audio-only', 'RTT 500 ms (over 400 ms)'],
    [figures({ rtt: 800 }), 'none', 'RTT 800 ms (over 700 ms)'],
    [figures({ jitterMs: 40 }), 'audio-only', 'jitter 40 ms (over 30 ms)'],
    [figures({ kbps: 500 }), 'audio-only', '500 kbit/s (under 750 kbit/s)'],
    [figures({ rttMs: null }), 'none', 'RTT unmeasured (over 700 ms)'],
  ])('%#: levelOf gives %s, limited by %s', (f, level, limit) => {
    expect(levelOf(f)).toEqual({ level, limit });
  });

  it('follows the transport a client would use (UDP first) and names a better one', () => {
    const r = recommend([
      { label: 'TLS 443', transport: 'tls', figures: figures() },
      { label: 'UDP 3478', transport: 'udp', figures: figures({ lossRatio: 0.08, mos: 3.5 }) },
    ]);
    expect(r.level).toBe('audio-only');
    expect(r.reason).toMatch(
      /^UDP 3478 8% loss, .*, MOS 3\.5; 8% loss \(over 3%\) rules out video; TLS 443 0% loss, .* would give video\.$/,
    );
  });

  it.each([
    [figures(), 'video', 'UDP 3478 0% loss, RTT 20 ms, jitter 2 ms, 1500 kbit/s, MOS 4.4, within every threshold.'],
    [
      figures({ kbps: 500 }),
      'audio-only',
      'UDP 3478 0% loss, RTT 20 ms, jitter 2 ms, 500 kbit/s, MOS 4.4; 500 kbit/s (under 750 kbit/s) rules out video.',
    ],
    [
      figures({ lossRatio: 0.12, mos: 3.2 }),
      'none',
      'UDP 3478 12% loss, RTT 20 ms, jitter 2 ms, 1500 kbit/s, MOS 3.2; 12% loss (over 10%) rules out audio.',
    ],
  ])('%#: the reason for %s is a sentence of figures and limit that does not repeat the level', (f, level, reason) => {
    expect(recommend([{ label: 'UDP 3478', transport: 'udp', figures: f }])).toEqual({ level, reason });
  });

  it('says what TLS gives when UDP carried no media', () => {
    const measured: TransportQuality[] = [
      { label: 'UDP 3478', transport: 'udp', figures: null, failure: 'timeout' },
      { label: 'TLS 443', transport: 'tls', figures: figures({ rtt: 60 }) },
    ];
    const r = recommend(measured);
    expect(r).toEqual({
      level: 'video',
      reason:
        'UDP 3478 carried no media; TLS 443 0% loss, RTT 60 ms, jitter 2 ms, 1500 kbit/s, MOS 4.4, within every threshold.',
    });
  });

  it('recommends none when nothing carried media, with each reason', () => {
    expect(recommend([{ label: 'UDP 3478', transport: 'udp', figures: null, failure: 'refused' }])).toEqual({
      level: 'none',
      reason: 'No TURN transport carried media (UDP 3478: refused).',
    });
  });
});
