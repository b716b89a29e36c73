import { describe, expect, it } from 'vitest';
import { verdictOf } from '../../src/preflight/summary.js';
import { formatEvent, formatReport } from '../../src/preflight/format.js';
import type { CheckReport, PreflightReport } from '../../src/preflight/types.js';

const pass: CheckReport = {
  category: 'api',
  target: 'https://127.0.0.1:8443/',
  transport: 'https',
  status: 'pass',
  code: 'ok',
  latencyMs: 12.34,
  addresses: [{ ip: '127.0.0.1', allowed: true, block: '127.0.0.1/32' }],
  hint: "Reachable and inside the list: keep TCP 8443 (HTTPS) to 127.0.0.1, in your list's API block open.",
  detail: 'HTTP 204',
};
const fail: CheckReport = {
  category: 'turn',
  target: 'turn:[::1]:3478?transport=udp',
  transport: 'udp',
  status: 'fail',
  code: 'timeout',
  latencyMs: null,
  addresses: [],
  hint: "No answer within 500 ms: a firewall is probably dropping it. Open UDP 3478 to ::1, in your list's TURN block.",
  detail: 'no verdict within 500 ms',
};
const report = (checks: CheckReport[]): PreflightReport => ({
  verdict: verdictOf(checks),
  ok: checks.every((c) => c.status !== 'fail'),
  startedAt: '2026-11-23T16:00:00.000Z',
  durationMs: 512,
  checks,
});

describe('prints the report as a table a person reads, hints under it', () => {
  it('writes one row per check, then each failing check with its code, hint and detail, then the verdict', () => {
    const text = formatReport(report([pass, fail]));
    expect(text.split('\n')).toEqual([
      '      CHECK  VIA    TARGET                         LATENCY  ADDRESS',
      'PASS  api    HTTPS  https://127.0.0.1:8443/        12 ms    127.0.0.1 in 127.0.0.1/32',
      'FAIL  turn   UDP    turn:[::1]:3478?transport=udp  -        -',
      '',
      'FAIL turn turn:[::1]:3478?transport=udp [timeout]',
      `  ${fail.hint}`,
      '  (no verdict within 500 ms)',
      '',
      'NOT OK: 1 pass, 1 fail, 0 skip in 512 ms (fix the failures above; each hint says what to open)',
      'Fail: reached inside the list: API over HTTPS; failed: TURN UDP (timeout).',
      '',
    ]);
  });

  it.each([
    [true, true],
    [false, false],
  ])("detail: %s shows a failing check's detail line: %s (a passing check's never)", (detail, shown) => {
    const text = formatReport(report([pass, fail]), { detail });
    expect(text.includes('(no verdict within 500 ms)')).toBe(shown);
    expect(text).not.toContain('HTTP 204');
  });

  it('colours only the marks and the verdict, keeping the columns aligned', () => {
    const plain = formatReport(report([pass, fail]));
    const color = formatReport(report([pass, fail]), { color: true });
    expect(color).toContain('\x1b[32mPASS\x1b[0m');
    expect(color.replace(/\x1b\[\d+m/g, '')).toBe(plain);
  });

  it.each([
    ['pass', [pass], ['\x1b[32mPASS\x1b[0m', '\x1b[32mOK\x1b[0m']],
    ['fail', [pass, fail], ['\x1b[31mFAIL\x1b[0m', '\x1b[31mNOT OK\x1b[0m']],
    [
      'skip',
      [{ ...fail, status: 'skip', code: 'not-configured' } as CheckReport],
      ['\x1b[33mSKIP\x1b[0m', '\x1b[33mINCOMPLETE\x1b[0m'],
    ],
  ])(
    'colours a %s mark and its verdict: pass and OK green, fail and NOT OK red, skip and INCOMPLETE yellow',
    (_status, checks, marks) => {
      const color = formatReport(report(checks as CheckReport[]), { color: true });
      for (const m of marks) expect(color).toContain(m);
    },
  );

  it('writes an all-pass report without a hint section, and an allowed address with no block as "in list"', () => {
    const text = formatReport(report([{ ...pass, addresses: [{ ip: '127.0.0.1', allowed: true, block: null }] }]));
    expect(text.split('\n')).toEqual([
      '      CHECK  VIA    TARGET                   LATENCY  ADDRESS',
      'PASS  api    HTTPS  https://127.0.0.1:8443/  12 ms    127.0.0.1 in list',
      '',
      'OK: 1 pass, 0 fail, 0 skip in 512 ms',
      'Pass: reached inside the list: API over HTTPS.',
      '',
    ]);
  });

  it('lists a skipped check with its hint under the table, as a failing one', () => {
    const skip: CheckReport = {
      ...fail,
      status: 'skip',
      code: 'not-configured',
      hint: 'Not configured.',
      detail: undefined,
    };
    const lines = formatReport(report([pass, skip])).split('\n');
    expect(lines).toContain('SKIP turn turn:[::1]:3478?transport=udp [not-configured]');
    expect(lines).toContain('  Not configured.');
  });

  it('writes a report with no checks as the headings and the verdict', () => {
    expect(formatReport(report([]))).toBe(
      '  CHECK  VIA  TARGET  LATENCY  ADDRESS\n\nOK: 0 pass, 0 fail, 0 skip in 512 ms\nPass: nothing was checked.\n',
    );
  });
});

describe('prints one progress line per start and end', () => {
  it.each([
    [
      { type: 'start', category: 'api', target: pass.target, transport: 'https' } as const,
      '  ... api HTTPS https://127.0.0.1:8443/\n',
    ],
    [{ type: 'end', check: pass } as const, '  PASS api HTTPS https://127.0.0.1:8443/ 12 ms\n'],
    [{ type: 'end', check: fail } as const, '  FAIL turn UDP turn:[::1]:3478?transport=udp [timeout]\n'],
  ])('writes %j as one line', (event, line) => {
    expect(formatEvent(event)).toBe(line);
  });
});
