/**
 * The hints of the proxy reason codes and of `tls-untrusted`, which only the Node transport produces:
 * it gives them as its `Transport.hint`, so a page's script does not carry them. Every hint names
 * the proxy without its credentials, and never a command-line flag (the CLI maps option names).
 */
import type { ReasonCode, TransportHintTarget } from '../types.js';

/** What a proxy hint needs: the target's protocol and port in firewall words, and the proxy. */
export type ProxyHintTarget = TransportHintTarget;

/** The HTTP status a proxy answered, read back from the probe's detail (`HTTP 403`). */
function statusOf(detail: string | undefined): number | undefined {
  const match = /HTTP (\d{3})/.exec(detail ?? '');
  return match ? Number(match[1]) : undefined;
}

/** The Node transport's `Transport.hint`: the words of the codes only it produces, else undefined. */
export function proxyHint(code: ReasonCode, hintTarget: ProxyHintTarget): string | undefined {
  const proxy = hintTarget.proxy ? `The proxy ${hintTarget.proxy}` : 'The proxy';
  const target = `${hintTarget.host.includes(':') ? `[${hintTarget.host}]` : hintTarget.host}:${hintTarget.port}`;
  switch (code) {
    case 'proxy-auth':
      return /refused the credentials/.test(hintTarget.detail ?? '')
        ? `${proxy} refused the user name and password in its URL: check them (percent-encode @, : and / in the proxy URL). They are never shown in a report.`
        : `${proxy} asks for credentials (HTTP 407): give them in the proxy URL (http://user:password@host:port). They are never shown in a report.`;
    case 'proxy-refused': {
      const status = statusOf(hintTarget.detail);
      return status !== undefined && status >= 500
        ? `${proxy} could not reach ${target} itself (HTTP ${status}): its own outbound firewall must let ${hintTarget.open} out.`
        : `${proxy} refused to tunnel to ${target}${status ? ` (HTTP ${status})` : ''}: many proxies allow CONNECT to port 443 only. Ask its administrators to allow CONNECT to ${hintTarget.open}, or exempt the host from the proxy (no-proxy list).`;
    }
    case 'proxy-dropped':
      return `${proxy} closed the connection before answering CONNECT to ${target}: it may not tunnel to this port, expect TLS (an https:// proxy URL) or sit behind a firewall that cuts the connection. Check the proxy URL, then ask its administrators to allow CONNECT to ${hintTarget.open}.`;
    case 'proxy-unreachable':
      return `Could not connect to ${hintTarget.proxy ? `the proxy ${hintTarget.proxy}` : 'the proxy'}${hintTarget.detail ? ` (${hintTarget.detail.replace(/^.*: /, '')})` : ''}: check the proxy URL and port (HTTPS_PROXY, HTTP_PROXY, ALL_PROXY or the proxy option), or leave the proxy out where this network allows direct connections.`;
    case 'tls-untrusted':
      return `The certificate for ${hintTarget.host} was issued by ${issuerOf(hintTarget.detail) ?? 'a CA'} that this machine does not trust: a TLS-inspecting proxy or firewall re-signs the traffic. Give that CA's certificate (PEM) as the ca option, or exempt ${hintTarget.open} from TLS inspection.`;
    default:
      return undefined;
  }
}

/** `"Corp Inspection CA"` from a detail that says `issuer "Corp Inspection CA"`. */
function issuerOf(detail: string | undefined): string | undefined {
  const match = /issuer ("[^"]*")/.exec(detail ?? '');
  return match?.[1];
}
