import { VideoAllowlistError } from '../errors.js';
import type { ProbeTimings, ReasonCode } from './types.js';

/** What a failed probe still learned: the address it reached and the phases it completed. */
export interface ProbeErrorOptions {
  cause?: unknown;
  /** The remote address reached before the failure (TLS refused, TURN 401...), judged like a success's. */
  remoteAddress?: string | null;
  timings?: ProbeTimings;
  /**
   * Where the probe failed, for the hint's wording: `route` (the network has no route to the host),
   * `tls` (in the TLS handshake), `answer` (connected, before any answer), `body` (while the answer
   * was read), or `unknown` (the platform does not say: a browser's failed request). Unset: before
   * any answer, nothing more known.
   */
  phase?: 'route' | 'tls' | 'answer' | 'body' | 'unknown';
}

/**
 * Thrown by a transport when a probe fails; `code` is the {@link ReasonCode} the report will carry.
 * Set it where the failure is detected (socket error, timer, TLS handshake), not in a later switch,
 * and with it the `phase` the hint names. On the base shape: `reason` is the message, `path` is
 * empty (a probe is about a target, not an input), and the report's hint is made from the code.
 */
export class ProbeError extends VideoAllowlistError {
  /** The class name, written out so that a minifier's renaming does not reach `err.name`. */
  static override readonly name = 'ProbeError';

  declare readonly code: ReasonCode;
  readonly remoteAddress: string | null;
  readonly timings: ProbeTimings | undefined;
  /** Where the probe failed ({@link ProbeErrorOptions.phase}). */
  readonly phase: ProbeErrorOptions['phase'];

  constructor(code: ReasonCode, message: string, options: ProbeErrorOptions = {}) {
    super(code, message, { cause: options.cause, reason: message });
    this.remoteAddress = options.remoteAddress ?? null;
    this.timings = options.timings;
    this.phase = options.phase;
  }
}
