/** TURN URLs (RFC 7065) and hosts as reports write them. */
export interface TurnUrl {
  secure: boolean;
  host: string;
  port: number;
  transport: 'udp' | 'tcp';
}

/**
 * Parses an RFC 7065 TURN URL (`turn:host:3478?transport=udp`, `turns:host:443?transport=tcp`).
 * Default port 3478 (`turn:`) or 5349 (`turns:`), default transport UDP for `turn:`, TCP for `turns:`.
 * Returns null for anything else.
 */
export function parseTurnUrl(url: string): TurnUrl | null {
  const m = /^(turns?):(\[[0-9a-fA-F:.]+\]|[^:?/[\]@\s]+)(?::(\d{1,5}))?(?:\?transport=(udp|tcp))?$/i.exec(url.trim());
  if (!m) return null;
  const secure = m[1]!.toLowerCase() === 'turns';
  const port = m[3] ? Number(m[3]) : secure ? 5349 : 3478;
  if (port < 1 || port > 65535) return null;
  const transport = (m[4]?.toLowerCase() ?? (secure ? 'tcp' : 'udp')) as 'udp' | 'tcp';
  if (secure && transport === 'udp') return null; // DTLS TURN: no browser or Vonage client uses it.
  const host = m[2]!.startsWith('[') ? m[2]!.slice(1, -1) : m[2]!;
  return { secure, host, port, transport };
}

/** `turn:host:port?transport=udp` without credentials, for reports. */
export function turnDisplay(u: TurnUrl): string {
  return `${u.secure ? 'turns' : 'turn'}:${bracket(u.host)}:${u.port}?transport=${u.transport}`;
}

/** A URL's host without the brackets of an IPv6 literal (`[::1]` → `::1`), as hints and reports name it. */
export function urlHost(u: URL): string {
  return u.hostname.replace(/^\[|\]$/g, '');
}

/** An IPv6 literal in brackets (`[::1]`), as it is written before a port; any other host as it is. */
export function bracket(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** `[::1]` (an IPv6 literal written as in a URL) is the host `::1`; anything else is kept. */
export function unbracket(host: string): string {
  const literal = /^\[([0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)\]$/.exec(host.trim());
  return literal ? literal[1]! : host;
}
