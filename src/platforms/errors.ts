import { VideoAllowlistError, type ErrorDetails } from '../errors.js';

/** Why {@link PlatformError} was thrown. */
export type PlatformErrorCode =
  /** The platform id is not one of {@link PLATFORMS}. */
  | 'unknown-platform'
  /** The platform has no snippet in the language asked for. */
  | 'unknown-language'
  /** The directory given to `auditTree` cannot be read. */
  | 'audit-dir-unreadable';

/** The input each code is about, as {@link VideoAllowlistError.path}. */
const PATHS: Record<PlatformErrorCode, string> = {
  'unknown-platform': 'platform',
  'unknown-language': 'language',
  'audit-dir-unreadable': 'dir',
};

/**
 * A platform id, snippet language or audit directory was refused. The message names the input and
 * lists what is accepted; `path` is `['platform']`, `['language']` or `['dir']`.
 */
export class PlatformError extends VideoAllowlistError {
  /** The class name, written out so that a minifier's renaming does not reach `err.name`. */
  static override readonly name = 'PlatformError';

  declare readonly code: PlatformErrorCode;
  /** The input that was refused, as given. */
  readonly input: string;

  constructor(code: PlatformErrorCode, input: string, message: string, details: Omit<ErrorDetails, 'path'> = {}) {
    super(code, message, { ...details, path: [PATHS[code]] });
    this.input = input;
  }
}
