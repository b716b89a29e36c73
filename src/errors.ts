/**
 * Every error this library throws extends {@link VideoAllowlistError} and carries a stable string
 * `code`, so callers can branch on `err.code` without parsing messages. Messages say what to do.
 */
export class VideoAllowlistError extends Error {
  /** The class name, written out so that a minifier's renaming does not reach `err.name`. */
  static override readonly name: string = 'VideoAllowlistError';

  /** Stable, machine-readable reason, e.g. `'unsupported-sdk-version'`. Never changes between releases. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}
