import type { ProbeError } from '../../probe-error.js';
import type { ReasonCode } from '../../types.js';
import { probeError, since, type Track } from './track.js';

const TLS_CODE = /^(ERR_TLS_|ERR_SSL_)|CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|HOSTNAME_MISMATCH/;

/** The reason code of a socket error, chosen from its errno and the phase the connection was in. */
function codeOf(err: NodeJS.ErrnoException, track: Track, secure: boolean): ReasonCode {
  const errno = err.code ?? '';
  if (errno === 'ECONNREFUSED') return 'refused';
  if (errno === 'ENOTFOUND' || errno.startsWith('EAI_') || errno === 'ENODATA') return 'dns';
  if (['EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'EADDRNOTAVAIL'].includes(errno)) return 'unreachable';
  if (errno === 'ETIMEDOUT') return 'timeout';
  if (TLS_CODE.test(errno)) return 'tls';
  if (errno === 'ECONNRESET' || errno === 'EPIPE' || errno === 'ECONNABORTED') return 'reset';
  // Node's HTTP parser refused the answer (HPE_INVALID_CONSTANT...): something answered, not in HTTP.
  if (errno.startsWith('HPE_')) return 'bad-response';
  // A TLS handshake that failed without an errno (alert from the peer) is a TLS failure.
  const handshaking = secure && track.connectMs !== undefined && track.tlsMs === undefined;
  if (handshaking && /SSL|TLS|alert|handshake/i.test(err.message)) return 'tls';
  return 'error';
}

/**
 * The {@link ProbeError} of a socket error: its code from the errno and the phase, its message
 * naming where it happened (`connecting`, `in the TLS handshake`, `waiting for the ${what}`).
 */
export function fromSocketError(err: NodeJS.ErrnoException, track: Track, secure: boolean, what: string): ProbeError {
  const code = codeOf(err, track, secure);
  // The HTTP parser refused bytes the server sent: an answer came, and its time is the latency.
  if ((err.code ?? '').startsWith('HPE_')) track.firstByteMs ??= since(track);
  const connected = track.connectMs !== undefined;
  const inTls = connected && ((secure && track.tlsMs === undefined) || what === 'TLS handshake');
  const where = !connected
    ? 'connecting'
    : secure && track.tlsMs === undefined
      ? 'in the TLS handshake'
      : `waiting for the ${what}`;
  // The phase the hint names: no route (the errno says so), the TLS handshake, or the HTTP body.
  const phase =
    code === 'unreachable' ? 'route' : inTls ? 'tls' : connected && what === 'HTTP body' ? 'body' : undefined;
  return probeError(code, `${where}: ${err.code ?? err.message}`, track, { cause: err, phase });
}
