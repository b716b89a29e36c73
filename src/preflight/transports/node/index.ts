/**
 * The Node transport: raw `net`/`tls`/`dgram` sockets and `ws`, so every probe sees the remote
 * address it reached and times DNS, TCP, TLS and first byte. One file per concern: trust (`ca.ts`),
 * errno mapping (`errors.ts`), streams (`stream.ts`; through a proxy `proxied-stream.ts`; the TLS peer's
 * verdict `trust.ts`), HTTP, WebSocket, the STUN channel and its
 * wires, TURN, media.
 */
import { lookup as dnsLookup } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { createSecureContext, rootCertificates } from 'node:tls';
import type { RouteTarget, Transport } from '../../types.js';
import {
  parseProxy,
  resolveProxy,
  type ProxyEndpoint,
  type ProxySettings,
  type ProxyTarget,
} from '../../proxy/resolve.js';
import { nodeHint } from './hints.js';
import { PreflightOptionError } from '../../errors.js';
import { pemCa } from './ca.js';
import { probeHttp } from './http.js';
import { nodeQuality } from '../../quality/node-transport.js';
import { probeMedia } from './media.js';
import type { NetOptions } from './stream.js';
import { probeTurn } from './turn.js';
import { probeWebSocket } from './ws.js';

/** Options of {@link nodeTransport}. */
export interface NodeTransportOptions {
  /**
   * Extra trusted CA certificates (PEM), added to Node's own roots: a TLS-inspecting proxy's CA, or
   * the local environment's self-signed certificate. Verification is never turned off. Anything
   * but PEM certificates is refused ({@link PreflightOptionError} on `ca`).
   */
  ca?: string | Buffer | Array<string | Buffer>;
  /**
   * Name resolution, `dns.lookup`-compatible (tests inject one). Default: `dns.lookup`, except that
   * names under `.invalid` fail at once without a query (RFC 6761).
   */
  lookup?: LookupFunction;
  /** Largest body read for `readBody` (session info), in bytes. Default 1 MiB. */
  maxBodyBytes?: number;
  /**
   * The HTTP(S) proxy for HTTPS, WSS and TURN over TCP/TLS, tunnelled with CONNECT
   * (`http://user:password@proxy:3128`); default from `HTTPS_PROXY` / `HTTP_PROXY` / `ALL_PROXY` in `env`;
   * `false` connects directly. UDP and media are never proxied.
   */
  proxy?: string | false;
  /** Hosts reached directly, as `NO_PROXY` lists them; replaces `NO_PROXY`. */
  noProxy?: string | string[];
  /** The environment the proxy variables are read from. Default `process.env`. */
  env?: Record<string, string | undefined>;
}

/** Names under `.invalid` never resolve (RFC 6761 §6.4): answer locally, send no query. */
export const defaultLookup: LookupFunction = (hostname, options, callback) => {
  if (/(^|\.)invalid\.?$/i.test(hostname)) {
    const err: NodeJS.ErrnoException = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
      code: 'ENOTFOUND',
      syscall: 'getaddrinfo',
      hostname,
    });
    process.nextTick(() => callback(err, '', 4));
    return;
  }
  dnsLookup(hostname, options, callback);
};

/**
 * The Node transport. Each failure gets its reason code where it is detected; every socket and
 * timer is released when the signal aborts.
 */
export function nodeTransport(options: NodeTransportOptions = {}): Transport {
  const extra = options.ca === undefined ? [] : Array.isArray(options.ca) ? options.ca : [options.ca];
  // One trust store per transport, built here: a context built from `ca` parses every root
  // certificate (~145 PEMs, 25-100 ms of blocked event loop), so building one per connection held
  // up every check started after a TLS one. Without extra CAs, Node's default context is cheap.
  const pems = extra.map((ca, index) => pemCa(ca, extra.length > 1 ? ['ca', index] : ['ca']));
  const secureContext = pems.length > 0 ? createSecureContext({ ca: [...rootCertificates, ...pems] }) : undefined;
  const maxBody = options.maxBodyBytes ?? 1 << 20;
  const settings: ProxySettings = { proxy: options.proxy, noProxy: options.noProxy, env: options.env };
  checkProxySettings(settings);
  const proxyFor = (target: ProxyTarget): ProxyEndpoint | null => resolveProxy(target, settings);
  const net: NetOptions = { secureContext, lookup: options.lookup ?? defaultLookup, proxyFor };
  return {
    kind: 'node',
    route: (target) => {
      const scheme = schemeOf(target);
      const proxy = scheme ? proxyFor({ scheme, host: target.host, port: target.port }) : null;
      return proxy ? { via: 'proxy', proxy: proxy.display } : { via: 'direct' };
    },
    http: (req, signal) => probeHttp(req, signal, net, maxBody),
    websocket: (url, signal) => probeWebSocket(url, signal, net),
    turn: (req, signal) => probeTurn(req, signal, net),
    media: (req, signal) => probeMedia(req, signal, net),
    quality: nodeQuality(secureContext),
    hint: nodeHint,
  };
}

/** The scheme that picks a check's proxy; none for what is never proxied (UDP, media). */
function schemeOf(target: RouteTarget): ProxyTarget['scheme'] | null {
  if (target.category === 'media' || target.transport === 'udp') return null;
  if (target.transport === 'https') return target.plain ? 'http' : 'https';
  if (target.transport === 'wss') return target.plain ? 'ws' : 'wss';
  return target.transport === 'tls' ? 'turns' : 'turn';
}

/** A bad proxy setting (option or variable) is refused at once, naming where it came from. */
function checkProxySettings(settings: ProxySettings): void {
  if (settings.proxy !== undefined && settings.proxy !== false && typeof settings.proxy !== 'string')
    throw new PreflightOptionError(['proxy'], 'expected a proxy URL or false');
  if (typeof settings.proxy === 'string') parseProxy(settings.proxy, 'proxy');
  const env = settings.env ?? process.env;
  if (settings.proxy === undefined) {
    for (const name of ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY', 'all_proxy', 'ALL_PROXY']) {
      const value = env[name]?.trim();
      if (value) parseProxy(value, name);
    }
  }
}
