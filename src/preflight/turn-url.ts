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
  const parts = /^(turns?):(\[[0-9a-fA-F:.]+\]|[^:?/[\]@\s]+)(?::(\d{1,5}))?(?:\?transport=(udp|tcp))?$/i.exec(
    url.trim(),
  );
  if (!parts) return null;
  const secure = parts[1]!.toLowerCase() === 'turns';
  const port = parts[3] ? Number(parts[3]) : secure ? 5349 : 3478;
  if (port < 1 || port > 65535) return null;
  const transport = (parts[4]?.toLowerCase() ?? (secure ? 'tcp' : 'udp')) as 'udp' | 'tcp';
  if (secure && transport === 'udp') return null; // DTLS TURN: no browser or Vonage client uses it.
  const host = parts[2]!.startsWith('[') ? parts[2]!.slice(1, -1) : parts[2]!;
  return { secure, host, port, transport };
}

/** `turn:host:port?transport=udp` without credentials, for reports. */
export function turnDisplay(url: TurnUrl): string {
  return `${url.secure ? 'turns' : 'turn'}:${bracket(url.host)}:${url.port}?transport=${url.transport}`;
}

/** A URL's host without the brackets of an IPv6 literal (`[::1]` → `::1`), as hints and reports name it. */
export function urlHost(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
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
