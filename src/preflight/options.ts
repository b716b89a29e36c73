import type { ErrorPath } from '../errors.js';
import { PreflightOptionError } from './errors.js';
import { redactUrl } from './redact.js';
import { QUALITY_LIMITS } from './quality/settings.js';
import { parseTurnUrl } from './turn-url.js';
import type { PreflightOptions } from './types.js';

/** What is wrong with a value: its reason, or the reason with a hint (what to do). */
type Problem = string | { reason: string; hint: string };

/**
 * One row of the table: the option (`media.host`; `turn.urls[]` for each element of an array) and
 * what is wrong with its value, or nothing. An option under a parent (`media.host`) is checked only
 * when the parent is given; `check` sees the whole options for rows that depend on another.
 */
interface Rule {
  option: string;
  check(value: unknown, given: Given): Problem | undefined;
}

/** What a rule sees besides the value: all the options, and the names of the checks there are. */
interface Given {
  options: PreflightOptions;
  names: readonly string[];
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isFilled = (value: unknown): value is string => isString(value) && value.trim() !== '';
const isPort = (value: unknown): boolean =>
  Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 65535;

/**
 * A row checked by type and range alone: a missing value passes unless `required`. The reason echoes
 * a refused primitive, never an object, nor any value of a `secret` (a numeric password would show).
 */
function expecting(what: string, test: (value: unknown) => boolean, flags: { required?: true; secret?: true } = {}) {
  return (value: unknown): Problem | undefined => {
    if ((value === undefined && !flags.required) || test(value)) return undefined;
    return `expected ${what}${flags.required || flags.secret || Object(value) === value ? '' : `, got ${String(value)}`}`;
  };
}

/** A URL option of the scheme its check speaks, without embedded credentials (they would reach reports). */
function url(scheme: RegExp, schemes: string) {
  return (value: unknown): Problem | undefined => {
    if (value === undefined) return undefined;
    if (!isFilled(value)) return 'expected a URL string';
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      return `not a URL: ${JSON.stringify(redactUrl(value))}`;
    }
    if (!scheme.test(parsed.protocol)) return `expected ${schemes}, got ${parsed.protocol}//`;
    if (parsed.username || parsed.password) return 'must not carry a user name or password';
  };
}

const inRange =
  ({ min, max }: { min: number; max: number }) =>
  (value: unknown): boolean =>
    typeof value === 'number' && value >= min && value <= max;

const PORT = 'a port 1-65535';
const SECRET = { secret: true } as const;
const REQUIRED = { required: true } as const;

