import { OpenTokNotFoundError } from './errors.js';
import { stateOf } from './state.js';

/**
 * The smallest shape of OpenTok.js's `OT` this module needs. The real `OT` (from
 * `import OT from '@vonage/client-sdk-video'` or the script tag's global) satisfies it; the SDK's
 * own typings leave `version` and `sessions` out, so they are optional here.
 */
export interface OpenTokLike {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  initSession(...args: any[]): unknown;
}

/** The Session type an `OT` returns from `initSession`. */
export type SessionOf<OT> = OT extends { initSession(...args: never[]): infer S } ? S : unknown;

/** The `options` parameter type of an `OT`'s `initSession` (an object type for the real SDK). */
export type SessionOptionsOf<OT> = OT extends { initSession(a: never, b: never, options?: infer O): unknown }
  ? O
  : Record<string, unknown>;

/**
 * The options {@link initSession} takes: the SDK's own, with `ipWhitelist` narrowed to `true` (so
 * `ipWhitelist: false` is a type error as well as a runtime refusal).
 */
export type EnforcedOptionsOf<OT> = Omit<SessionOptionsOf<OT>, 'ipWhitelist'> & { ipWhitelist?: true };

/** Untyped view of `OT` for the properties the SDK has but does not declare. */
export type Loose = Record<PropertyKey, unknown>;

/**
 * The `OT` to use: `OT` when given, else `globalThis.OT` (the script-tag global). The first time
 * this library sees an `OT` it keeps the SDK's own session cache (`OT.sessions` and its `get`) and
 * `OT.initSession`, so code that replaces them later cannot fool the checks.
 *
 * @throws {@link OpenTokNotFoundError} when neither exists, or the value has no `initSession` function.
 */
export function findOpenTok<OT extends OpenTokLike>(OT?: OT | null): OT {
  const found = OT ?? ((globalThis as Loose)['OT'] as OT | undefined);
  if (typeof (found as Loose | undefined)?.['initSession'] !== 'function') {
    throw new OpenTokNotFoundError(OT != null);
  }
  stateOf(found as object); // the first sight: the SDK's own session cache and initSession are taken now
  return found as OT;
}
