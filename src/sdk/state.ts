import type { Loose } from './opentok.js';

/** What this library remembers about one `OT` object, from the first time it sees it. */
export interface OpenTokState {
  /** Sessions the SDK created from options this library enforced. */
  sessions: WeakSet<object>;
  /**
   * The SDK's own session cache lookup: `OT.sessions` and its `get`, both taken the first time this
   * library saw the `OT` with them readable, so replacing either later cannot fool the check.
   */
  lookup?: (id: string) => unknown;
  /**
   * `OT.initSession` as it was when this library first saw the `OT` (for an `OT` guarded while being
   * built, the first function assigned to it): what `initSession()` calls.
   */
  init: ((...args: unknown[]) => unknown) | undefined;
  /** How many guards on this `OT` are live. */
  live: number;
  /** The build warning was given for this `OT`. */
  warned?: boolean;
}

const states = new WeakMap<object, OpenTokState>();

/** The state of `OT`, created (and the SDK's own functions taken) on first use. */
export function stateOf(OT: object): OpenTokState {
  let state = states.get(OT);
  const ot = OT as Loose;
  if (!state)
    states.set(OT, (state = { sessions: new WeakSet(), init: ot['initSession'] as OpenTokState['init'], live: 0 }));
  // Taken once, at the first sight where it is readable (an OT still being built gets it later).
  if (!state.lookup) {
    try {
      const cache = ot['sessions'] as Loose;
      const get = cache['get'];
      if (typeof get == 'function') state.lookup = (id) => get.call(cache, id) as unknown;
    } catch {
      // No readable cache yet: an enforced call is refused (allowlist-session-cache-unreadable).
    }
  }
  return state;
}
