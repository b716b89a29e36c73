import type { CheckWords } from './checks/check.js';
import type { ProbeErrorOptions } from './probe-error.js';
import type { CheckName, ProbeTransport, ReasonCode, Route, Transport } from './types.js';

/** What a check needs open, for the hint: the protocol and port a firewall rule names. */
export interface HintTarget {
  category: CheckName;
  /** How the check names its list block and what it needs configured (the check's own words). */
  words: CheckWords;
  transport: ProbeTransport;
  host: string;
  port: number;
  timeoutMs: number;
  /** The address reached, when known (outside-allowlist, refused). */
  ip?: string;
  /** The list block the address fell in, when any. */
  block?: string | null;
  /** One line from the probe (HTTP status, TLS reason). */
  detail?: string;
  /** An `http:` or `ws:` target: the same TCP port, without TLS. */
  plain?: boolean;
  /** Where the probe failed, as the transport said ({@link ProbeErrorOptions.phase}): picks the wording of `reset` and `unreachable`. */
  phase?: ProbeErrorOptions['phase'];
  /** How the probe went ({@link Route}): through a proxy, its hints name it. */
  via?: Route['via'];
  /** The proxy, without credentials. */
  proxy?: string;
  /** The transport's own words for the codes only it produces ({@link Transport.hint}). */
  own?: Pick<Transport, 'hint'>;
}

/** Where a `reset` cut the connection, by phase; unset: before any answer. */
const CUT: Record<string, string> = {
  tls: 'during the TLS handshake',
  answer: 'after the handshake, before any answer',
  body: 'while the answer was being read',
};

/** The protocol and port a firewall rule names: "TCP 443 (HTTPS)", "UDP 3478". */
export function protocolPort(target: Pick<HintTarget, 'transport' | 'port' | 'plain'>): string {
  switch (target.transport) {
    case 'udp':
      return `UDP ${target.port}`;
    case 'https':
      return `TCP ${target.port} (${target.plain ? 'HTTP' : 'HTTPS'})`;
    case 'wss':
      return `TCP ${target.port} (${target.plain ? 'WebSocket' : 'secure WebSocket'})`;
    case 'tls':
      return `TCP ${target.port} (TURN over TLS)`;
    case 'tcp':
      return `TCP ${target.port}`;
  }
}

/** "TCP 443 (HTTPS) to anvil.opentok.com, in your list's API block". */
export function needs(target: HintTarget): string {
  return `${protocolPort(target)}${isMediaUdp(target) ? ' (media uses UDP 1025-65535)' : ''} to ${target.host}, in your list's ${target.words.block} block`;
}

/** Media over UDP: ports negotiated per call, and an unanswered datagram proves nothing. */
function isMediaUdp(target: HintTarget): boolean {
  return target.category === 'media' && target.transport === 'udp';
}

/**
 * The hint for a verdict: what to open or fix, in words a person can act on. Every verdict of a check
 * that ran names the protocol, the port and the list block it needs.
 */
