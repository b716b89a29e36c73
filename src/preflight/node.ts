/**
 * The Node part of the preflight: {@link runNodePreflight} (the Node entry's `runPreflight`) defaulting to {@link nodeTransport}, which
 * sees the remote address of every connection.
 */
import { CHECKS } from './checks/index.js';
import { throughIpProxy } from './ip-proxy.js';
import { validateOptions } from './options.js';
import { runPreflightWith } from './runner.js';
import { nodeTransport } from './transports/node/index.js';
import type { PreflightOptions, PreflightReport } from './types.js';

const CHECK_NAMES = CHECKS.map((check) => check.name);

export { nodeTransport, defaultLookup, type NodeTransportOptions } from './transports/node/index.js';

/**
 * Runs every preflight check at once and resolves with the report; the default transport is
 * {@link nodeTransport} (raw sockets, TLS, UDP, `ws`). Rejects only for bad options. The Node entry
 * exports it as `runPreflight` too (shadowing the browser-default one of the main entry).
 */
export function runNodePreflight(options: PreflightOptions): Promise<PreflightReport> {
  validateOptions(options, CHECK_NAMES);
  const proxy = {
    ...(options.proxy !== undefined ? { proxy: options.proxy } : {}),
    ...(options.noProxy !== undefined ? { noProxy: options.noProxy } : {}),
  };
  const transport = options.transport ?? nodeTransport(proxy);
  return runPreflightWith(options, options.proxyUrl ? throughIpProxy(transport, options.proxyUrl) : transport);
}
