/**
 * The Node transport's own hints (`Transport.hint`): the codes only raw sockets tell apart (a
 * refused port, a name that does not resolve, a TLS handshake refused), silence on media UDP (which
 * only it probes) and the proxy codes. A browser
 * sees none of them (a failed `fetch` says no more than "unreachable"), so a page's script does not
 * carry these words; another transport that produces one gets the shared gist (hints.ts).
 */
import { proxyHint } from '../../proxy/hints.js';
import type { ReasonCode, TransportHintTarget } from '../../types.js';

export function nodeHint(code: ReasonCode, target: TransportHintTarget): string | undefined {
  const { host, open } = target;
  switch (code) {
    case 'timeout':
      return target.category === 'media' && target.transport === 'udp'
        ? `No UDP answer within ${target.timeoutMs} ms. An unanswered datagram proves nothing: the firewall may drop it, or the server may ignore a probe outside a call. Open ${open}.`
        : undefined;
    case 'refused':
      return `Refused${target.ip ? ` by ${target.ip}` : ''}: nothing listens on that port, or a firewall rejects it. Check the address and port, then open ${open}.`;
    case 'dns':
      return `${host} does not resolve: check the name, and that this network's DNS answers for it; then ${open} must be open.`;
    case 'tls':
      // An untrusted CA is `tls-untrusted`; here the handshake itself was refused, or the certificate does not fit.
      return `TLS to ${host} failed${target.detail ? ` (${target.detail})` : ''}: the handshake was refused (TLS version, cipher, a client certificate demanded) or the certificate does not fit (wrong name, expired), as when an inspecting proxy or another server answers. Check that ${host} is the right server, and exempt ${open} from TLS inspection.`;
    default:
      return proxyHint(code, target);
  }
}
