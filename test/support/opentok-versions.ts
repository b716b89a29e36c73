/**
 * Several OpenTok.js versions side by side (npm aliases of `@opentok/client`), each loadable into a
 * fresh happy-dom window with the loopback stand-in of `opentok.ts`. The shims that older SDKs need
 * to load under happy-dom live here, in the tests, never in the library:
 *
 * - before about 2.2x the SDK reads the last `<script>` element's `src` at load: one is added first;
 * - 2.24.x reads `window.RTCRtpSender.prototype` at load: a stand-in class is defined;
 * - before about 2.2x there is no `OT.setProxyUrl` and the config host cannot be redirected by
 *   `window.OTProperties`: the window's `XMLHttpRequest` rewrites every non-loopback URL to
 *   `{stand-in}/{host}{path}`, as `setProxyUrl` would, so nothing leaves the machine.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  OPENTOK_JS_PATH,
  openBlankWindow,
  standInProperties,
  type LoadedOT,
  type SdkWindow,
  type StandIn,
} from './opentok.js';

/** One installed OpenTok.js. */
export interface SdkBuild {
  /** The version as `OT.version` reports it, without the `v`: `'2.15.1'`. */
  version: string;
  /** Absolute path of its `dist/js/opentok.js`. */
  path: string;
}

const require = createRequire(import.meta.url);
const build = (pkg: string): SdkBuild => ({
  version: (require(`${pkg}/package.json`) as { version: string }).version,
  path: require.resolve(`${pkg}/dist/js/opentok.js`),
});

/** The oldest supported (2.15.x), one in the middle (2.24.x, which needs a load shim) and the newest. */
export const SDK_BUILDS: readonly SdkBuild[] = [
  build('opentok-2-15'),
  build('opentok-2-24'),
  { ...build('@vonage/client-sdk-video'), path: OPENTOK_JS_PATH },
];

const sources = new Map<string, string>();
/** The script text of `sdk`, read once per process. */
export function sdkSource(sdk: SdkBuild): string {
  let text = sources.get(sdk.path);
  if (text === undefined) sources.set(sdk.path, (text = readFileSync(sdk.path, 'utf8')));
  return text;
}

/** Applies the load shims (see the module comment) to a blank window before an SDK script runs in it. */
export function shimWindow(window: SdkWindow['window'], standIn: Pick<StandIn, 'origin'>): void {
  const doc = window.document;
  const script = doc.createElement('script');
  script.setAttribute('type', 'text/plain'); // never run nor fetched; only its src is read
  script.setAttribute('src', `${standIn.origin}/v2/js/opentok.js`);
  doc.body.appendChild(script);
  window['RTCRtpSender'] ??= class RTCRtpSender {};
  const Base = window['XMLHttpRequest'] as unknown as { new (): { open(...args: unknown[]): void } };
  const loopback = new URL(standIn.origin).host;
  (window as unknown as Record<string, unknown>)['XMLHttpRequest'] = class extends Base {
    override open(method: unknown, url: unknown, ...rest: unknown[]): void {
      const u = new URL(String(url), 'http://localhost/');
      const target = u.host === loopback ? u.href : `${standIn.origin}/${u.host}${u.pathname}${u.search}`;
      super.open(method, target, ...rest);
    }
  };
}

/**
 * A fresh happy-dom window with `sdk` loaded (shims applied, see the module comment), its hosts
 * pointed at `standIn`: `window.OTProperties` as in {@link standInProperties}, and
 * `OT.setProxyUrl(standIn.origin)` when the SDK has it.
 */
export function openVersionWindow(sdk: SdkBuild, standIn: Pick<StandIn, 'origin'>): SdkWindow {
  const blank = openBlankWindow();
  shimWindow(blank.window, standIn);
  blank.evaluate(sdkSource(sdk));
  const OT = blank.window['OT'] as LoadedOT | undefined;
  if (!OT) throw new Error(`openVersionWindow: OpenTok.js ${sdk.version} left no window.OT`);
  if (typeof OT.setProxyUrl === 'function') OT.setProxyUrl(standIn.origin);
  blank.window['OTProperties'] = standInProperties(standIn);
  return { ...blank, OT };
}
