/**
 * Enforce `ipWhitelist: true` on OpenTok.js (Vonage Video) sessions: {@link initSession} for your
 * own calls, {@link guard} for everyone's, {@link assertSupportedSdk} and {@link allowlistBuild} to
 * check what is loaded. Nothing here imports the SDK: pass `OT`, or load its script first.
 *
 * @module
 */
export { allowlistBuild, type AllowlistBuild, type AllowlistWarning, type WarningHandler } from './build.js';
export {
  AllowlistPolicyError,
  OpenTokNotFoundError,
  SdkArgumentError,
  SdkPatchError,
  UnsupportedSdkVersionError,
  type AllowlistPolicyCode,
} from './errors.js';
export { guard } from './guard.js';
export {
  findOpenTok,
  type OpenTokLike,
  type SessionOf,
  type SessionOptionsOf,
  type EnforcedOptionsOf,
} from './opentok.js';
export { initSession, type EnforceSettings } from './session.js';
export { assertSupportedSdk, MINIMUM_SDK_VERSION, sdkVersion } from './version.js';
