import type { EnforceSettings } from './session.js';
import { gate } from './version.js';
import { SdkPatchError, unreadable } from './errors.js';
import type { Loose, OpenTokLike } from './opentok.js';
import { enforce } from './policy.js';
import { stateOf } from './state.js';

type Fn = (...args: unknown[]) => unknown;
/** How one guarded call reaches what it wraps: `(apiKey, sessionId, options)`, already normalised. */
type Reach = (apiKey: unknown, id: string, options: unknown) => unknown;

/** The public names through which an `OT` creates sessions, each replaced by an accessor while guarded. */
const KEYS = ['initSession', 'Session'] as const;

/** The guard record of one `OT`: the wrappers made so far (kept, so captured references keep enforcing). */
interface Patch {
  settings?: EnforceSettings | null | undefined;
  /** What was assigned, by name, while the accessors are on (unwrapped: never one of our wrappers). */
  inner: Loose;
  /** inner function → its wrapper, and back. */
  wrapperOf: WeakMap<object, unknown>;
  innerOf: WeakMap<object, unknown>;
  /** The getter of each accessor we defined, to tell ours from a later redefinition. */
  getters: Loose;
  /** Session.prototype.constructor, when we pointed it at the wrapper. */
  proto?: { constructor: unknown };
}

const patches = new WeakMap<object, Patch>();

/**
 * The session id as the SDK would take it, converted to a string exactly once: `(sessionId)` alone
 * means the first argument, a one-element array means its element. The SDK is then handed this
 * string, so no later conversion can give another id.
 */
function normalise(args: unknown[]): [apiKey: unknown, id: string] {
  const single = args[1] == null;
  try {
    let id = args[single ? 0 : 1];
    if (Array.isArray(id) && id.length === 1) id = id[0] as unknown;
    if (id == null) throw new TypeError('no session id');
    return [single ? null : args[0], typeof id == 'string' ? id : String(id)];
  } catch (e) {
    throw unreadable('sessionId', e, 'cannot be read as a string');
  }
}

/** The enforcing stand-in for `inner` under `key`: pass-through while no guard on `ot` is live. */
function wrap(ot: OpenTokLike, patch: Patch, key: (typeof KEYS)[number], inner: Fn): unknown {
  const state = stateOf(ot);
  const run = (args: unknown[], reach: Reach): unknown => {
    gate(ot, patch.settings?.minimumVersion); // rule 1, also for an OT guarded as it was being built
    const [apiKey, id] = normalise(args);
    return enforce(ot, { id, options: args[2], onWarning: patch.settings?.onWarning }, (o) => reach(apiKey, id, o));
  };
  if (key === 'initSession') {
    return function initSession(this: unknown, ...args: unknown[]): unknown {
      return state.live ? run(args, (k, id, o) => inner.call(this, k, id, o)) : inner.apply(this, args);
    };
  }
  return new Proxy(inner, {
    construct: (target, args, newTarget) =>
      state.live
        ? (run(args, (k, id, o) => Reflect.construct(target, [k, id, o], newTarget)) as object)
        : (Reflect.construct(target, args, newTarget) as object),
    apply: (target, self, args) =>
      state.live ? run(args, (k, id, o) => Reflect.apply(target, self, [k, id, o])) : Reflect.apply(target, self, args),
  });
}

/** The wrapper of `value` (made once, then reused); a non-function is kept as it is. */
function wrapperOf(ot: OpenTokLike, patch: Patch, key: (typeof KEYS)[number], value: unknown): unknown {
  if (typeof value != 'function') return value;
  let w = patch.wrapperOf.get(value);
  if (!w) {
    w = wrap(ot, patch, key, value as Fn);
    patch.wrapperOf.set(value, w);
    patch.innerOf.set(w as object, value);
  }
  return w;
}

/** Puts the accessors on `ot`: reads give the enforcing wrapper of what is held, writes are wrapped. */
function install(ot: OpenTokLike, patch: Patch): void {
  const o = ot as unknown as Loose;
  for (const key of KEYS) {
    const d = Object.getOwnPropertyDescriptor(o, key);
    const value = o[key];
    // A missing Session gets the accessor too: an OT still being built assigns it later.
    const unwrap = (v: unknown): unknown => (patch.innerOf.get(v as object) as unknown) ?? v;
    patch.inner[key] = unwrap(value);
    const get = (): unknown => wrapperOf(ot, patch, key, patch.inner[key]);
    patch.getters[key] = get;
    try {
      if (d && !d.configurable) throw new TypeError('not configurable');
      const set = (v: unknown): void => void (patch.inner[key] = unwrap(v));
      Object.defineProperty(o, key, { configurable: true, enumerable: d ? d.enumerable! : true, get, set });
    } catch {
      uninstall(ot, patch);
      throw new SdkPatchError(
        ['OT', key],
        'cannot be replaced (read-only property or frozen OT), so guard() cannot enforce ipWhitelist',
        'call initSession(OT, …) from this library instead',
      );
    }
  }
  // `session.constructor`, and `OT.Session.prototype.constructor`, lead to the wrapper too.
  const S = patch.inner['Session'];
  const proto = typeof S == 'function' ? (S.prototype as { constructor: unknown } | undefined) : undefined;
  if (proto?.constructor === S) {
    try {
      proto!.constructor = wrapperOf(ot, patch, 'Session', S);
      patch.proto = proto;
    } catch {
      // A read-only constructor: `new session.constructor()` stays a documented limit.
    }
  }
}

/** Takes the accessors off (where they are still ours): plain data properties holding what was last assigned. */
function uninstall(ot: OpenTokLike, patch: Patch): void {
  const o = ot as unknown as Loose;
  for (const key of KEYS) {
    if (Object.getOwnPropertyDescriptor(o, key)?.get !== patch.getters[key] || !patch.getters[key]) continue;
    const enumerable = Object.getOwnPropertyDescriptor(o, key)!.enumerable;
    if (patch.inner[key] === undefined) delete o[key];
    else Object.defineProperty(o, key, { configurable: true, enumerable, writable: true, value: patch.inner[key] });
  }
  patch.getters = {};
  const proto = patch.proto;
  if (proto && patch.innerOf.has(proto.constructor as object))
    proto.constructor = patch.innerOf.get(proto.constructor as object);
  patch.proto = undefined;
}

/**
 * Guards one `OT` found already (see `guard`): one patch per `OT` with a count of live guards. The
 * first live guard puts the accessors on; the last `unguard` takes them off.
 */
export function guardOne(ot: OpenTokLike, settings: EnforceSettings | null | undefined): () => void {
  const state = stateOf(ot);
  let patch = patches.get(ot);
  if (!patch) {
    patch = { inner: {}, wrapperOf: new WeakMap(), innerOf: new WeakMap(), getters: {} };
    patches.set(ot, patch);
  }
  if (!state.live) {
    patch.settings = settings;
    install(ot, patch);
  }
  state.live++;
  const p = patch;
  let done = false;
  return () => {
    if (done) return;
    done = true;
    if (--state.live === 0) uninstall(ot, p);
  };
}
