import { VideoAllowlistError } from '../errors.js';
import { warnOnce, type WarningHandler } from './build.js';
import { AllowlistPolicyError, badArgument, show, unreadable } from './errors.js';
import type { Loose, OpenTokLike } from './opentok.js';
import { stateOf } from './state.js';

/** `options.ipWhitelist` given as `what`, refused. */
const refused = (what: string): AllowlistPolicyError =>
  new AllowlistPolicyError(
    'allowlist-option-refused',
    ['options', 'ipWhitelist'],
    `is ${what}`,
    'omit it or pass true',
  );

/** The longest prototype chain of `options` that is read (a Proxy can make one endless). */
const DEPTH = 64;

/**
 * A copy of `options` with `ipWhitelist: true`. `ipWhitelist` must be a plain data property (a
 * getter is refused, since it could answer `true` to the check and `false` to the SDK) and is read
 * once; every other option the SDK could read (own or inherited, enumerable or not, a class's
 * getters) is read once and copied as a plain value, so the SDK only ever sees the copy (a Proxy
 * that changes its answers cannot slip `false` through either). Absent or `undefined`
 * `ipWhitelist` becomes `true`. Bounded: a prototype chain longer than 64 objects (or a cycle) is
 * refused, and a getter or Proxy trap that throws becomes {@link SdkArgumentError} with the error as
 * `cause`.
 *
 * @throws {@link AllowlistPolicyError} when `ipWhitelist` is a getter, or anything but `true` or `undefined`.
 * @throws {@link SdkArgumentError} when `options` is neither an object nor null/undefined, or cannot be read.
 */
export function enforcedOptions(options: unknown): Loose {
  if (options != null && typeof options !== 'object') badArgument('options', options, 'an object');
  const copy: Loose = {};
  try {
    let depth = 0;
    // null or undefined: nothing to copy.
    for (let holder = options as object | null; holder; holder = Object.getPrototypeOf(holder) as object | null) {
      if (++depth > DEPTH) throw unreadable('options', null, `has over ${DEPTH} prototypes`);
      // A name already copied, or one every object has (Object.prototype's, such as __proto__), is skipped:
      // the first ipWhitelist on the chain is the one the SDK would read.
      for (const key of Object.getOwnPropertyNames(holder)) {
        if (key in copy) continue;
        const own = key === 'ipWhitelist';
        // A getter is refused unread: it could answer `true` here and `false` to the SDK.
        if (own && !('value' in Object.getOwnPropertyDescriptor(holder, key)!)) throw refused('a getter');
        const value = (copy[key] = (options as Loose)[key]);
        if (own && value !== undefined && value !== true) throw refused(show(value));
      }
    }
  } catch (e) {
    throw e instanceof VideoAllowlistError ? e : unreadable('options', e);
  }
  copy['ipWhitelist'] = true;
  return copy;
}

/** One call to enforce: the session id (already a string) and what the caller gave. */
export interface EnforceRequest {
  id: string;
  options: unknown;
  onWarning?: WarningHandler | undefined;
}

/**
 * The one rule set behind `initSession`, `guard` and a guarded `new OT.Session`. Everything that can
 * run the caller's code comes first (the options copy, with its getters and traps; the warning
 * handler); then the SDK's own session cache (taken when this library first saw `OT`) is checked
 * for the id, and `call` (the SDK) gets the enforced copy with nothing in between. The Session is
 * remembered as enforced only if the SDK's cache holds it for that id after the call.
 */
export function enforce<S>(OT: OpenTokLike, request: EnforceRequest, call: (options: Loose) => S): S {
  const copy = enforcedOptions(request.options);
  warnOnce(OT, request.onWarning);
  const state = stateOf(OT);
  const { lookup } = state;
  if (!lookup) {
    throw new AllowlistPolicyError(
      'allowlist-session-cache-unreadable',
      ['OT', 'sessions'],
      'is unreadable',
      "pass the SDK's own OT",
    );
  }
  const cached = lookup(request.id);
  if (cached && !state.sessions.has(cached as object)) {
    throw new AllowlistPolicyError(
      'allowlist-session-cached',
      ['sessionId'],
      `${show(request.id)} is cached by OT without ipWhitelist`,
      'reload, or create it here first',
    );
  }
  const session = call(copy);
  if (Object(session) === session && lookup(request.id) === session) state.sessions.add(session as object);
  return session;
}
