import type { Loose } from './opentok.js';

/** What this library remembers about one `OT` object, from the first time it sees it. */
export interface OpenTokState {
  /** Sessions the SDK created from options this library enforced. */
  sessions: WeakSet<object>;
  /**
   * The SDK's own session cache lookup: `OT.sessions` and its `get`, both taken when this library
   * first saw the `OT`, so replacing either later cannot fool the check. Undefined when unreadable.
   */
  lookup?: (id: string) => unknown;
  /** `OT.initSession` as it was when this library first saw the `OT`: what `initSession()` calls. */
  init: (...args: unknown[]) => unknown;
  /** How many guards on this `OT` are live. */
  live: number;
  /** The build warning was given for this `OT`. */
  warned?: boolean;
}

const states = new WeakMap<object, OpenTokState>();

/** The state of `OT`, created (and the SDK's own functions taken) on first use. */
export function stateOf(OT: object): OpenTokState {
  let state = states.get(OT);
  if (!state) {
    const ot = OT as Loose;
    state = { sessions: new WeakSet(), init: ot['initSession'] as OpenTokState['init'], live: 0 };
    try {
      const cache = ot['sessions'] as Loose;
      const get = cache['get'];
      if (typeof get == 'function') state.lookup = (id) => get.call(cache, id) as unknown;
    } catch {
      // No readable cache: every enforced call is refused (allowlist-session-cache-unreadable).
    }
    states.set(OT, state);
  }
  return state;
}
