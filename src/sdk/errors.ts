import { VideoAllowlistError, type ErrorDetails, type ErrorPath } from '../errors.js';

/** The message and details of an sdk error: `${path} ${reason}: ${hint}.` and the four fields. */

function shape(path: ErrorPath, reason: string, hint = '', cause?: unknown): [string, ErrorDetails] {
  return [`${path.join('.')} ${reason}${hint && `: ${hint}`}.`, { path, reason, hint, cause }];
}

/**
 * No usable `OT` object: none was passed and `globalThis.OT` is not set, or the value found has no
 * `initSession` function. Code `'opentok-not-found'`; `path` is `['OT']`.
 */
export class OpenTokNotFoundError extends VideoAllowlistError {
  /** The class name, written out so that a minifier's renaming does not reach `err.name`. */
  static override readonly name = 'OpenTokNotFoundError';

  declare readonly code: 'opentok-not-found';

  /** @param passed - Whether an `OT` was passed (else `globalThis.OT` was looked at). */
  constructor(passed: boolean) {
    const hint = 'pass OT or load opentok.min.js first';
    super('opentok-not-found', `No OpenTok.js ${passed ? 'in the OT passed' : 'at globalThis.OT'}: ${hint}.`, {
      path: ['OT'],
      reason: passed ? 'is not OpenTok.js' : 'is missing',
      hint,
    });
  }
}

/**
 * The loaded OpenTok.js is older than the required version, or its version is missing or cannot be
 * parsed. Code `'unsupported-sdk-version'`; `path` is `['OT', 'version']`.
 */
export class UnsupportedSdkVersionError extends VideoAllowlistError {
  /** The class name, written out so that a minifier's renaming does not reach `err.name`. */
  static override readonly name = 'UnsupportedSdkVersionError';

  declare readonly code: 'unsupported-sdk-version';
  /** The version string the SDK reported (`'v2.14.9'`; `'[object]'` for an object), or `null` when it reported none. */
  declare readonly found: string | null;
  /** The minimum version that was required (`'2.15.0'`). */
  declare readonly required: string;

  constructor(found: string | null, required: string, reason: string) {
    super('unsupported-sdk-version', ...shape(['OT', 'version'], reason, `load OpenTok.js ${required} or later`));
    this.found = found;
    this.required = required;
  }
}

/** Why {@link AllowlistPolicyError} refused a session. */
export type AllowlistPolicyCode =
  /** `ipWhitelist` was given as something other than the boolean `true`. */
  | 'allowlist-option-refused'
  /** The SDK already caches a Session for this id that was not created with the setting enforced. */
  | 'allowlist-session-cached'
  /** `OT.sessions` cannot be read, so the SDK's session cache cannot be checked. */
  | 'allowlist-session-cache-unreadable';

/**
 * A session would not carry `ipWhitelist: true`, so it was refused before the SDK was called.
 * `code` says which rule refused it; `path` names the input (`['options', 'ipWhitelist']`,
 * `['sessionId']`, `['OT', 'sessions']`).
 */
export class AllowlistPolicyError extends VideoAllowlistError {
  /** The class name, written out so that a minifier's renaming does not reach `err.name`. */
  static override readonly name = 'AllowlistPolicyError';

  declare readonly code: AllowlistPolicyCode;

  constructor(code: AllowlistPolicyCode, path: ErrorPath, reason: string, hint: string) {
    super(code, ...shape(path, reason, hint));
  }
}

/**
 * An argument given to a function of this module is invalid or cannot be read; `path` names it
 * (`['apiKey']`, `['sessionId']`, `['options']`, `['minimum']`); `cause` holds what a getter or
 * Proxy trap threw. Code `'invalid-sdk-argument'`.
 */
export class SdkArgumentError extends VideoAllowlistError {
  /** The class name, written out so that a minifier's renaming does not reach `err.name`. */
  static override readonly name = 'SdkArgumentError';

  declare readonly code: 'invalid-sdk-argument';

  constructor(path: ErrorPath, reason: string, cause?: unknown) {
    super('invalid-sdk-argument', ...shape(path, reason, '', cause));
  }
}

/**
 * `guard()` cannot put its accessor on the `OT` (the property is not configurable, or the object is
 * frozen), or on `globalThis.OT`. Code `'sdk-not-patchable'`.
 */
export class SdkPatchError extends VideoAllowlistError {
  /** The class name, written out so that a minifier's renaming does not reach `err.name`. */
  static override readonly name = 'SdkPatchError';

  declare readonly code: 'sdk-not-patchable';

  constructor(path: ErrorPath, reason: string, hint: string) {
    super('sdk-not-patchable', ...shape(path, reason, hint));
  }
}

/** A short description of any value for messages: `"true"`, `1`, `null`, `[object]`, `[function]`. */
export function show(value: unknown): string {
  return typeof value === 'string'
    ? JSON.stringify(value)
    : Object(value) === value
      ? `[${typeof value}]`
      : String(value);
}

/** `new SdkArgumentError` for an input that cannot be read: `${name} cannot be read`, with the cause. */
export function unreadable(name: string, cause: unknown, reason = 'cannot be read'): SdkArgumentError {
  return new SdkArgumentError([name], reason, cause);
}

/** Throws {@link SdkArgumentError}: `${name} is ${value}, not ${expected}.` */
export function badArgument(name: string, value: unknown, expected: string): never {
  throw unreadable(name, undefined, `is ${show(value)}, not ${expected}`);
}
