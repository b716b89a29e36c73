import { ProbeError } from '../probe-error.js';

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

/** A URL as it may appear in a report or error: no user info, no query, no fragment (tokens live there). */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    // TURN URLs (`turn:host:3478?transport=udp`) are opaque: keep the transport, drop the rest of the query.
    if (u.protocol === 'turn:' || u.protocol === 'turns:') {
      const transport = u.searchParams.get('transport');
      return `${u.protocol}${u.pathname.replace(/^.*@/, '')}${transport ? `?transport=${transport}` : ''}`;
    }
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}
