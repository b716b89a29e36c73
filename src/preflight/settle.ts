import { ProbeError } from './probe-error.js';

/**
 * A promise settled once, by whichever comes first: `start`'s own outcome, or the abort of `signal`
 * (`aborted()`, at once when already aborted). `start` begins the work and returns its cleanup,
 * which runs on settling (the abort listener is removed too). An outcome that is a
 * {@link ProbeError} rejects; anything else resolves. A throw from `start` settles with
 * `thrown(err)`. Shared by the runner's per-check deadline, the browser's event-driven probes and the
 * Node transport's probes.
 */
export function settleOnce<T>(
  signal: AbortSignal | null | undefined,
  aborted: () => T | ProbeError,
  start: (settle: (outcome: T | ProbeError) => void) => () => void,
  thrown?: (err: unknown) => ProbeError,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let cleanup: (() => void) | undefined;
    let settled = false;
    const settle = (outcome: T | ProbeError): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      cleanup?.();
      if (outcome instanceof ProbeError) reject(outcome);
      else resolve(outcome);
    };
    const onAbort = (): void => settle(aborted());
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      cleanup = start(settle);
    } catch (err) {
      settle(thrown!(err));
    }
    // Settled while starting: release what was started.
    if (settled) cleanup?.();
  });
}
