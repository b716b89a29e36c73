import { VideoAllowlistError } from '../errors.js';

/** Why {@link PlatformError} was thrown. */
export type PlatformErrorCode =
  /** The platform id is not one of {@link PLATFORMS}. */
  | 'unknown-platform'
  /** The platform has no snippet in the language asked for. */
  | 'unknown-language'
  /** The directory given to `auditTree` cannot be read. */
  | 'audit-dir-unreadable';

/**
 * A platform id, snippet language or audit directory was refused. The message names the input and
 * lists what is accepted.
 */
export class PlatformError extends VideoAllowlistError {
  /** The class name, written out so that a minifier's renaming does not reach `err.name`. */
  static override readonly name = 'PlatformError';

  declare readonly code: PlatformErrorCode;
  /** The input that was refused, as given. */
  readonly input: string;

  constructor(code: PlatformErrorCode, input: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.input = input;
  }
}
