import { findOpenTok, type Loose, type OpenTokLike } from './opentok.js';
import { stateOf } from './state.js';

/** What the loaded OpenTok.js build can do with `ipWhitelist: true`. */
export interface AllowlistBuild {
  /**
   * The build's allow-list config-service URL, which the SDK fetches its configuration from when a
   * session has `ipWhitelist: true`. `''` in the public npm build; `null` when it cannot be read.
   */
  allowlistConfigUrl: string | null;
  /**
   * `true` when the URL is set, so the flag also moves configuration to the allow-list service;
   * `false` when it is empty, so the flag only reaches the Connect analytics event; `null` when unknown.
   */
  fullEffect: boolean | null;
}

/** The build's allow-list config URL, or undefined when it cannot be read. */
function configUrl(OT: OpenTokLike): unknown {
  try {
    return (
      (OT as unknown as Loose)['_'] as { StaticConfig?: { onlyLocal?(): Loose } } | undefined
    )?.StaticConfig?.onlyLocal?.()?.['ipWhitelistConfigUrl'];
  } catch {
    return undefined; // An unknown build: unreadable.
  }
}

/**
 * Reads the allow-list config URL built into the loaded OpenTok.js, through the SDK's internal
 * `OT._.StaticConfig.onlyLocal()` (as measured on 2.35.2). Answers `null` fields, never throws, when
 * the build does not expose it.
 *
 * @param OT - The SDK's `OT`; default `globalThis.OT`.
 * @throws {@link OpenTokNotFoundError} when there is no `OT`.
 */
export function allowlistBuild(OT?: OpenTokLike | null): AllowlistBuild {
  const url = configUrl(findOpenTok(OT));
  return typeof url === 'string'
    ? { allowlistConfigUrl: url, fullEffect: url !== '' }
    : { allowlistConfigUrl: null, fullEffect: null };
}

/** The warning given once per `OT` when `ipWhitelist: true` cannot take full effect. */
export interface AllowlistWarning {
  /** Stable code: `'allowlist-config-url-empty'` (the build's allow-list config URL is empty). */
  code: 'allowlist-config-url-empty';
  /** What it means and what to do, in one paragraph. */
  message: string;
}

/** Receives warnings that do not stop the session. Default: `console.warn(warning.message)`. */
export type WarningHandler = (warning: AllowlistWarning) => void;

/**
 * Gives the build warning through `onWarning` (default `console.warn`), at most once per `OT`, when
 * the build's allow-list config URL is empty. Silent when the URL is set or cannot be read.
 */
export function warnOnce(OT: OpenTokLike, onWarning?: WarningHandler): void {
  const state = stateOf(OT);
  if (state.warned) return;
  state.warned = true;
  if (configUrl(OT) !== '') return;
  (onWarning ?? ((w) => console.warn(w.message)))({
    code: 'allowlist-config-url-empty',
    message:
      'vonage-video-allowlist: this OpenTok.js has no allow-list config URL, so ipWhitelist is sent but the allowed IP list configuration is not fetched; load https://video.enterprise.vonage.com/v2/js/opentok.min.js',
  });
}
