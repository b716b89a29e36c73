import { describe, expect, it } from 'vitest';
import { validateOptions } from '../../../src/preflight/options.js';
import { recommendFromRows, resolveQuality } from '../../../src/preflight/quality/settings.js';
import type { QualityFigures } from '../../../src/preflight/quality/types.js';

const good: QualityFigures = {
  seconds: 5,
  sent: 900,
  received: 900,
  lossRatio: 0,
  loss: { forward: 0, backward: 0 },
  rttMs: { min: 10, median: 12, p95: 20 },
  jitterMs: 1,
  kbps: 1500,
  mos: 4.39,
};
const lossy: QualityFigures = { ...good, lossRatio: 0.08, loss: { forward: 0.08, backward: 0 }, mos: 3.5 };

describe('quality settings', () => {
  it.each([
    [true, null],
    [{ seconds: 2, kbps: 500 }, null],
    [{ seconds: 0.1 }, 'quality.seconds: expected seconds 0.5-60, got 0.1'],
    [{ seconds: Number.NaN }, 'quality.seconds: expected seconds 0.5-60, got NaN'],
    [{ kbps: '800' }, 'quality.kbps: expected kbit/s 16-20000, got 800'],
    ['yes', 'quality: expected true, false or { seconds, kbps }, got yes'],
  ])('the quality option %j is refused with %j', (quality, message) => {
    const run = (): void => validateOptions({ list: '', quality } as never, ['turn']);
    if (message === null) expect(run).not.toThrow();
    else expect(run).toThrow(expect.objectContaining({ code: 'invalid-option', message }));
  });

  it.each([
    [undefined, null],
    [false, null],
    [true, { seconds: 5, kbps: 1500 }],
    [{ seconds: 2 }, { seconds: 2, kbps: 1500 }],
  ])('resolveQuality(%j) is %j (off by default, 5 s at 1500 kbit/s when on)', (option, settings) => {
    expect(resolveQuality(option)).toEqual(settings);
  });

  it('recommends from the TURN rows: UDP first, the better server per transport, failures named', () => {
    const r = recommendFromRows([
      { target: 'turn:10.0.0.1:3478?transport=udp', transport: 'udp', status: 'pass', code: 'ok', quality: lossy },
      { target: 'turn:10.0.0.2:3478?transport=udp', transport: 'udp', status: 'fail', code: 'timeout' },
      { target: 'turns:10.0.0.1:443?transport=tcp', transport: 'tls', status: 'pass', code: 'ok', quality: good },
    ]);
    expect(r?.level).toBe('audio-only');
    expect(r?.reason).toMatch(/^UDP 3478 8% loss.*TLS 443 0% loss.* would give video\.$/);
    const blocked = recommendFromRows([
      { target: 'turn:10.0.0.1:3478?transport=udp', transport: 'udp', status: 'fail', code: 'timeout' },
      { target: 'turns:10.0.0.1:443?transport=tcp', transport: 'tls', status: 'pass', code: 'ok', quality: good },
    ]);
    expect(blocked).toEqual({ level: 'video', reason: expect.stringMatching(/^UDP 3478 carried no media; TLS 443/) });
  });

  it('gives no recommendation when quality was off (no row measured)', () => {
    expect(
      recommendFromRows([{ target: 'turn:10.0.0.1:3478?transport=udp', transport: 'udp', status: 'pass', code: 'ok' }]),
    ).toBeUndefined();
    expect(recommendFromRows([])).toBeUndefined();
  });
});
