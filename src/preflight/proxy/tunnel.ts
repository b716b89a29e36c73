import { connect as netConnect, isIP, type LookupFunction, type Socket } from 'node:net';
import { connect as tlsConnect, type SecureContext } from 'node:tls';
import type { Duplex } from 'node:stream';
import { Client } from 'undici';
import { ProbeError } from '../probe-error.js';
import type { ReasonCode } from '../types.js';
import type { ProxyEndpoint } from './resolve.js';

/**
 * An HTTP CONNECT tunnel through a proxy, opened with undici's `Client.connect` (the CONNECT method
 * of Node's own HTTP client library): it hands back the raw tunnel socket and the proxy's status,
 * which HTTPS, WSS and TURN over TCP/TLS all need. `https-proxy-agent` is an `http.Agent` that
 * replays a refused CONNECT's answer as the origin's response (a proxy's 407 would read as the API
 * server answering), and gives no socket to a non-HTTP protocol such as TURN.
 */

/** The reason codes of a proxy that does not tunnel: each has its own hint (proxy/hints.ts). */
export type ProxyReasonCode = 'proxy-auth' | 'proxy-refused' | 'proxy-dropped' | 'proxy-unreachable';

export interface TunnelRequest {
  proxy: ProxyEndpoint;
  /** The target, as the CONNECT line names it. */
  host: string;
  port: number;
  signal: AbortSignal;
  /** Name resolution for the proxy's host. Default `dns.lookup`. */
  lookup?: LookupFunction;
  /** Trust store for an `https:` proxy (its certificate may be signed by the company CA). */
  secureContext?: SecureContext;
}

export interface Tunnel {
  /** The bytes to and from the target, through the proxy. */
  socket: Duplex;
  /** The proxy's address, as connected to. */
  proxyAddress: string | null;
}

/** `Basic base64(user:password)` from the proxy URL's user info, decoded as curl does; none without it. */
export function proxyAuthorization(url: URL): string | undefined {
  if (!url.username && !url.password) return undefined;
  const creds = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  return `Basic ${Buffer.from(creds, 'utf8').toString('base64')}`;
}

function fail(code: ProxyReasonCode | ReasonCode, message: string, cause?: unknown): ProbeError {
  return new ProbeError(code as ReasonCode, message, cause === undefined ? {} : { cause });
}

/**
 * Opens a CONNECT tunnel to `host:port`. Rejects with a {@link ProbeError}: `proxy-unreachable`
 * (no connection to the proxy itself), `proxy-auth` (407, or 401), `proxy-refused` (any other answer but
 * 2xx; the detail has the status), `proxy-dropped` (the proxy closed or reset the connection before
 * answering), `aborted`.
 */
export async function openTunnel(req: TunnelRequest): Promise<Tunnel> {
  const { proxy, host, port, signal } = req;
  const secure = proxy.url.protocol === 'https:';
  const proxyHost = proxy.url.hostname.replace(/^\[|\]$/g, '');
  const proxyPort = Number(proxy.url.port || (secure ? 443 : 80));
  let proxySocket: Socket | undefined;
  let connected = false;
  const client = new Client(`${proxy.url.protocol}//${proxy.url.host}`, {
    // Our own connector: the proxy's address and whether it was reached are what the codes need.
    connect: (_o, callback) => {
      const socket: Socket = secure
        ? tlsConnect({
            host: proxyHost,
            port: proxyPort,
            servername: isIP(proxyHost) ? undefined : proxyHost,
            ...(req.lookup ? { lookup: req.lookup } : {}),
            ...(req.secureContext ? { secureContext: req.secureContext } : {}),
          })
        : netConnect({ host: proxyHost, port: proxyPort, ...(req.lookup ? { lookup: req.lookup } : {}) });
      proxySocket = socket;
      const onError = (err: Error): void => callback(err, null);
      socket.once('error', onError);
      socket.once(secure ? 'secureConnect' : 'connect', () => {
        connected = true;
        socket.off('error', onError);
        callback(null, socket);
      });
    },
  });
  const target = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const auth = proxyAuthorization(proxy.url);
  try {
    const response = await client.connect({
      path: target,
      headers: { host: target, ...(auth ? { 'proxy-authorization': auth } : {}) },
      signal,
    });
    if (response.statusCode >= 200 && response.statusCode < 300) {
      return { socket: response.socket, proxyAddress: proxySocket?.remoteAddress ?? null };
    }
    response.socket.destroy();
    // 407, or 401 as tinyproxy answers wrong credentials: the proxy is about authentication.
    if (response.statusCode === 407 || response.statusCode === 401) {
      throw fail(
        'proxy-auth',
        auth
          ? `the proxy refused the credentials in its URL (HTTP ${response.statusCode})`
          : `the proxy asks for credentials (HTTP 407${scheme(response.headers['proxy-authenticate'])})`,
      );
    }
    throw fail('proxy-refused', `the proxy refused CONNECT to ${target}: HTTP ${response.statusCode}`);
  } catch (err) {
    if (err instanceof ProbeError) throw err;
    throw mapError(err as NodeJS.ErrnoException, connected, signal, proxy.display);
  } finally {
    client.destroy().catch(() => {});
  }
}

/** ` Basic`: the scheme the proxy asks for, never its realm's words. */
function scheme(header: string | string[] | undefined): string {
  const first = (Array.isArray(header) ? header[0] : header)?.split(/\s/)[0];
  return first ? `, ${first}` : '';
}

function mapError(err: NodeJS.ErrnoException, connected: boolean, signal: AbortSignal, display: string): ProbeError {
  if (signal.aborted || err.code === 'UND_ERR_ABORTED') return fail('aborted', 'aborted', err);
  const why = err.code ?? err.message;
  if (!connected) return fail('proxy-unreachable', `could not connect to the proxy ${display}: ${why}`, err);
  return fail('proxy-dropped', `the proxy ${display} closed the connection before answering CONNECT (${why})`, err);
}
