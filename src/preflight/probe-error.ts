import { VideoAllowlistError } from '../errors.js';
import type { ReasonCode } from './types.js';

/**
 * Thrown by a transport when a probe fails; `code` is the {@link ReasonCode} the report will carry.
 * Set it where the failure is detected (socket error, timer, TLS handshake), not in a later switch.
 */
export class ProbeError extends VideoAllowlistError {
  declare readonly code: ReasonCode;

  constructor(code: ReasonCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
