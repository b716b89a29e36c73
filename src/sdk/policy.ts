import { warnOnce, type WarningHandler } from './build.js';
import { AllowlistPolicyError, badArgument, show } from './errors.js';
import type { Loose, OpenTokLike } from './opentok.js';
import { stateOf } from './state.js';

/**
 * A copy of `options` with `ipWhitelist: true`. Each property is read once (a getter cannot answer
 * `true` to the check and `false` to the SDK: the SDK only ever sees the copy); every other
 * enumerable option is copied as is. Absent or `undefined` `ipWhitelist` becomes `true`.
 *
 * @throws {@link AllowlistPolicyError} when `ipWhitelist` is anything but `true` or `undefined`.
 * @throws {@link SdkArgumentError} when `options` is neither an object nor null/undefined.
 */
export function enforcedOptions(options: unknown): Loose {
  if (options == null) return { ipWhitelist: true };
  if (typeof options !== 'object') badArgument('options', options, 'an object');
  const asked = (options as Loose)['ipWhitelist'];
  if (asked !== undefined && asked !== true) {
    throw new AllowlistPolicyError(
      'allowlist-option-refused',
      `options.ipWhitelist is ${show(asked)}: omit it or pass true.`,
    );
  }
  const copy: Loose = {};
  for (const key in options) if (key !== 'ipWhitelist') copy[key] = (options as Loose)[key];
  copy['ipWhitelist'] = true;
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
      "OT.sessions is unreadable: pass the SDK's own OT (a session cached without ipWhitelist can't be ruled out).",
    );
  }
  const cached = cache.get(sessionId);
  if (cached && !state.sessions.has(cached as object)) {
    throw new AllowlistPolicyError(
      'allowlist-session-cached',
      `OT caches session ${show(sessionId)} made without ipWhitelist (the SDK would reuse it): ` +
        'create sessions only via initSession() or after guard(OT); reload the page.',
    );
  }
  const session = call(copy);
  if (Object(session) === session) state.sessions.add(session as object);
  warnOnce(OT, onWarning);
  return session;
}
