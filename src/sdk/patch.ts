import type { EnforceSettings } from './session.js';
import { gate } from './version.js';
import { SdkPatchError, unreadable } from './errors.js';
import type { Loose, OpenTokLike } from './opentok.js';
import { enforce } from './policy.js';
import { stateOf, type OpenTokState } from './state.js';

type Fn = (...args: unknown[]) => unknown;

/** The public names through which an `OT` creates sessions, each replaced by an accessor while guarded. */
const KEYS = ['initSession', 'Session'] as const;

/** The guard record of one `OT`: the wrappers made so far (kept, so captured references keep enforcing). */
interface Patch {
  settings?: EnforceSettings | null | undefined;
  /** What was assigned, by name, while the accessors are on (unwrapped: never one of our wrappers). */
  inner: Loose;
  /** inner function → its wrapper, and back. */
  wrapperOf: WeakMap<object, object>;
  innerOf: WeakMap<object, unknown>;
  /** The getter of each accessor we defined, to tell ours from a later redefinition. */
  getters: Loose;
  /** Session.prototype.constructor, when we pointed it at the wrapper. */
  proto?: { constructor: unknown } | undefined;
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

/**
 * The enforcing stand-in for `inner` (the SDK's `initSession` or `Session`, or what was assigned in
 * their place): one Proxy for a call and for `new`, a pass-through while no guard on `ot` is live. An
 * enforced call reaches `inner` as `(apiKey, sessionId, options)`, already normalised.
 */
function wrap(ot: OpenTokLike, state: OpenTokState, patch: Patch, inner: Fn): object {
  const run = (args: unknown[], reach: (args: unknown[]) => unknown): unknown => {
    if (!state.live) return reach(args);
    gate(ot, patch.settings?.minimumVersion); // rule 1, also for an OT guarded as it was being built
    const [apiKey, id] = normalise(args);
    return enforce(ot, { id, options: args[2], onWarning: patch.settings?.onWarning }, (o) => reach([apiKey, id, o]));
  };
  return new Proxy(inner, {
    apply: (target, self, args) => run(args, (a) => Reflect.apply(target, self, a)),
    construct: (target, args, newTarget) => run(args, (a) => Reflect.construct(target, a, newTarget)) as object,
  });
}

/** The wrapper of `value` (made once, then reused); a non-function is kept as it is. */
function wrapperOf(ot: OpenTokLike, patch: Patch, value: unknown): unknown {
  if (typeof value != 'function') return value;
  let wrapper = patch.wrapperOf.get(value);
  if (!wrapper) {
    patch.wrapperOf.set(value, (wrapper = wrap(ot, stateOf(ot), patch, value as Fn)));
    patch.innerOf.set(wrapper, value);
  }
  return wrapper;
}

/**
 * Puts the accessors on `ot`: reads give the enforcing wrapper of what is held, writes are wrapped.
 * An `OT` still being built (Video Express's script build puts its `OT` on `window` first, then
 * fills it in) gets them too: what it assigns is wrapped, its first `initSession` is taken as the
 * SDK's own, and each call passes the version gate then.
 */
function install(ot: OpenTokLike, patch: Patch): void {
  const loose = ot as unknown as Loose;
  const state = stateOf(ot);
  // What a write stores: never one of our wrappers, always what it wraps.
  const unwrap = (v: unknown): unknown => patch.innerOf.get(v as object) ?? v;
  for (const key of KEYS) {
    const descriptor = Object.getOwnPropertyDescriptor(loose, key);
    patch.inner[key] = unwrap(loose[key]);
    const get = (patch.getters[key] = (): unknown => wrapperOf(ot, patch, patch.inner[key]));
    try {
      if (descriptor && !descriptor.configurable) throw 0;
      const set = (v: unknown): void => {
        const inner = (patch.inner[key] = unwrap(v));
        if (key == 'initSession') state.init ??= inner as Fn;
        point(ot, patch);
      };
      Object.defineProperty(loose, key, {
        configurable: true,
        enumerable: descriptor ? descriptor.enumerable! : true,
        get,
        set,
      });
    } catch {
      uninstall(ot, patch);
      throw new SdkPatchError(
        ['OT', key],
        'is read-only or OT is frozen',
        'call initSession(OT, …) instead of guard()',
      );
    }
  }
  point(ot, patch);
}

/** Points `OT.Session.prototype.constructor` (so `session.constructor`) at the wrapper, once, when there is a Session. */
function point(ot: OpenTokLike, patch: Patch): void {
  const sessionClass = patch.inner['Session'];
  const proto =
    typeof sessionClass == 'function' ? (sessionClass.prototype as { constructor: unknown } | undefined) : undefined;
  if (!patch.proto && proto?.constructor === sessionClass) {
    try {
      proto!.constructor = wrapperOf(ot, patch, sessionClass);
      patch.proto = proto;
    } catch {
      // A read-only constructor: `new session.constructor()` stays a documented limit.
    }
  }
}

/** Takes the accessors off (where they are still ours): plain data properties holding what was last assigned. */
function uninstall(ot: OpenTokLike, patch: Patch): void {
  const loose = ot as unknown as Loose;
  for (const key of KEYS) {
    const descriptor = Object.getOwnPropertyDescriptor(loose, key);
    if (!descriptor?.get || descriptor.get !== patch.getters[key]) continue;
    if (patch.inner[key] === undefined) delete loose[key];
    else
      Object.defineProperty(loose, key, {
        configurable: true,
        enumerable: descriptor.enumerable,
        writable: true,
        value: patch.inner[key],
      });
  }
  patch.getters = {};
  const proto = patch.proto;
  if (proto && patch.innerOf.has(proto.constructor as object))
    proto.constructor = patch.innerOf.get(proto.constructor as object);
  patch.proto = undefined;
}

/**
 * Guards one `OT` found already (see `guard`): one patch per `OT` with a count of live guards. The
 * first live guard puts the accessors on; the last `unguard` takes them off. Calling it twice is harmless.
 */
export function guardOne(ot: OpenTokLike, settings: EnforceSettings | null | undefined): () => void {
  const state = stateOf(ot);
  let patch = patches.get(ot);
  if (!patch) patches.set(ot, (patch = { inner: {}, wrapperOf: new WeakMap(), innerOf: new WeakMap(), getters: {} }));
  if (!state.live) {
    patch.settings = settings;
    install(ot, patch);
  }
  state.live++;
  const installed = patch;
  let done = false;
  return () => {
    if (!done && !((done = true), --state.live)) uninstall(ot, installed);
  };
}
