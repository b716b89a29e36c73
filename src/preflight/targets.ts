import { VideoAllowlistError } from '../errors.js';
import type { TurnProbeRequest } from './types.js';

/** Bad preflight input: `code` is `invalid-option`, and the message names the option. */
export class PreflightOptionError extends VideoAllowlistError {
  /** The class name, written out so that a minifier's renaming does not reach `err.name`. */
  static override readonly name = 'PreflightOptionError';

  /** The option at fault, e.g. `apiUrl`, `turn.urls[1]`, `credentials.token`. */
  readonly option: string;

  constructor(option: string, message: string) {
    super('invalid-option', `${option}: ${message}`);
    this.option = option;
  }
}

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

const SECRET_PARAM = /token|auth|credential|password|secret|sig|key/i;

/**
 * A URL for a report: no user info, secret-looking query values replaced by `***`. A TURN URL
 * (`turn:user:password@host`, an opaque URL whose user info the URL parser does not see) loses it too.
 */
export function redactUrl(value: string): string {
  value = value.replace(/^(\s*turns?:(?:\/\/)?)[^@]*@/i, '$1');
  try {
    const url = new URL(value);
    url.username = '';
    url.password = '';
    for (const k of [...url.searchParams.keys()]) if (SECRET_PARAM.test(k)) url.searchParams.set(k, '***');
    return url.toString(); // '***' stays as is: the query serializer leaves '*' unescaped
  } catch {
    // Not a URL: still cut the user info and star the secret-looking query values.
    return value
      .replace(/\/\/[^/@]*@/, '//')
      .replace(/([?&])([^=&#]*)=([^&#]*)/g, (all, sep: string, k: string) =>
        SECRET_PARAM.test(k) ? `${sep}${k}=***` : all,
      );
  }
}

/**
 * Words of the report itself (categories, transports, statuses, codes, URL schemes, field names, the
 * table's headings). A secret equal to one of them (a TURN user named `turn`) cannot be hidden by
 * starring it: that would only corrupt the report (`"category": "***"`, `***:host:3478`).
 */
// A regular expression literal, not a Set: a module-level Set is a side effect that kept this module
// in bundles that only import initSession (test/build/tree-shake). Words under 4 characters (api,
// wss, udp, tcp, tls, ok, dns, ip, via) are left out: the redactor never takes one as a secret.
const REPORT_WORDS =
  /^(messaging|turns?|media|logging|stun|https?|pass|fail|skip|timeout|refused|reset|http-status|ws-closed|turn-unauthorized|unreachable|outside-allowlist|aborted|unsupported|not-configured|bad-response|error|category|target|transport|status|code|latencyms|addresses|hint|detail|timings|allowed|block|startedat|durationms|checks|dnsms|connectms|tlsms|firstbytems|totalms|check|latency|address|none)$/i;

/**
 * Replaces each secret (4 characters or more) in text with `***`: long ones anywhere, short ones as
 * whole words. A secret that is a word of the report itself is left alone (see REPORT_WORDS).
 */
export function redactor(secrets: Array<string | undefined>): (text: string) => string {
  const list = [
    ...new Set(secrets.filter((s): s is string => typeof s === 'string' && s.length >= 4 && !REPORT_WORDS.test(s))),
  ].sort((a, b) => b.length - a.length);
  if (list.length === 0) return (t) => t;
  // Each secret and its URL-encoded form (a token in a query string or path). A long secret goes
  // wherever it appears; a short one (a TURN user name such as `preflight`) only as a whole word,
  // so that ordinary words in a hint ("run the Node preflight") are not starred out.
  const pattern = list
    .flatMap((s) => [s, encodeURIComponent(s)])
    .map((s) => {
      const escaped = s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      return s.length >= WHOLE_WORD_BELOW ? escaped : `(?<![A-Za-z0-9])${escaped}(?![A-Za-z0-9])`;
    });
  const re = new RegExp(pattern.join('|'), 'g');
  return (text) => text.replace(re, '***');
}

/** Secrets shorter than this are redacted only as whole words. */
const WHOLE_WORD_BELOW = 16;

/**
 * What the messaging, TURN and media checks probe, by category: the messaging URL and the media host
 * (none or one), the TURN URLs (any number). Given as options, or read from the session info.
 */
export interface SessionTargets {
  messaging: string[];
  turn: TurnProbeRequest[];
  media: string[];
}

/**
 * Reads the session-info answer (`GET {apiUrl}/session/{id}?extended=true`): a JSON array whose first
 * element carries `messaging_url`, `ice_servers`, `media_server_hostname`, or `error`. Throws a
 * message (never the raw body, which may echo the token) when the shape is wrong.
 */
export function parseSessionInfo(body: string): SessionTargets {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    throw new Error('session info is not JSON');
  }
  const first: unknown = Array.isArray(data) ? data[0] : data;
  if (!first || typeof first !== 'object') throw new Error('session info is empty');
  const info = first as Record<string, unknown>;
  if (info.error) {
    const e = info.error as Record<string, unknown>;
    throw new Error(`session info error${typeof e.code === 'number' ? ` ${e.code}` : ''}`);
  }
  const turn: TurnProbeRequest[] = [];
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  for (const server of Array.isArray(info.ice_servers) ? info.ice_servers : []) {
    if (!server || typeof server !== 'object') continue;
    const s = server as Record<string, unknown>;
    const urls = ([] as unknown[]).concat(s.urls ?? [], s.url ?? []);
    for (const u of urls) {
      if (typeof u !== 'string' || !parseTurnUrl(u)) continue; // stun: URLs are not TURN paths
      turn.push({ url: u, username: str(s.username), credential: str(s.credential) });
    }
  }
  const named = (v: unknown): string[] => (str(v)?.trim() ? [v as string] : []);
  return { messaging: named(info.messaging_url), turn, media: named(info.media_server_hostname) };
}
