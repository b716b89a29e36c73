import { describe, expect, it } from 'vitest';
import { settleOnce } from '../../src/preflight/settle.js';
import { ProbeError } from '../../src/preflight/probe-error.js';

describe('settles a probe once: its outcome, the abort, or a throw, then cleans up', () => {
  it('rejects with a ProbeError outcome and resolves with any other', async () => {
    const err = new ProbeError('refused', 'refused');
    await expect(
      settleOnce(
        undefined,
        () => 'aborted',
        (settle) => (settle(err), () => {}),
      ),
    ).rejects.toBe(err);
    await expect(
      settleOnce(
        undefined,
        () => 'aborted',
        (settle) => (settle('done'), () => {}),
      ),
    ).resolves.toBe('done');
  });

  it('settles once: a second outcome neither changes the result nor runs the cleanup again', async () => {
    let cleanups = 0;
    let settle!: (o: string) => void;
    const p = settleOnce<string>(
      undefined,
      () => 'aborted',
      (s) => ((settle = s), () => void cleanups++),
    );
    settle('first');
    settle('second');
    await expect(p).resolves.toBe('first');
    expect(cleanups).toBe(1);
  });

  it('runs the cleanup of work that settled while starting', async () => {
    let cleanups = 0;
    await expect(
      settleOnce(
        undefined,
        () => 'aborted',
        (settle) => (settle('at once'), () => void cleanups++),
      ),
    ).resolves.toBe('at once');
    expect(cleanups).toBe(1);
  });

  it('leaves the caller signal alone once settled: a later abort does not call aborted()', async () => {
    const ac = new AbortController();
    let abortedCalls = 0;
    await settleOnce(
      ac.signal,
      () => (abortedCalls++, 'aborted'),
      (settle) => (settle('done'), () => {}),
    );
    ac.abort();
    expect(abortedCalls).toBe(0);
  });

  it('settles with aborted() when the signal aborts first, and with thrown(err) when start throws', async () => {
    const ac = new AbortController();
    let cleanups = 0;
    const p = settleOnce(
      ac.signal,
      () => 'aborted',
      () => () => void cleanups++,
    );
    ac.abort();
    await expect(p).resolves.toBe('aborted');
    expect(cleanups).toBe(1);
    const boom = new ProbeError('error', 'boom');
    await expect(
      settleOnce(
        undefined,
        () => 'aborted',
        () => {
          throw new Error('x');
        },
        () => boom,
      ),
    ).rejects.toBe(boom);
  });
});
