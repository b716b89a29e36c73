import type { WarningHandler } from './build.js';
import { badArgument } from './errors.js';
import { findOpenTok, type OpenTokLike, type SessionOf, type EnforcedOptionsOf } from './opentok.js';
import { enforce } from './policy.js';
import { stateOf } from './state.js';
import { gate } from './version.js';

/** Settings of {@link initSession} and {@link guard}; none is required. */
export interface EnforceSettings {
  /**
   * The lowest OpenTok.js version accepted, as semver. Default `'2.15.0'`, the first with
   * `ipWhitelist` (see {@link assertSupportedSdk} for pre-releases).
   */
  minimumVersion?: string;
  /**
   * Receives the build warning, given at most once per `OT`: the loaded build has no allow-list
   * config URL, so the flag cannot take full effect (see {@link allowlistBuild}). It never fails a
   * session. Default: `console.warn(warning.message)`; pass `() => {}` to silence it.
   */
  onWarning?: WarningHandler;
}

/** Throws {@link SdkArgumentError} unless `value` is a non-empty string. */
function nonEmpty(name: string, value: unknown): void {
  if (!value || typeof value !== 'string') badArgument(name, value, 'a non-empty string');
}

/**
 * `OT.initSession(apiKey, sessionId, options)` with `ipWhitelist: true`, or a typed error before
 * the SDK is called. In order:
 *
 * 1. the version gate ({@link assertSupportedSdk}, at `settings.minimumVersion`);
 * 2. `apiKey` and `sessionId` must be non-empty strings;
 * 3. `options.ipWhitelist`, if given, must be `true` (read once; the SDK gets a plain copy of
 *    `options` with every other option untouched);
 * 4. the SDK must not already cache a Session for `sessionId` that was created without this library
 *    (it would hand back that Session and ignore the option). A Session this library created earlier
 *    is returned, as the SDK does. The cache and the SDK's `initSession` used are the ones `OT` had
 *    when this library first saw it, so replacing `OT.sessions` or `OT.initSession` later changes nothing.
 *
 * @param OT - The SDK's `OT` (`import OT from '@vonage/client-sdk-video'`); `null`/`undefined` means `globalThis.OT`.
 * @param apiKey - The Vonage Video API key (project id).
 * @param sessionId - The session id.
 * @param options - The SDK's session options, passed through with `ipWhitelist: true`.
 * @param settings - Version minimum and warning handler; `null`/`undefined` means the defaults.
 * @returns The SDK's Session.
 * @throws {@link UnsupportedSdkVersionError}, {@link SdkArgumentError}, {@link AllowlistPolicyError},
 *   {@link OpenTokNotFoundError}.
 */
// eslint-disable-next-line max-params -- mirrors OT.initSession(apiKey, sessionId, options), with the OT first and settings last
export function initSession<OT extends OpenTokLike>(
  OT: OT | null | undefined,
  apiKey: string,
  sessionId: string,
  options?: EnforcedOptionsOf<OT>,
  settings?: EnforceSettings | null,
): SessionOf<OT> {
  const ot = findOpenTok(OT);
  gate(ot, settings?.minimumVersion);
  nonEmpty('apiKey', apiKey);
  nonEmpty('sessionId', sessionId);
  // The SDK's own initSession, as first seen: not whatever OT.initSession holds now.
  const sdk = stateOf(ot).init!;
  return enforce(ot, { id: sessionId, options, onWarning: settings?.onWarning }, (o) =>
    sdk.call(ot, apiKey, sessionId, o),
  ) as SessionOf<OT>;
}
