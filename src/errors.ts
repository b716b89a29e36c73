/**
 * Every error this library throws extends {@link VideoAllowlistError} and carries the same data:
 * a stable string `code` (one per situation), a `path` naming the input at fault, a `reason` (what
 * is wrong with it) and a `hint` (what to do). Callers branch on `err.code` without parsing
 * messages; a command line maps `path` to its own flag names, so the library never names a flag.
 */

/**
 * Every `code` an error of this library can carry, one per situation (docs/error-codes.md has a row
 * for each). A union of literals, so `err.code === 'unsuported-sdk-version'` does not compile.
 * `ProbeError` carries the preflight check codes (`timeout`, `refused`, ...).
 */
export type ErrorCode =
  // SDK guard (src/sdk)
  | 'opentok-not-found'
  | 'unsupported-sdk-version'
  | 'allowlist-option-refused'
  | 'allowlist-session-cached'
  | 'allowlist-session-cache-unreadable'
  | 'invalid-sdk-argument'
  | 'sdk-not-patchable'
  // Allowed IP list (src/allowlist)
  | 'invalid-address'
  | 'list-parse'
  | 'invalid-entry'
  | 'invalid-list-argument'
  | 'invalid-export-option'
  // Options of the preflight
  | 'invalid-option'
  // Platforms (src/platforms)
  | 'unknown-platform'
  | 'unknown-language'
  | 'audit-dir-unreadable'
  // Preflight check codes, carried by ProbeError
  | ReasonCode;

/**
 * Stable reason codes. `ok` for a pass; every other code names the first thing that went wrong,
 * chosen at the place that detected it. A preflight check carries one in its report; a
 * transport throws it as `ProbeError.code`.
 */
export type ReasonCode =
  | 'ok'
  | 'timeout'
  | 'refused'
  | 'reset'
  | 'dns'
  | 'tls'
  | 'http-status'
  | 'ws-closed'
  | 'turn-unauthorized'
  | 'unreachable'
  | 'outside-allowlist'
  | 'aborted'
  | 'unsupported'
  | 'not-configured'
  | 'bad-response'
  | 'error'
  | 'tls-untrusted'
  | 'proxy-auth'
  | 'proxy-refused'
  | 'proxy-dropped'
  | 'proxy-unreachable';

/**
 * Which input an error is about, as keys from the outside in: an option (`['turn', 'urls', 1]`), an
 * argument of a function (`['sessionId']`), or a place in a list's text (`['line', 3, 'column', 7]`).
 * Empty when the error is about no single input.
 */
export type ErrorPath = ReadonlyArray<string | number>;

/** What {@link VideoAllowlistError}'s constructor takes besides the code and the message. */
export interface ErrorDetails {
  /** The error that caused this one, if any. */
  cause?: unknown;
  /** The input at fault ({@link ErrorPath}); default empty. */
  path?: ErrorPath;
  /** What is wrong with that input, in a few words; default: the message. */
  reason?: string;
  /** What to do about it, in words that name no command-line flag; default empty. */
  hint?: string;
}

/** The base class of every error this library throws. */
export class VideoAllowlistError extends Error {
  /** The class name, written out so that a minifier's renaming does not reach `err.name`. */
  static override readonly name: string = 'VideoAllowlistError';

  // `declare`: set in the constructor, with no class-field code emitted for them (smaller bundles).
  /** Stable, machine-readable reason, e.g. `'unsupported-sdk-version'`. Never changes between releases. */
  declare readonly code: ErrorCode;
  /** The input at fault ({@link ErrorPath}); empty when the error is about no single input. */
  declare readonly path: ErrorPath;
  /** What is wrong with the input, without the input's name. */
  declare readonly reason: string;
  /** What to do about it; empty when the message says it already. */
  declare readonly hint: string;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.name = new.target.name;
    this.path = details.path ?? [];
    this.reason = details.reason ?? message;
    this.hint = details.hint ?? '';
  }
}

/** `['turn', 'urls', 1]` as `turn.urls[1]`: how a library message names an option path. */
export function formatPath(path: ErrorPath): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out ? `.${key}` : key;
  return out;
}
