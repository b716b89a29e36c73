import { VideoAllowlistError } from '../errors.js';

/**
 * No usable `OT` object: none was passed and `globalThis.OT` is not set, or the value found has no
 * `initSession` function. Code `'opentok-not-found'`.
 */
export class OpenTokNotFoundError extends VideoAllowlistError {
  /** The class name, written out so that a minifier's renaming does not reach `err.name`. */
  static override readonly name = 'OpenTokNotFoundError';

  declare readonly code: 'opentok-not-found';

  constructor(message: string) {
    super('opentok-not-found', message);
  }
}

/**
 * The loaded OpenTok.js is older than the required version, or its version is missing or cannot be
 * parsed. Code `'unsupported-sdk-version'`.
 */
export class UnsupportedSdkVersionError extends VideoAllowlistError {
  /** The class name, written out so that a minifier's renaming does not reach `err.name`. */
  static override readonly name = 'UnsupportedSdkVersionError';

  declare readonly code: 'unsupported-sdk-version';
  /** The version string the SDK reported (`'v2.14.9'`; `'[object]'` for an object), or `null` when it reported none. */
  declare readonly found: string | null;
  /** The minimum version that was required (`'2.15.0'`). */
  declare readonly required: string;

  constructor(found: string | null, required: string, message: string) {
    super('unsupported-sdk-version', message);
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
 * `code` says which rule refused it.
 */
export class AllowlistPolicyError extends VideoAllowlistError {
  /** The class name, written out so that a minifier's renaming does not reach `err.name`. */
  static override readonly name = 'AllowlistPolicyError';

  declare readonly code: AllowlistPolicyCode;
}

/** An argument given to a function of this module is invalid; `argument` names it. Code `'invalid-sdk-argument'`. */
export class SdkArgumentError extends VideoAllowlistError {
  /** The class name, written out so that a minifier's renaming does not reach `err.name`. */
  static override readonly name = 'SdkArgumentError';

  declare readonly code: 'invalid-sdk-argument';
  /** The name of the invalid argument (`'apiKey'`, `'sessionId'`, `'options'`, `'minimum'`). */
  declare readonly argument: string;

  constructor(argument: string, message: string) {
    super('invalid-sdk-argument', message);
    this.argument = argument;
  }
}

/** `guard()` cannot replace `OT.initSession` (the property is read-only or the object frozen). Code `'sdk-not-patchable'`. */
export class SdkPatchError extends VideoAllowlistError {
  /** The class name, written out so that a minifier's renaming does not reach `err.name`. */
  static override readonly name = 'SdkPatchError';

  declare readonly code: 'sdk-not-patchable';

  constructor(message: string) {
    super('sdk-not-patchable', message);
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

/** Throws {@link SdkArgumentError}: `${argument} is ${value}, not ${expected}.` */
export function badArgument(argument: string, value: unknown, expected: string): never {
  throw new SdkArgumentError(argument, `${argument} is ${show(value)}, not ${expected}.`);
}
