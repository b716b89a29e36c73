import { SdkPatchError } from './errors.js';
import { findOpenTok, type Loose, type OpenTokLike } from './opentok.js';
import { enforce } from './policy.js';
import type { EnforceSettings } from './session.js';
import { stateOf } from './state.js';
import { gate } from './version.js';

/**
 * Patches one `OT` so that every `OT.initSession` call, from any code (a widget, Video Express on
 * this `OT`), follows the rules of {@link initSession}: `ipWhitelist: true` is added, anything else
 * is refused with {@link AllowlistPolicyError} thrown from that call, and so is a session id the
 * SDK cached before the guard without the setting. All the call forms the SDK accepts keep working
 * (`(apiKey, sessionId, options)`, `(sessionId)`, a one-element array as the id).
 *
 * Guarding an `OT` that this copy of the library already guards adds no second patch (a second copy
 * of the library, e.g. the IIFE next to an npm import, wraps the first patch: same rules, applied twice); the patch stays until every returned `unguard` has been called. `unguard` restores the
 * SDK's own function, or, when other code has since wrapped the patch, turns the patch into a
 * pass-through so their wrapper keeps working. Calling an `unguard` twice is harmless.
 *
 * @param OT - The SDK's `OT`; default `globalThis.OT` (the script-tag global).
 * @param settings - Version minimum and warning handler (the first guard's settings apply); `null`/`undefined` means the defaults.
 * @returns `unguard()`.
 * @throws {@link UnsupportedSdkVersionError}, {@link OpenTokNotFoundError}, and {@link SdkPatchError}
 *   when `OT.initSession` cannot be replaced.
 */
export function guard(OT?: OpenTokLike | null, settings?: EnforceSettings | null): () => void {
  const ot = findOpenTok(OT);
  gate(ot, settings?.minimumVersion);
  const state = stateOf(ot);
  let current = state.guard;
  if (!current || ot.initSession !== current.patched) {
    const original = ot.initSession;
    const g = { count: 0, original, patched: undefined as unknown, active: true };
    g.patched = function initSession(this: unknown, apiKey: unknown, sessionId: unknown, options: unknown): unknown {
      const call = (o: unknown): unknown => original.call(this, apiKey, sessionId, o);
      if (!g.active) return call(options);
      // The SDK's own normalisation: `(sessionId)` alone, and a one-element array as the id.
      let id = sessionId == null ? apiKey : sessionId;
      if (Array.isArray(id) && id.length === 1) id = id[0];
      return enforce(ot, id, options, call, settings?.onWarning);
    };
    try {
      (ot as unknown as Loose)['initSession'] = g.patched;
    } catch {
      // Strict-mode assignment to a read-only property throws; a sloppy one is checked below.
    }
    if (ot.initSession !== g.patched) {
      throw new SdkPatchError(
        'OT.initSession cannot be replaced (read-only property or frozen OT), so guard() cannot enforce ipWhitelist. Call initSession(OT, …) from this library instead.',
      );
    }
    state.guard = current = g;
  }
  const g = current;
  g.count++;
  let done = false;
  return () => {
    if (done) return;
    done = true;
    if (--g.count > 0) return;
    g.active = false;
    if (state.guard === g) state.guard = undefined;
    if (ot.initSession === g.patched) (ot as unknown as Loose)['initSession'] = g.original;
  };
}
