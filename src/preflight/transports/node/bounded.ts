import { ProbeError } from '../../probe-error.js';
import { settleOnce } from '../../settle.js';

/** What a bounded probe's body gets: settle with a value or a failure, and register a cleanup. */
export interface Bounds<T> {
  ok(value: T): void;
  fail(err: ProbeError): void;
  cleanup(release: () => void): void;
}

/**
 * {@link settleOnce} for a probe that gathers its cleanups as it goes (socket, request, timer): each
 * registered cleanup runs once when the probe settles (last first; one registered after that runs at
 * once); abort rejects with `aborted`; a throw from `body` fails the probe (`error` unless it is a
 * {@link ProbeError}).
 */
export function bounded<T>(signal: AbortSignal, body: (bounds: Bounds<T>) => void): Promise<T> {
  return settleOnce<T>(
    signal,
    () => new ProbeError('aborted', 'aborted'),
    (settle) => {
      const cleanups: Array<() => void> = [];
      let done = false;
      try {
        body({ ok: settle, fail: settle, cleanup: (release) => (done ? release() : cleanups.push(release)) });
      } catch (err) {
        settle(err instanceof ProbeError ? err : new ProbeError('error', String(err), { cause: err }));
      }
      return () => {
        done = true;
        for (const release of cleanups.splice(0).reverse()) {
          try {
            release();
          } catch {
            /* release the rest */
          }
        }
      };
    },
  );
}
