import { SdkPatchError } from './errors.js';
import { findOpenTok, type Loose, type OpenTokLike } from './opentok.js';
import { guardOne } from './patch.js';
import type { EnforceSettings } from './session.js';
import { gate } from './version.js';

/** The watch on `globalThis.OT` while a `guard()` without argument is live. */
let watch: { live: number; get(): unknown; undo: Map<object, () => void> } | undefined;

/**
 * Puts an accessor on `globalThis.OT` (once; counted) so that every `OT` that later takes the
 * global's place (a second SDK script, Video Express's script-tag build) is guarded before anyone
 * can read it. An `OT` that cannot be guarded (too old, frozen) is refused: the assignment throws
 * and the global keeps the guarded `OT`.
 */
function watchGlobal(settings: EnforceSettings | null | undefined): () => void {
  const globalObject = globalThis as Loose;
  if (!watch) {
    const descriptor = Object.getOwnPropertyDescriptor(globalObject, 'OT');
    if (descriptor && !descriptor.configurable) {
      throw new SdkPatchError(
        ['globalThis', 'OT'],
        'is not configurable (var OT?)',
        'call guard(OT) on each OT instead',
      );
    }
    let value = globalObject['OT'];
    const undo = new Map<object, () => void>();
    const set = (v: unknown): void => {
      if (Object(v) === v && !undo.has(v as object)) {
        const ot = v as OpenTokLike;
        // An OT still being built (no initSession yet) has no version to check: each call through it
        // is checked instead; one that cannot be patched can never gain initSession, so it is let be.
        const built = typeof ot.initSession == 'function';
        if (built) gate(ot, settings?.minimumVersion);
        try {
          undo.set(ot, guardOne(ot, settings));
        } catch (e) {
          if (built) throw e;
        }
      }
      value = v;
    };
    const get = (): unknown => value;
    Object.defineProperty(globalObject, 'OT', {
      configurable: true,
      enumerable: descriptor ? descriptor.enumerable! : true,
      get,
      set,
    });
    watch = { live: 0, get, undo };
  }
  const active = watch;
  active.live++;
  return () => {
    if (--active.live) return;
    watch = undefined;
    const descriptor = Object.getOwnPropertyDescriptor(globalObject, 'OT');
    if (descriptor?.get === active.get)
      Object.defineProperty(globalObject, 'OT', {
        configurable: true,
        enumerable: descriptor.enumerable,
        writable: true,
        value: active.get(),
      });
    for (const unguard of active.undo.values()) unguard();
  };
}

/**
 * Guards one `OT` so that every session it creates, from any code (a widget, Video Express on this
 * `OT`), follows the rules of {@link initSession}: `ipWhitelist: true` is added, anything else is
 * refused with {@link AllowlistPolicyError} thrown from that call, and so is a session id the SDK
 * cached before the guard without the setting. Covered: `OT.initSession` in every call form the SDK
 * accepts (`(apiKey, sessionId, options)`, `(sessionId)`, a one-element array as the id; the id is
 * converted to a string once and that string handed to the SDK), and `new OT.Session(…)` (also
 * reached as `session.constructor`).
 *
 * While a guard is live, `OT.initSession` and `OT.Session` are accessors: reading gives an enforcing
 * wrapper, and a function assigned to them (a widget restoring what it saved, another library's
 * patch) is wrapped too. A wrapper taken while guarded keeps enforcing whenever any guard on that
 * `OT` is live. There is one patch per `OT` with a count of live guards; when the last `unguard`
 * runs, the two names become plain data properties again, holding the last function assigned (or
 * the SDK's own). Calling an `unguard` twice is harmless.
 *
 * Without an argument (the script-tag form) it guards `globalThis.OT`, and also every `OT` that
 * later takes the global's place, for as long as the guard is live.
 *
 * @param OT - The SDK's `OT`; default `globalThis.OT` (the script-tag global), watched as above.
 * @param settings - Version minimum and warning handler (the first live guard's settings apply);
 *   `null`/`undefined` means the defaults.
 * @returns `unguard()`.
 * @throws {@link UnsupportedSdkVersionError}, {@link OpenTokNotFoundError}, and {@link SdkPatchError}
 *   when the names cannot be replaced (frozen `OT`) or `globalThis.OT` cannot be watched.
 */
export function guard(OT?: OpenTokLike | null, settings?: EnforceSettings | null): () => void {
  const ot = findOpenTok(OT);
  gate(ot, settings?.minimumVersion);
  const stop = OT == null ? watchGlobal(settings) : undefined;
  let unguard: () => void;
  try {
    unguard = guardOne(ot, settings);
  } catch (e) {
    stop?.();
    throw e;
  }
  let done = false;
  return () => {
    if (done) return;
    done = true;
    unguard();
    stop?.();
  };
}
