import { formatPath, VideoAllowlistError, type ErrorDetails, type ErrorPath } from '../errors.js';

/** `${path} ${reason}` then the hint: the message of every error below. */
function say(path: ErrorPath, reason: string, hint: string): string {
  return `${path.length ? `${formatPath(path)} ` : ''}${reason}${hint ? `: ${hint}` : ''}.`;
}

/**
 * No usable `OT` object: none was passed and `globalThis.OT` is not set, or the value found has no
 * `initSession` function. Code `'opentok-not-found'`; `path` is `['OT']`.
 */
export class OpenTokNotFoundError extends VideoAllowlistError {
  /** The class name, written out so that a minifier's renaming does not reach `err.name`. */
  static override readonly name = 'OpenTokNotFoundError';

  declare readonly code: 'opentok-not-found';

  constructor(reason: string, hint: string) {
    super('opentok-not-found', say([], reason, hint), { path: ['OT'], reason, hint });
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
    const hint = `load OpenTok.js ${required} or later`;
    super('unsupported-sdk-version', say(['OpenTok.js'], reason, hint), { path: ['OT', 'version'], reason, hint });
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
    super(code, say(path, reason, hint), { path, reason, hint });
  }
}

/**
 * An argument given to a function of this module is invalid or cannot be read; `path` names it
 * (`['apiKey']`, `['sessionId']`, `['options']`, `['options', 'iceConfig']`, `['minimum']`).
 * Code `'invalid-sdk-argument'`.
 */
export class SdkArgumentError extends VideoAllowlistError {
  /** The class name, written out so that a minifier's renaming does not reach `err.name`. */
  static override readonly name = 'SdkArgumentError';

  declare readonly code: 'invalid-sdk-argument';

  constructor(path: ErrorPath, reason: string, details?: ErrorDetails) {
    super('invalid-sdk-argument', say(path, reason, ''), { ...details, path, reason });
  }
}

/**
 * `guard()` cannot put its accessor on the `OT` (the property is not configurable, or the object is
 * frozen), or cannot guard an `OT` that took the global's place. Code `'sdk-not-patchable'`.
 */
export class SdkPatchError extends VideoAllowlistError {
  /** The class name, written out so that a minifier's renaming does not reach `err.name`. */
  static override readonly name = 'SdkPatchError';

  declare readonly code: 'sdk-not-patchable';

  constructor(path: ErrorPath, reason: string, hint: string) {
    super('sdk-not-patchable', say(path, reason, hint), { path, reason, hint });
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

/** Throws {@link SdkArgumentError}: `${name} is ${value}, not ${expected}.` */
export function badArgument(name: string, value: unknown, expected: string): never {
  throw new SdkArgumentError([name], `is ${show(value)}, not ${expected}`);
}
