import { describe, expect, it } from 'vitest';
import { closingSentence, optionsToTest, verdictOf } from '../../src/preflight/summary.js';
import type { CheckReport } from '../../src/preflight/types.js';

const check = (over: Partial<CheckReport> & Pick<CheckReport, 'category' | 'transport' | 'status'>): CheckReport => ({
  target: 'x',
  code: over.status === 'pass' ? 'ok' : over.status === 'skip' ? 'not-configured' : 'timeout',
  latencyMs: null,
  addresses: over.status === 'pass' ? [{ ip: '127.0.0.1', allowed: true, block: '127.0.0.1/32' }] : [],
  hint: '',
  ...over,
});

const api = check({ category: 'api', transport: 'https', status: 'pass' });
const udpSkip = check({ category: 'media', transport: 'udp', status: 'skip', target: '127.0.0.1 UDP' });
const logFail = check({ category: 'logging', transport: 'https', status: 'fail', code: 'outside-allowlist' });

describe('verdictOf', () => {
  it.each([
    [[api], false, 'pass'],
    [[api, udpSkip], false, 'incomplete'],
    [[api, udpSkip], true, 'pass'],
    [[api, udpSkip, logFail], true, 'fail'],
    [[], false, 'pass'],
  ] as const)('%#: %s', (checks, allowSkip, expected) => {
    expect(verdictOf(checks, allowSkip)).toBe(expected);
  });
});

describe('closingSentence', () => {
  it('says what was proven, what failed and the option that would test each skip', () => {
    const checks = [
      api,
      udpSkip,
      logFail,
      check({ category: 'messaging', transport: 'wss', status: 'skip', target: '(none)' }),
    ];
    expect(closingSentence({ checks, verdict: 'fail' })).toBe(
      'Fail: reached inside the list: API over HTTPS; failed: logging HTTPS (outside-allowlist); not tested: media UDP (give media.udpPort) and signaling WSS (give messagingUrl or the credentials).',
    );
  });

  it('names options as the caller names them, and the checks that went through a proxy', () => {
    const proxied = { ...api, addresses: [], via: 'proxy' as const };
    const flags = (o: string) => ({ 'media.udpPort': '--media-udp-port' })[o] ?? o;
    expect(closingSentence({ checks: [proxied, udpSkip], verdict: 'incomplete' }, { optionName: flags })).toBe(
      'Incomplete: reached through the proxy: API over HTTPS; not tested: media UDP (give --media-udp-port).',
    );
  });

  it('a check this environment cannot run names no option', () => {
    const c = check({ category: 'turn', transport: 'udp', status: 'skip', code: 'unsupported' });
    expect(optionsToTest(c)).toEqual([]);
    expect(closingSentence({ checks: [c], verdict: 'incomplete' })).toContain(
      'TURN UDP (this environment cannot probe it',
    );
  });
});
