/**
 * Opt-in types for OpenTok.js's script-tag global `OT` (the public build's or the Enterprise build's
 * `https://video.enterprise.vonage.com/v2/js/opentok.min.js`: both declare the same API), typed with
 * the SDK's own typings, so a page's script uses `OT` without a cast. Nothing at run time: opt in
 * from any TypeScript file of the page with
 *
 *     /// <reference types="vonage-video-allowlist/global" />
 *
 * (or `import type {} from 'vonage-video-allowlist/global'`), and install `@vonage/client-sdk-video`
 * as a dev dependency for its typings.
 */
declare global {
  /** OpenTok.js's `OT`, as its `<script>` puts it on the page (`window.OT`, `globalThis.OT`). */
  var OT: typeof import('@vonage/client-sdk-video');
}
export {};
