/**
 * The preflight, browser-safe part: the runner, the report types and formatter, and
 * {@link runPreflight} defaulting to the browser transport. The Node entry swaps in the Node
 * transport.
 */
import { browserTransport } from './transports/browser.js';
import { proxyUrlFromOT, throughIpProxy } from './ip-proxy.js';
import { runPreflightWith } from './runner.js';
import type { PreflightOptions, PreflightReport } from './types.js';

export * from './types.js';
export { ProbeError, type ProbeErrorOptions } from './probe-error.js';
export { PreflightOptionError } from './errors.js';
export { LIST_CATEGORY } from './checks/index.js';
export {
  runPreflightWith,
  DEFAULT_API_URL,
  DEFAULT_LOGGING_URL,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_MEDIA_TCP_PORT,
} from './runner.js';
export { formatReport, formatEvent, type FormatOptions } from './format.js';

/**
 * Runs every preflight check at once and resolves with the report. Here the default transport is the
 * browser's (`fetch`, `WebSocket`, `RTCPeerConnection`); import from `vonage-video-allowlist/node`
 * for raw sockets. Rejects only for bad options ({@link PreflightOptionError}).
 */
export function runPreflight(options: PreflightOptions): Promise<PreflightReport> {
  const transport = options.transport ?? browserTransport();
  // The IP proxy the app gave OT.setProxyUrl, when it did (read from the loaded SDK).
  const proxyUrl = options.proxyUrl ?? proxyUrlFromOT((globalThis as { OT?: unknown }).OT);
  return runPreflightWith(options, proxyUrl ? throughIpProxy(transport, proxyUrl) : transport);
}
