/**
 * The `<script>` bundle's entry (`dist/video-allowlist.min.js`, global `VideoAllowlist`): what a page
 * needs, and nothing that belongs to servers and terminals. The npm entries (`vonage-video-allowlist`,
 * `vonage-video-allowlist/node`) keep the whole API, so a page that bundles its own code still gets
 * every name it imports, under the same name.
 *
 * In the global:
 * - enforcing `ipWhitelist: true` on OpenTok.js: `guard`, `initSession`, `assertSupportedSdk`,
 *   `sdkVersion`, `allowlistBuild`, `findOpenTok`, `MINIMUM_SDK_VERSION` (the whole sdk module: the
 *   last two cost nothing, the others use them);
 * - the preflight in the page (browser transport): `runPreflight`, `formatReport`;
 * - checking addresses against the allowed IP list: `AllowedIpList`;
 * - every error those throw: `VideoAllowlistError`, `OpenTokNotFoundError`,
 *   `UnsupportedSdkVersionError`, `AllowlistPolicyError`, `SdkArgumentError`, `SdkPatchError`,
 *   `PreflightOptionError`, `AddressParseError`, `ListEntryError`, `ListParseError`.
 *
 * Left out (in the npm entries only): the platform table, snippets and audit rules (they generate
 * docs and scan source trees), `diffLists`/`formatDiff` and `exportRules` (reviewing a list change and
 * writing firewall rules happen on a server or in a terminal), `parseAddress`/`parseBlock` (a page
 * asks the list), `formatEvent` and `runPreflightWith` (a page that draws progress or brings its own
 * transport bundles the ESM). Why and the sizes: docs/bundle.md.
 *
 * @packageDocumentation
 */
// The guard script's names (enforcement), so this script is its superset by construction.
export * from './browser-guard.js';
export { AddressParseError, AllowedIpList, ListEntryError, ListParseError } from './allowlist/index.js';
export { formatReport, PreflightOptionError, runPreflight } from './preflight/index.js';
