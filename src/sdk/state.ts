/** What this library remembers about one `OT` object. */
export interface OpenTokState {
  /** Sessions created with `ipWhitelist: true` enforced (by `initSession` or a guarded call). */
  sessions: WeakSet<object>;
  /** The build warning was given for this `OT`. */
  warned?: boolean;
  /** The active guard, if any. */
  guard?: { count: number; original: unknown; patched: unknown; active: boolean };
}

const states = new WeakMap<object, OpenTokState>();

/** The state of `OT`, created on first use. */
export function stateOf(OT: object): OpenTokState {
  let state = states.get(OT);
  if (!state) states.set(OT, (state = { sessions: new WeakSet() }));
  return state;
}