/** Every option the preflight takes, checked in this order; the first problem is thrown. */
export const OPTION_RULES: readonly Rule[] = [
  {
    option: 'list',
    check: (list) =>
      isString(list) || typeof (list as { check?: unknown } | null)?.check === 'function'
        ? undefined
        : 'expected an AllowedIpList (anything with check(ip, { category })) or the list text',
  },
  { option: 'apiUrl', check: url(/^https?:$/, 'https:// or http://') },
  { option: 'loggingUrl', check: url(/^https?:$/, 'https:// or http://') },
  { option: 'messagingUrl', check: url(/^wss?:$/, 'wss:// or ws://') },
  { option: 'turn.urls', check: (urls) => (Array.isArray(urls) ? undefined : 'expected an array of TURN URLs') },
  {
    option: 'turn.urls[]',
    check: (turnUrl) =>
      isString(turnUrl) && parseTurnUrl(turnUrl)
        ? undefined
        : `not a TURN URL (turn:host:3478?transport=udp, turns:host:443?transport=tcp): ${JSON.stringify(isString(turnUrl) ? redactUrl(turnUrl) : turnUrl)}`,
  },
  {
    option: 'media',
    check: (media) =>
      media === undefined || (media && typeof media === 'object') ? undefined : 'expected { host, tcpPort?, udpPort? }',
  },
  {
    option: 'media.host',
    check: (host, { options }) => {
      if (host === undefined ? !options.credentials : !isFilled(host))
        return 'expected a host name or address (it may be left out only in credentials mode, where the session info names it)';
      // `host:3478` or `[::1]:443`: a port written into the host would be looked up as part of the name.
      if (/^(\[[^\]]*\]|[^:[\]]+):\d+$/.test(String(host).trim()))
        return {
          reason: `${JSON.stringify(host)} carries a port`,
          hint: 'give the host alone, and the ports as media.tcpPort and media.udpPort',
        };
    },
  },
  { option: 'turn.username', check: expecting('a string', isString, SECRET) },
  { option: 'turn.credential', check: expecting('a string', isString, SECRET) },
  { option: 'media.udpPort', check: expecting(PORT, isPort) },
  { option: 'media.tcpPort', check: expecting(PORT, isPort) },
  { option: 'credentials.apiKey', check: expecting('a non-empty string', isFilled, REQUIRED) },
  { option: 'credentials.sessionId', check: expecting('a non-empty string', isFilled, REQUIRED) },
  { option: 'credentials.token', check: expecting('a non-empty string', isFilled, REQUIRED) },
  // NaN and Infinity fail the comparisons.
  {
    option: 'timeoutMs',
    check: expecting('milliseconds in (0, 600000]', (ms) => typeof ms === 'number' && ms > 0 && ms <= 600_000),
  },
  {
    option: 'signal',
    check: expecting(
      'an AbortSignal',
      (signal) => typeof (signal as AbortSignal | null)?.addEventListener === 'function' && typeof signal === 'object',
    ),
  },
  {
    option: 'quality',
    check: expecting(
      'true, false or { seconds, kbps }',
      (q) => q !== null && /^(boolean|object)$/.test(typeof q) && !Array.isArray(q),
    ),
  },
  {
    option: 'quality.seconds',
    check: expecting(
      `seconds ${QUALITY_LIMITS.seconds.min}-${QUALITY_LIMITS.seconds.max}`,
      inRange(QUALITY_LIMITS.seconds),
    ),
  },
  {
    option: 'quality.kbps',
    check: expecting(`kbit/s ${QUALITY_LIMITS.kbps.min}-${QUALITY_LIMITS.kbps.max}`, inRange(QUALITY_LIMITS.kbps)),
  },
  { option: 'onProgress', check: expecting('a function', (listener) => typeof listener === 'function') },
  { option: 'allowSkip', check: expecting('a boolean', (allow) => typeof allow === 'boolean') },
  { option: 'proxyUrl', check: url(/^https?:$/, 'https:// or http://') },
  // The proxy URL may hold a password: never echoed (the Node transport checks its form).
  { option: 'proxy', check: expecting('a proxy URL or false', (p) => isFilled(p) || p === false, SECRET) },
  {
    option: 'noProxy',
    check: expecting('a list of hosts, as a string or an array of strings', (list) =>
      Array.isArray(list) ? list.every(isString) : isString(list),
    ),
  },
  // Both or neither: the one left out is named.
  { option: 'turn.username', check: (username, { options }) => pair(username, options.turn!.credential) },
  { option: 'turn.credential', check: (credential, { options }) => pair(credential, options.turn!.username) },
  // A token read from a CRLF file keeps its '\r': as a header value it would fail the api check as an
  // unexpected error (ERR_INVALID_CHAR) instead of saying what is wrong.
  {
    option: 'credentials.token',
    check: (token) =>
      /[\x00-\x1f\x7f]/.test(token as string)
        ? 'contains a control character (a line break copied with it?)'
        : undefined,
  },
  {
    option: 'checks',
    check: (asked, { names }) =>
      asked === undefined
        ? undefined
        : !Array.isArray(asked)
          ? `expected an array of ${names.join(', ')}`
          : // No check: the report would say ok with nothing checked.
            asked.length === 0
            ? `expected at least one of ${names.join(', ')} (leave checks out for all)`
            : undefined,
  },
  {
    option: 'checks[]',
    check: (name, { names }) =>
      names.includes(name as string) ? undefined : `expected one of ${names.join(', ')}, got ${JSON.stringify(name)}`,
  },
];

/** The TURN user name and credential come together: `value` is the one missing when only `other` is given. */
function pair(value: unknown, other: unknown): Problem | undefined {
  return value === undefined && other !== undefined
    ? 'give both turn.username and turn.credential, or neither'
    : undefined;
}

/** Throws the {@link PreflightOptionError} of the first rule `options` break; `names` are the checks there are. */
export function validateOptions(options: PreflightOptions, names: readonly string[]): void {
  if (!options || typeof options !== 'object') throw new PreflightOptionError(['options'], 'expected an object');
  for (const rule of OPTION_RULES) {
    const each = rule.option.endsWith('[]');
    const keys = rule.option.replace(/\[\]$/, '').split('.');
    const parent = keys.length > 1 ? (options as unknown as Record<string, unknown>)[keys[0]!] : options;
    if (parent === undefined) continue;
    const value = (parent as Record<string, unknown> | null)?.[keys[keys.length - 1]!];
    const values: Array<[ErrorPath, unknown]> = each
      ? Array.isArray(value)
        ? value.map((item: unknown, index) => [[...keys, index], item])
        : []
      : [[keys, value]];
    for (const [path, item] of values) {
      const problem = rule.check(item, { options, names });
      if (problem === undefined) continue;
      if (isString(problem)) throw new PreflightOptionError(path, problem);
      throw new PreflightOptionError(path, problem.reason, problem.hint);
    }
  }
}
