import { connect as netConnect, isIP, type LookupFunction, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect, type SecureContext, type TLSSocket } from 'node:tls';
import { ProbeError } from '../../probe-error.js';
import type { ProxyEndpoint, ProxyTarget } from '../../proxy/resolve.js';
import { openProxiedStream } from './proxied-stream.js';
import { verifyPeer } from './trust.js';
import { probeError, since, timings, type Track } from './track.js';

/** What every connection of one transport shares: its trust store, its resolver and its proxy choice. */
export interface NetOptions {
  secureContext: SecureContext | undefined;
  lookup: LookupFunction;
  /** The proxy a stream to `target` goes through, or null (direct). Unset: always direct. */
  proxyFor?: (target: ProxyTarget) => ProxyEndpoint | null;
}

/** Where a stream goes, and whether over TLS (with the ALPN protocols to offer). */
export interface Endpoint {
  host: string;
  port: number;
  secure: boolean;
  alpn?: string[];
  /** The scheme that picks the proxy (`https`, `wss`, `turns`...); unset: never proxied (media). */
  scheme?: ProxyTarget['scheme'];
}

/**
 * The stream to `endpoint`, handed over once connected and, over TLS, verified (so nothing is
 * written to a peer that failed): direct, or through the proxy `net.proxyFor` names. Direct
 * failures reject with the socket's own error (map it with `fromSocketError`); a refused certificate
 * and every proxy failure reject with a {@link ProbeError} (`tls-untrusted` names the issuer).
 */
export async function connectStream(
  endpoint: Endpoint,
  net: NetOptions,
  track: Track,
  signal: AbortSignal,
): Promise<Duplex> {
  const { host, port, secure, alpn, scheme } = endpoint;
  let proxy: ProxyEndpoint | null = null;
  try {
    proxy = scheme ? (net.proxyFor?.({ scheme, host, port }) ?? null) : null;
  } catch (err) {
    throw probeError('proxy-unreachable', (err as Error).message, track, { cause: err });
  }
  if (proxy) {
    try {
      const stream = await openProxiedStream({
        proxy,
        host,
        port,
        secure,
        signal,
        alpn,
        secureContext: net.secureContext,
        lookup: net.lookup,
        // Through a proxy only the proxy sees the server's address: `remote` stays null.
        onTunnel: () => (track.connectMs = since(track)),
        onSecure: () => (track.tlsMs = since(track)),
      });
      stream.on('end', () => (track.fin = true));
      return stream;
    } catch (err) {
      if (!(err instanceof ProbeError)) throw err;
      throw new ProbeError(err.code, err.message, { cause: err, phase: err.phase, timings: timings(track) });
    }
  }
  return new Promise<Duplex>((resolve, reject) => {
    const socket = openStream(endpoint, net, track, true);
    const onAbort = (): void => {
      socket.destroy();
      reject(probeError('aborted', 'aborted', track));
    };
    const onError = (err: Error): void => {
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      reject(err);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('error', onError);
    socket.once(secure ? 'secureConnect' : 'connect', () => {
      signal.removeEventListener('abort', onAbort);
      socket.off('error', onError);
      const refused = secure ? verifyPeer(socket as TLSSocket) : null;
      if (!refused) return resolve(socket);
      socket.destroy();
      reject(probeError(refused.code, refused.message, track, { phase: 'tls' }));
    });
  });
}

/**
 * Opens TCP (or TLS over it) and records the phases on `track`. With `verifyLater` the TLS peer is
 * not rejected by Node: the caller must check it with `verifyPeer` before writing (connectStream does).
 */
export function openStream(endpoint: Endpoint, net: NetOptions, track: Track, verifyLater = false): Socket {
  const { host, port, secure, alpn } = endpoint;
  // Time DNS in the resolver's callback: the socket's 'lookup' event is skipped on the
  // happy-eyeballs path (autoSelectFamily), so it cannot be relied on.
  const lookup: LookupFunction = (hostname, options, callback) =>
    net.lookup(hostname, options, (err, address, family) => {
      track.dnsMs ??= since(track);
      callback(err, address, family);
    });
  const common = { host, port, lookup };
  const socket: Socket = secure
    ? tlsConnect({
        ...common,
        ...(net.secureContext ? { secureContext: net.secureContext } : {}),
        servername: isIP(host) ? undefined : host,
        ...(alpn ? { ALPNProtocols: alpn } : {}),
        ...(verifyLater ? { rejectUnauthorized: false } : {}),
      })
    : netConnect(common);
  socket.on('connect', () => {
    track.connectMs = since(track);
    track.remote = socket.remoteAddress ?? null;
  });
  if (secure) socket.on('secureConnect', () => (track.tlsMs = since(track)));
  socket.on('end', () => (track.fin = true));
  return socket;
}

/** A URL's host without the brackets of an IPv6 literal. */
export function stripBrackets(host: string): string {
  return host.startsWith('[') ? host.slice(1, -1) : host;
}
