import { VideoAllowlistError, formatPath, type ErrorPath } from '../errors.js';

/**
 * Bad preflight input: `code` is `invalid-option`, `path` names the option as keys
 * (`['turn', 'urls', 1]`), `reason` says what is wrong and `hint` what to do, in words that name
 * options, never command-line flags (a command line maps `path` to its own flags).
 */
export class PreflightOptionError extends VideoAllowlistError {
  /** The class name, written out so that a minifier's renaming does not reach `err.name`. */
  static override readonly name = 'PreflightOptionError';

  /** The option at fault as the message writes it: `apiUrl`, `turn.urls[1]`, `credentials.token`. */
  readonly option: string;

  constructor(path: ErrorPath, reason: string, hint = '') {
    const option = formatPath(path);
    super('invalid-option', `${option}: ${reason}${hint ? `; ${hint}` : ''}`, { path, reason, hint });
    this.option = option;
  }
}
