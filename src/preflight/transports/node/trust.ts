import type { DetailedPeerCertificate, TLSSocket } from 'node:tls';

/**
 * The verdict on a TLS peer that Node did not authorize, read while the socket still holds the
 * certificate. Node's own rejection (`rejectUnauthorized`) destroys the socket first, and with it the
 * chain a TLS-inspecting proxy presented, so a probe connects with `rejectUnauthorized: false`, calls
 * {@link verifyPeer} on `secureConnect` and hands the socket on (to HTTP, WebSocket, TURN) only when
 * it returns null: nothing is ever written to a peer that failed.
 */

/** OpenSSL's codes for a chain that ends at no trusted root: the certificate is fine, its issuer unknown here. */
const UNTRUSTED = new Set([
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_UNTRUSTED',
]);

export interface PeerRefusal {
  /** `tls-untrusted`: signed by a CA this machine does not trust (an inspecting proxy's); `tls`: any other refusal (name mismatch, expired). */
  code: 'tls' | 'tls-untrusted';
  /** `certificate not trusted (SELF_SIGNED_CERT_IN_CHAIN): issuer "Corp Inspection CA"`. */
  message: string;
}

/** Null when Node authorized the peer (trusted chain and matching name), else why not. */
export function verifyPeer(socket: TLSSocket): PeerRefusal | null {
  if (socket.authorized) return null;
  const why = String(socket.authorizationError ?? 'not authorized');
  if (!UNTRUSTED.has(why)) return { code: 'tls', message: `certificate refused: ${why}` };
  const issuer = topIssuer(socket.getPeerCertificate(true));
  return { code: 'tls-untrusted', message: `certificate not trusted (${why}): issuer "${issuer}"` };
}

/** The name of the CA at the top of the chain the peer sent: the issuer of its last certificate. */
export function topIssuer(cert: DetailedPeerCertificate | undefined): string {
  let top = cert;
  for (let depth = 0; depth < 10 && top?.issuerCertificate && top.issuerCertificate !== top; depth++)
    top = top.issuerCertificate;
  const issuer = (top?.issuer ?? {}) as unknown as Record<string, string | string[] | undefined>;
  const pick = (k: string): string | undefined => {
    const value = issuer[k];
    return Array.isArray(value) ? value[0] : value;
  };
  const name = pick('CN') ?? pick('O') ?? pick('OU') ?? 'unknown';
  const org = pick('O');
  // Only printable characters, no quote: the name goes into a report line.
  const clean = (t: string): string => t.replace(/[^\x20-\x7e]|"/g, '').slice(0, 120);
  return org && org !== name ? `${clean(name)}, ${clean(org)}` : clean(name);
}
