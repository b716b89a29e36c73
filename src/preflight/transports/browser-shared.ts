import { ProbeError } from '../probe-error.js';
import { settleOnce } from '../settle.js';
import { parseTurnUrl, turnDisplay } from '../turn-url.js';

/**
 * The {@link ProbeError} for a probe stopped by its signal. The runner aborts with a reason: a
 * `ProbeError` keeps its code, a `TimeoutError` (`AbortSignal.timeout`) becomes `timeout`, anything
 * else `aborted`.
 */
export function abortError(signal: AbortSignal, what: string): ProbeError {
  const reason: unknown = signal.reason;
  if (reason instanceof ProbeError) return reason;
  if (reason instanceof Error && reason.name === 'TimeoutError') {
    return new ProbeError('timeout', `${what}: no answer before the deadline`);
  }
  return new ProbeError('aborted', `${what}: stopped before an answer`);
}

/**
 * An event-driven probe (WebSocket, peer connection): {@link settleOnce} with the probe's abort error,
 * and a throw from `start` (a constructor refusing the URL) as `error`, unless it is a `ProbeError`.
 */
export function eventProbe<T>(
  signal: AbortSignal,
  what: string,
  start: (settle: (outcome: T | ProbeError) => void) => () => void,
): Promise<T> {
  return settleOnce<T>(
    signal,
    () => abortError(signal, what),
    start,
    (err) =>
      err instanceof ProbeError ? err : new ProbeError('error', `${what}: the browser refused the URL`, { cause: err }),
  );
}

/** The timings of a probe whose first answer came now: the first byte is the whole probe. */
export function answeredSince(start: number): { firstByteMs: number; totalMs: number } {
  const ms = performance.now() - start;
  return { firstByteMs: ms, totalMs: ms };
}

/**
 * A URL as it may appear in a report or error: no user info, no query, no fragment (tokens live
 * there). A TURN URL is written back from its parts (`turn:host:3478?transport=udp`).
 */
export function safeUrl(url: string): string {
  const turn = parseTurnUrl(url);
  if (turn) return turnDisplay(turn);
  try {
    const parsed = new URL(url);
    // An opaque URL (a TURN URL with user info, `turn:user:password@host`) has no host: none of it is shown.
    if (parsed.host) return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    /* not a URL */
  }
  return '(invalid URL)';
}
