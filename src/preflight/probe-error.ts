import { VideoAllowlistError } from '../errors.js';
import type { ProbeTimings, ReasonCode } from './types.js';

/** What a failed probe still learned: the address it reached and the phases it completed. */
export interface ProbeErrorOptions {
  cause?: unknown;
  /** The remote address reached before the failure (TLS refused, TURN 401...), judged like a success's. */
  remoteAddress?: string | null;
  timings?: ProbeTimings;
}

/**
 * Thrown by a transport when a probe fails; `code` is the {@link ReasonCode} the report will carry.
 * Set it where the failure is detected (socket error, timer, TLS handshake), not in a later switch.
 */
export class ProbeError extends VideoAllowlistError {
  /** The class name, written out so that a minifier's renaming does not reach `err.name`. */
  static override readonly name = 'ProbeError';

  declare readonly code: ReasonCode;
  readonly remoteAddress: string | null;
  readonly timings: ProbeTimings | undefined;

  constructor(code: ReasonCode, message: string, options: ProbeErrorOptions = {}) {
    super(code, message, options.cause === undefined ? undefined : { cause: options.cause });
    this.remoteAddress = options.remoteAddress ?? null;
    this.timings = options.timings;
  }
}
