import type { LookupFunction } from 'node:net';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect, type SecureContext, type TLSSocket } from 'node:tls';
import { isIP } from 'node:net';
import { ProbeError } from '../../probe-error.js';
import type { ProxyEndpoint } from '../../proxy/resolve.js';
import { verifyPeer } from './trust.js';
import { openTunnel } from '../../proxy/tunnel.js';

/** A probe's stream to `host:port` through a proxy: the CONNECT tunnel, then TLS inside it when `secure`. */
export interface ProxiedStreamRequest {
  proxy: ProxyEndpoint;
  host: string;
  port: number;
  secure: boolean;
  signal: AbortSignal;
  /** ALPN to offer the target (`http/1.1`). */
  alpn?: string[];
  /** Trust store for the target (and an `https:` proxy); default Node's roots. */
  secureContext?: SecureContext;
  /** Name resolution for the proxy's host. */
  lookup?: LookupFunction;
  /** The tunnel is open: the path to the target through the proxy is proven. */
  onTunnel?(proxyAddress: string | null): void;
  /** TLS with the target is done and its certificate verified. */
  onSecure?(): void;
}

/**
 * Opens the stream, or rejects with a {@link ProbeError}: the tunnel's codes (`proxy-*`), `tls` /
 * `tls-untrusted` (the target's certificate, read before anything is written: see trust.ts),
 * `reset` (cut during the handshake), `aborted`. The stream is handed over only once verified.
 */
export async function openProxiedStream(req: ProxiedStreamRequest): Promise<Duplex> {
  const { socket, proxyAddress } = await openTunnel(req);
  req.onTunnel?.(proxyAddress);
  if (!req.secure) return socket;
  if (req.signal.aborted) {
    socket.destroy();
    throw new ProbeError('aborted', 'aborted');
  }
  return new Promise<Duplex>((resolve, reject) => {
    const tlsSocket: TLSSocket = tlsConnect({
      socket,
      // The name the certificate is checked against (without it Node checks 'localhost').
      host: req.host,
      servername: isIP(req.host) ? undefined : req.host,
      rejectUnauthorized: false,
      ...(req.secureContext ? { secureContext: req.secureContext } : {}),
      ...(req.alpn ? { ALPNProtocols: req.alpn } : {}),
    });
    const onAbort = (): void => {
      tlsSocket.destroy();
      reject(new ProbeError('aborted', 'aborted'));
    };
    req.signal.addEventListener('abort', onAbort, { once: true });
    const done = (): void => {
      req.signal.removeEventListener('abort', onAbort);
      tlsSocket.off('error', onError);
    };
    const onError = (err: NodeJS.ErrnoException): void => {
      done();
      tlsSocket.destroy();
      const cut = err.code === 'ECONNRESET' || err.code === 'EPIPE' || /socket disconnected/i.test(err.message);
      reject(
        new ProbeError(cut ? 'reset' : 'tls', `through the proxy, in the TLS handshake: ${err.code ?? err.message}`, {
          cause: err,
          phase: 'tls',
        }),
      );
    };
    tlsSocket.once('error', onError);
    tlsSocket.once('secureConnect', () => {
      done();
      const refused = verifyPeer(tlsSocket);
      if (refused) {
        tlsSocket.destroy();
        return reject(new ProbeError(refused.code as 'tls', refused.message, { phase: 'tls' }));
      }
      req.onSecure?.();
      resolve(tlsSocket);
    });
  });
}
