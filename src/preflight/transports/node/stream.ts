import { connect as netConnect, isIP, type LookupFunction, type Socket } from 'node:net';
import { connect as tlsConnect, type SecureContext } from 'node:tls';
import { since, type Track } from './track.js';

/** What every connection of one transport shares: its trust store and its resolver. */
export interface NetOptions {
  secureContext: SecureContext | undefined;
  lookup: LookupFunction;
}

/** Where a stream goes, and whether over TLS (with the ALPN protocols to offer). */
export interface Endpoint {
  host: string;
  port: number;
  secure: boolean;
  alpn?: string[];
}

/** Opens TCP (or TLS over it) and records the phases on `track`. */
export function openStream(endpoint: Endpoint, net: NetOptions, track: Track): Socket {
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
