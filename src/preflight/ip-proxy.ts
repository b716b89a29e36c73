import type { Transport } from './types.js';

/**
 * Vonage's IP proxy (`OT.setProxyUrl`): the SDK sends every non-media request (API, signaling
 * WebSocket, logging) to the customer's proxy as `{proxy}/{host}{path}`. The preflight takes the same
 * URL (`proxyUrl`, like the Vonage network test's `proxyServerUrl`) and probes through it. Pure and
 * browser-safe.
 */

/**
 * `url` as the SDK rewrites it for `proxyUrl` (its `prependProxyToUrlIfNeeded`): the scheme follows
 * the proxy's security and the target's kind (`https`/`wss` behind an `https:` proxy, `http`/`ws`
 * behind an `http:` one), then the proxy's host and path, then the target's host, path and query.
 */
export function ipProxyUrl(url: string, proxyUrl: string): string {
  const proxy = new URL(proxyUrl);
  const target = new URL(url);
  const secure = proxy.protocol === 'https:';
  const ws = /^wss?:$/.test(target.protocol);
  const scheme = `${ws ? 'ws' : 'http'}${secure ? 's' : ''}`;
  const strip = (s: string): string => s.replace(/\/$/, '');
  // The URL parser drops a default port, as Node's url.parse in the SDK keeps it only when written.
  return `${strip(`${scheme}://${proxy.host}${proxy.pathname}`)}/${strip(`${target.host}${target.pathname}${target.search}`)}`;
}

/**
 * A transport whose HTTP and WebSocket probes go to the IP proxy, as the SDK's requests do. TURN and
 * media are never proxied (the SDK's IP proxy carries no media).
 */
export function throughIpProxy(transport: Transport, proxyUrl: string): Transport {
  const proxied: Transport = {
    ...transport,
    http: (req, signal) => transport.http({ ...req, url: ipProxyUrl(req.url, proxyUrl) }, signal),
    websocket: (url, signal) => transport.websocket(ipProxyUrl(url, proxyUrl), signal),
    // The report says so per check; the proxy is named without any user info.
    route: (target) =>
      target.transport === 'https' || target.transport === 'wss'
        ? { via: 'proxy', proxy: new URL(proxyUrl).origin }
        : (transport.route?.(target) ?? { via: 'direct' }),
  };
  return proxied;
}

/** What the preflight reads of a loaded `OT`: the SDK keeps the IP proxy URL private. */
interface OtLike {
  getProxyUrl?: () => unknown;
  sessions?: { find?: (fn: (s: unknown) => boolean) => unknown; where?: () => unknown[] };
}

/**
 * The IP proxy URL the app gave `OT.setProxyUrl`, read from the loaded SDK, or undefined. The SDK has
 * no public getter: a future `OT.getProxyUrl()` is used when present, else any session's own copy
 * (`session._.getProxyUrl()`, kept by every `Session` from its creation). Before the app created a
 * session nothing exposes it: give `proxyUrl` then.
 */
export function proxyUrlFromOT(ot: unknown): string | undefined {
  const sdk = ot as OtLike | null | undefined;
  if (!sdk || (typeof sdk !== 'object' && typeof sdk !== 'function')) return undefined;
  const asUrl = (v: unknown): string | undefined => (typeof v === 'string' && /^https?:\/\//i.test(v) ? v : undefined);
  try {
    const direct = asUrl(sdk.getProxyUrl?.());
    if (direct) return direct;
    const sessions = sdk.sessions?.where?.() ?? [];
    for (const session of sessions) {
      const url = asUrl((session as { _?: { getProxyUrl?: () => unknown } } | null)?._?.getProxyUrl?.());
      if (url) return url;
    }
  } catch {
    /* an SDK that changed shape: nothing read */
  }
  return undefined;
}
