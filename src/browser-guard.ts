/**
 * The call page's `<script>` bundle (`dist/video-allowlist-guard.min.js`, global `VideoAllowlist`):
 * enforcement only. A page that joins a call needs `guard` or `initSession` and the version gate,
 * not the preflight; `dist/video-allowlist.min.js` (src/browser.ts) holds all of this and the
 * precall page's preflight and list, under the same global, so a page loads one or the other.
 *
 * In the global:
 * - enforcing `ipWhitelist: true` on OpenTok.js: `guard`, `initSession`, `assertSupportedSdk`,
 *   `sdkVersion`, `allowlistBuild`, `findOpenTok`, `MINIMUM_SDK_VERSION`;
 * - every error those throw: `VideoAllowlistError`, `OpenTokNotFoundError`,
 *   `UnsupportedSdkVersionError`, `AllowlistPolicyError`, `SdkArgumentError`, `SdkPatchError`.
 *
 * Why and the sizes: docs/bundle.md.
 *
 * @packageDocumentation
 */
export { VideoAllowlistError } from './errors.js';
export {
  allowlistBuild,
  AllowlistPolicyError,
  assertSupportedSdk,
  findOpenTok,
  guard,
  initSession,
  MINIMUM_SDK_VERSION,
  OpenTokNotFoundError,
  SdkArgumentError,
  SdkPatchError,
  sdkVersion,
  UnsupportedSdkVersionError,
} from './sdk/index.js';
