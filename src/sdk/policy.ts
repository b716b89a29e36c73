import { warnOnce, type WarningHandler } from './build.js';
import { AllowlistPolicyError, badArgument, show } from './errors.js';
import type { Loose, OpenTokLike } from './opentok.js';
import { stateOf } from './state.js';

/** Whether `key` is an accessor (getter/setter) on `object` or its prototype chain. */
function hasAccessor(object: object, key: string): boolean {
  for (let o: object | null = object; o; o = Object.getPrototypeOf(o) as object | null) {
    const d = Object.getOwnPropertyDescriptor(o, key);
    if (d) return !('value' in d);
  }
  return false;
}

/**
 * A copy of `options` with `ipWhitelist: true`. `ipWhitelist` must be a plain data property (a
 * getter is refused, since it could answer `true` to the check and `false` to the SDK) and is read
 * once; every other option the SDK could read (own or inherited, enumerable or not, a class's
 * getters) is read once and copied as a plain value, so the SDK only ever sees the copy (a Proxy
 * that changes its answers cannot slip `false` through either). Absent or `undefined`
 * `ipWhitelist` becomes `true`.
 *
 * @throws {@link AllowlistPolicyError} when `ipWhitelist` is a getter, or anything but `true` or `undefined`.
 * @throws {@link SdkArgumentError} when `options` is neither an object nor null/undefined.
 */
export function enforcedOptions(options: unknown): Loose {
  if (options == null) return { ipWhitelist: true };
  if (typeof options !== 'object') badArgument('options', options, 'an object');
  // A getter is refused unread: it could answer `true` here and `false` to the SDK.
  const getter = hasAccessor(options, 'ipWhitelist');
  const asked: unknown = getter ? null : (options as Loose)['ipWhitelist'];
  if (asked !== undefined && asked !== true) {
    throw new AllowlistPolicyError(
      'allowlist-option-refused',
      `options.ipWhitelist is ${getter ? 'a getter' : show(asked)}: omit it or pass the plain value true.`,
    );
  }
  return withTrue(options);
}

/**
 * `{ ipWhitelist: true }` plus every other option the SDK could read from `options` (own or
 * inherited, enumerable or not, getters included), each read once; keys the copy already has
 * (`ipWhitelist`, and every `Object.prototype` name such as `constructor` and `__proto__`) are skipped.
 */
function withTrue(options: object): Loose {
  const copy: Loose = { ipWhitelist: true };
  for (let o: object | null = options; o; o = Object.getPrototypeOf(o) as object | null) {
    for (const key of Object.getOwnPropertyNames(o)) if (!(key in copy)) copy[key] = (options as Loose)[key];
  }
  return copy;
}

/**
 * The one rule set behind `initSession` and `guard`: options enforced, the SDK's session cache
 * checked for `sessionId`, then `call` (the SDK's own `initSession`) with the enforced options; the
 * returned Session is remembered as enforced.
 */
export function enforce<S>(
  OT: OpenTokLike,
  sessionId: unknown,
  options: unknown,
  call: (options: Loose) => S,
  onWarning?: WarningHandler,
): S {
  const copy = enforcedOptions(options);
  const state = stateOf(OT);
  const cache = (OT as unknown as Loose)['sessions'] as { get?(id: unknown): unknown } | undefined;
  if (typeof cache?.get !== 'function') {
    throw new AllowlistPolicyError(
      'allowlist-session-cache-unreadable',
      "OT.sessions (the SDK's session cache) is unreadable: pass the SDK's own OT.",
    );
  }
  const cached = cache.get(sessionId);
  if (cached && !state.sessions.has(cached as object)) {
    throw new AllowlistPolicyError(
      'allowlist-session-cached',
      `OT caches session ${show(sessionId)} made without ipWhitelist enforced: create it via initSession() or after guard(OT), or reload.`,
    );
  }
  // Warned before the SDK is called: a handler that throws then stops the call with nothing created,
  // instead of leaving a session in the SDK's cache that the caller never received.
  warnOnce(OT, onWarning);
  const session = call(copy);
  if (Object(session) === session) state.sessions.add(session as object);
  return session;
}