export function hintFor(code: ReasonCode, target: HintTarget): string {
  const open = needs(target);
  const { host, detail } = target;
  const quoted = detail ? ` (${detail})` : '';
  const proxy = target.proxy ? `the proxy ${target.proxy}` : 'the proxy';
  const { category, transport, port, proxy: via, ip, timeoutMs } = target;
  const own = target.own?.hint?.(code, { category, transport, host, port, open, proxy: via, detail, ip, timeoutMs });
  if (own) return own;
  switch (code) {
    // Only the Node transport tells these apart, and words them itself (transports/node/hints.ts); another transport gets the gist.
    case 'refused':
    case 'dns':
    case 'tls':
      return `Could not connect to ${host} (${code}${detail ? `: ${detail}` : ''}): check the address, then open ${open}.`;
    case 'proxy-auth':
    case 'proxy-refused':
    case 'proxy-dropped':
    case 'proxy-unreachable':
      return `Failed through ${proxy}${quoted}: check the proxy URL and its credentials, and that it allows CONNECT to ${open}.`;
    case 'tls-untrusted':
      return `The certificate for ${host} comes from a CA this machine does not trust${quoted}, as when a TLS-inspecting proxy re-signs: trust that CA, or exempt ${open} from TLS inspection.`;
    case 'ok':
      // Only the proxy sees the server's address, so none was judged; its outbound firewall is the one to open.
      if (target.via === 'proxy')
        return `Reachable through ${proxy}; only the proxy sees the server's address, so it was not checked against the list: the proxy's outbound firewall must let ${open} out.`;
      // No address to judge (the browser hides it for fetch and WebSocket): say so, never "inside".
      return target.ip === undefined
        ? `Reachable; the address is not visible here, so it was not checked against the list (the Node preflight checks it): keep ${open} open.`
        : `Reachable and inside the list: keep ${open} open.`;
    case 'timeout':
      // Media over UDP (only the Node transport probes it) has its own words there: silence proves nothing.
      return `No answer within ${target.timeoutMs} ms: a firewall is probably dropping it. Open ${open}.`;
    case 'reset':
      return `The connection was cut ${CUT[target.phase!] ?? 'before any answer'}, as firewalls and inspecting proxies do. Open ${open}, without TLS inspection.`;
    case 'unreachable':
      // Only the Node transport knows it was routing; a browser's failed fetch or TURN 701 hides why.
      return target.phase === 'route'
        ? `No route to ${host}: open ${open}.`
        : `Could not reach ${host}${target.phase === 'unknown' ? '; the browser does not say why (no route, refused, DNS and TLS failures look the same there)' : ''}: open ${open}.`;
    case 'http-status':
      if (/session-info/.test(detail ?? '')) return sessionInfoHint(target, open);
      return `${host} answered ${detail || 'with an error'}: the network path (${open}) is open; check the URL, API key, session id and token.`;
    case 'ws-closed':
      return `The WebSocket upgrade to ${host} was refused or closed: allow WebSocket upgrades on ${open}; proxies that strip "Upgrade" break signaling.`;
    case 'turn-unauthorized':
      return `The TURN server answered on ${open}, so the path is open, but refused the credentials: use fresh ones (they come with the session info and expire).`;
    case 'outside-allowlist':
      return `Reached ${target.ip ?? host} over ${protocolPort(target)}, which is outside your list's ${target.words.block} blocks: a firewall holding this list will drop it. Add the block Vonage publishes for it to the list and the firewall (Vonage announces changes), or check the target.`;
    case 'aborted':
      return `Stopped before a verdict; run again to check ${open}.`;
    case 'unsupported':
      return `This environment cannot probe ${target.transport.toUpperCase()}; run the Node preflight (CLI) for it.`;
    case 'not-configured':
      // Configured (credentials given), but its target comes from a session info that could not be read.
      if (/needs the session info/.test(detail ?? ''))
        return 'Not probed: its target comes from the session info, which could not be read; fix the api check first (its hint says why).';
      return isMediaUdp(target) && host !== '(none)'
        ? `Not probed: media UDP ports are negotiated per call (UDP 1025-65535 to ${host}); give one that answers STUN (media.udpPort) to probe it.`
        : target.words.missing === undefined
          ? 'Not configured.'
          : `Not configured: give the ${target.words.missing}, or the API key, session id and token to read it from the session info.`;
    case 'bad-response':
      return `${host} answered, but not as a Vonage server would${quoted}: is something else on ${open}?`;
    case 'error':
      return `Unexpected failure${quoted}; ${open} is what this check needs.`;
  }
}

/**
 * The session-info request answered with an HTTP error: the path is open, and the status says which
 * input is wrong (as anvil answers: 401/403 a token or session refused, 404 no such session or URL).
 */
function sessionInfoHint(target: HintTarget, open: string): string {
  const status = Number(/HTTP (\d{3})/.exec(target.detail ?? '')?.[1]);
  const path = `the network path (${open}) is open`;
  if (status === 401 || status === 403)
    return `${target.host} refused the token for this session (HTTP ${status}): ${path}; make a fresh token for this session id with the same API key (tokens expire).`;
  if (status === 404)
    return `${target.host} knows no such session (HTTP 404): ${path}; check the session id and the API URL (an Enterprise account has its own).`;
  if (status >= 500)
    return `${target.host} failed to answer (HTTP ${status}): ${path}; the server side erred, try again later.`;
  return `${target.host} answered HTTP ${status || '?'} to the session-info request: ${path}; check the API URL, session id and token.`;
}
