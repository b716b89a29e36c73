import { parseListText } from './list.js';
import { checkApi, checkSession } from './checks/api.js';
import { checkLogging } from './checks/logging.js';
import { checkMedia } from './checks/media.js';
import { checkMessaging } from './checks/messaging.js';
import { checkTurn } from './checks/turn.js';
import {
  PreflightOptionError,
  bracket,
  parseTurnUrl,
  redactUrl,
  redactor,
  turnDisplay,
  urlHost,
  type SessionTargets,
} from './targets.js';
import type {
  CheckCategory,
  CheckContext,
  CheckReport,
  PreflightEvent,
  PreflightOptions,
  PreflightReport,
  Transport,
} from './types.js';
import { ProbeError } from './probe-error.js';
import { settleOnce } from './settle.js';
import { deadlineReport, failedReport, judgeWith, verdict, type CheckBase, type Run } from './verdict.js';

/** Vonage's public API server, probed when no `apiUrl` is given. */
export const DEFAULT_API_URL = 'https://anvil.opentok.com';
/** Vonage's public logging base, probed when no `loggingUrl` is given. */
export const DEFAULT_LOGGING_URL = 'https://hlg.tokbox.com/prod';
/** Per-check deadline when `timeoutMs` is not given. */
export const DEFAULT_TIMEOUT_MS = 5000;
/** Media server TCP port probed when `media.tcpPort` is not given (Vonage's "TCP 443" minimum). */
export const DEFAULT_MEDIA_TCP_PORT = 443;

const CATEGORIES: readonly CheckCategory[] = ['api', 'messaging', 'turn', 'media', 'logging'];

/** The checks whose targets credentials mode reads from the session info, and the transport each is named with before its target is known. */
type Dependent = 'messaging' | 'turn' | 'media';
const DEPENDENT: Readonly<Record<Dependent, CheckBase['transport']>> = { messaging: 'wss', turn: 'udp', media: 'tcp' };

/**
 * Runs every check at once against `options` with `transport`, each under its own deadline, and
 * resolves with the report. Rejects only for bad options ({@link PreflightOptionError}); every
 * network failure is a check result.
 */
export async function runPreflightWith(options: PreflightOptions, transport: Transport): Promise<PreflightReport> {
  validate(options);
  const o = options;
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const wanted = o.checks ?? CATEGORIES;
  const ctx = { transport, judge: judgeWith(typeof o.list === 'string' ? parseListText(o.list) : o.list), timeoutMs };
  const secrets: Array<string | undefined> = [o.credentials?.token, o.turn?.username, o.turn?.credential];
  let redact = redactor(secrets);
  const emit = (e: PreflightEvent): void => {
    try {
      // A progress listener never breaks the run, nor does its rejected promise.
      (o.onProgress?.(e) as unknown as Promise<unknown> | undefined)?.then?.(undefined, () => {});
    } catch {
      /* ignored */
    }
  };
  const reports: Array<[number, CheckReport]> = [];
  let seq = 0;

  /**
   * One check, in the report and the progress events (unless `shown` is false): `run` under the
   * check's deadline, or a verdict reached without a probe (a skip, the session report).
   */
  const check = async (base: CheckBase, run: Run | CheckReport, shown = true): Promise<CheckReport> => {
    const order = CATEGORIES.indexOf(base.category) * 10_000 + seq++;
    if (shown) emit({ type: 'start', category: base.category, target: redact(base.target), transport: base.transport });
    const r = typeof run === 'function' ? await withDeadline(base, run, ctx, o.signal) : run;
    const out: CheckReport = { ...r, target: redact(r.target), hint: redact(r.hint) };
    if (r.detail !== undefined) out.detail = redact(r.detail);
    if (shown) {
      reports.push([order, out]);
      emit({ type: 'end', check: out });
    }
    return out;
  };
  const skip = (
    base: CheckBase,
    detail?: string,
    code: 'not-configured' | 'unsupported' = 'not-configured',
  ): Promise<CheckReport> => check(base, verdict(base, code, ctx, detail));
  /** A check whose target is not known (yet): named `(none)`, or after the session info. */
  const unknown = (c: Dependent, target = '(none)', host = '(none)'): CheckBase => ({
    category: c,
    target,
    transport: DEPENDENT[c],
    host,
    port: 443,
  });
  const fromSession = (c: Dependent): CheckBase => unknown(c, '(from the session info)', '(session info)');

  /** Starts the messaging/turn/media checks named in `cats` against `from`; unset ones are skipped. */
  const dependents = (from: SessionTargets, cats: readonly Dependent[], note?: string): Array<Promise<unknown>> =>
    cats.flatMap((c): Array<Promise<unknown>> => {
      if (!from[c].length) return [skip(unknown(c), note)];
      if (c === 'turn') {
        return from.turn.map((req) => {
          const u = parseTurnUrl(req.url)!;
          return check(
            {
              category: c,
              target: turnDisplay(u),
              transport: u.secure ? 'tls' : u.transport,
              host: u.host,
              port: u.port,
            },
            checkTurn(req),
          );
        });
      }
      const named = from[c][0]!;
      if (c === 'messaging') {
        return [
          /^wss?:$/.test(protocolOf(named))
            ? check(urlBase(c, named), checkMessaging(named))
            : // A target the session info names in a form nothing can probe: a failed check, not a rejected run.
              check(fromSession(c), async () => {
                throw new ProbeError('bad-response', "the session info's messaging_url is not a ws:// or wss:// URL");
              }),
        ];
      }
      const host = unbracket(named);
      const media = (port: number, p: 'tcp' | 'udp', target = `${bracket(host)}:${port}`): CheckBase => ({
        category: c,
        target,
        transport: p,
        host,
        port,
      });
      const udp = o.media?.udpPort;
      return [
        check(media(o.media?.tcpPort ?? DEFAULT_MEDIA_TCP_PORT, 'tcp'), checkMedia),
        udp
          ? check(media(udp, 'udp'), checkMedia)
          : // Where raw UDP cannot be sent at all (the browser), that is the reason, not a missing port.
            transport.media
            ? skip(
                media(3478, 'udp', `${bracket(host)} UDP`),
                'media UDP ports are negotiated per call (UDP 1025-65535); set media.udpPort to a port that answers STUN to probe one',
              )
            : skip(
                media(3478, 'udp', `${bracket(host)} UDP`),
                `the ${transport.kind} transport cannot probe raw UDP`,
                'unsupported',
              ),
      ];
    });

  const apiUrl = o.apiUrl ?? DEFAULT_API_URL;
  const t = o.turn;
  const explicit: SessionTargets = {
    messaging: o.messagingUrl ? [o.messagingUrl] : [],
    turn: (t?.urls ?? []).map((url) => ({ url, username: t?.username, credential: t?.credential })),
    media: o.media?.host ? [o.media.host] : [],
  };
  const isSet = (c: Dependent): boolean => explicit[c].length > 0;
  const deps = (['messaging', 'turn', 'media'] as const).filter((c) => wanted.includes(c));
  const creds = o.credentials;
  const runs: Array<Promise<unknown>> = [];
  if (wanted.includes('logging')) {
    const url = `${(o.loggingUrl ?? DEFAULT_LOGGING_URL).replace(/\/+$/, '')}/logging/ClientEvent`;
    runs.push(check(urlBase('logging', url), checkLogging(url)));
  }
  if (!creds && wanted.includes('api')) runs.push(check(urlBase('api', apiUrl), checkApi(apiUrl)));
  // Credentials mode: what the caller set is probed at once; the rest waits for the session info.
  runs.push(
    ...dependents(
      explicit,
      deps.filter((c) => !creds || isSet(c)),
    ),
  );
  const later = deps.filter((c) => !isSet(c));
  if (creds && (wanted.includes('api') || later.length > 0)) {
    let session: SessionTargets | undefined;
    const base = urlBase('api', apiUrl, `${redactUrl(apiUrl).replace(/\/+$/, '')}/session/{sessionId}?extended=true`);
    runs.push(
      check(
        base,
        checkSession(apiUrl, creds, (s) => (session = s)),
        wanted.includes('api'),
      ).then(async (sessionReport) => {
        const s = session as SessionTargets | undefined;
        if (!s) {
          // The checks asked for could not run because of this failure: report it even when the
          // api check was not asked for, or the run would say ok with nothing probed.
          if (!wanted.includes('api')) void check(base, sessionReport);
          for (const c of later) {
            const b = fromSession(c);
            // Stopped by the caller before the session info came: aborted, as the other checks are.
            void (o.signal?.aborted
              ? check(b, deadlineReport(b, 'aborted', ctx))
              : skip(b, 'needs the session info, which the api check could not read'));
          }
          return;
        }
        secrets.push(...s.turn.flatMap((t) => [t.username, t.credential]));
        redact = redactor(secrets);
        await Promise.all(dependents(s, later, 'the session info names none'));
      }),
    );
  }
  await Promise.all(runs);

  const checks = reports.sort((a, b) => a[0] - b[0]).map((r) => r[1]);
  return {
    ok: checks.every((c) => c.status !== 'fail'),
    startedAt,
    durationMs: Math.round(performance.now() - t0),
    checks,
  };
}

/** `[::1]` (an IPv6 literal written as in a URL) is the host `::1`; anything else is kept. */
function unbracket(host: string): string {
  const m = /^\[([0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)\]$/.exec(host.trim());
  return m ? m[1]! : host;
}

/** A URL's scheme (`wss:`), or '' when it does not parse. */
function protocolOf(url: string): string {
  try {
    return new URL(url).protocol;
  } catch {
    return '';
  }
}

/** The base of an HTTP(S) or WebSocket check: its host, and its port (80 for `http:`/`ws:` unless written). */
function urlBase(category: 'api' | 'messaging' | 'logging', url: string, target = redactUrl(url)): CheckBase {
  const u = new URL(url);
  const plain = /^(http|ws):$/.test(u.protocol);
  const base: CheckBase = {
    category,
    target,
    transport: category === 'messaging' ? 'wss' : 'https',
    host: urlHost(u),
    port: Number(u.port || (plain ? 80 : 443)),
  };
  if (plain) base.plain = plain;
  return base;
}

/**
 * Runs one check under its own signal, which aborts at the deadline or with the caller's signal. The
 * verdict is given on time even when a transport ignores the abort: the late result is dropped (and
 * its rejection swallowed), and the signal tells the transport to release what it holds. A probe that
 * throws (a {@link ProbeError}, or anything else: `error`) is a failed check.
 */
function withDeadline(
  base: CheckBase,
  run: Run,
  ctx: Omit<CheckContext, 'signal'>,
  user?: AbortSignal,
): Promise<CheckReport> {
  const ac = new AbortController();
  return settleOnce<CheckReport>(
    user,
    () => deadlineReport(base, 'aborted', ctx),
    (settle) => {
      const timer = setTimeout(() => settle(deadlineReport(base, 'timeout', ctx)), ctx.timeoutMs);
      new Promise<CheckReport>((r) => r(run({ ...ctx, signal: ac.signal }, base))).then(settle, (err: unknown) =>
        settle(failedReport(base, err, ctx)),
      );
      return () => {
        clearTimeout(timer);
        ac.abort();
      };
    },
  );
}

/** Throws the {@link PreflightOptionError} for `option`. */
function bad(option: string, message: string): never {
  throw new PreflightOptionError(option, message);
}

/** The URL options and the schemes each takes. */
const URL_OPTIONS = [
  ['apiUrl', /^https?:$/, 'https:// or http://'],
  ['loggingUrl', /^https?:$/, 'https:// or http://'],
  ['messagingUrl', /^wss?:$/, 'wss:// or ws://'],
] as const;

type Test = (v: unknown) => boolean;
const isString: Test = (v) => typeof v === 'string';
const isFilled: Test = (v) => isString(v) && (v as string).trim() !== '';
const isPort: Test = (v) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 65535;
const PORT = 'a port 1-65535';

/**
 * Options checked by type and range alone, in order: [option, test, what is expected, secret].
 * `a.b` is checked only when `a` is given; a missing option passes unless `secret` is 1 (required).
 * The message echoes a refused primitive value, never an object, nor any value of a `secret` rule
 * (TURN credentials, session credentials: a numeric password would be shown).
 */
const RULES: ReadonlyArray<readonly [string, Test, string, (1 | 2)?]> = [
  ['turn.username', isString, 'a string', 2],
  ['turn.credential', isString, 'a string', 2],
  ['media.udpPort', isPort, PORT],
  ['media.tcpPort', isPort, PORT],
  ['credentials.apiKey', isFilled, 'a non-empty string', 1],
  ['credentials.sessionId', isFilled, 'a non-empty string', 1],
  ['credentials.token', isFilled, 'a non-empty string', 1],
  // NaN and Infinity fail the comparisons.
  ['timeoutMs', (v) => typeof v === 'number' && v > 0 && v <= 600_000, 'milliseconds in (0, 600000]'],
  [
    'signal',
    (v) => typeof v === 'object' && typeof (v as AbortSignal | null)?.addEventListener === 'function',
    'an AbortSignal',
  ],
  ['onProgress', (v) => typeof v === 'function', 'a function'],
];

function validate(o: PreflightOptions): void {
  if (!o || typeof o !== 'object') bad('options', 'expected an object');
  if (typeof o.list !== 'string' && typeof (o.list as { check?: unknown } | null)?.check !== 'function') {
    bad('list', 'expected an AllowedIpList (anything with check(ip, { category })) or the list text');
  }
  // A URL of the scheme its check speaks, without embedded credentials (they would reach reports).
  for (const [k, scheme, schemes] of URL_OPTIONS) {
    const v = o[k];
    if (v === undefined) continue;
    if (!isFilled(v)) bad(k, 'expected a URL string');
    let url: URL;
    try {
      url = new URL(v);
    } catch {
      bad(k, `not a URL: ${JSON.stringify(redactUrl(v))}`);
    }
    if (!scheme.test(url.protocol)) bad(k, `expected ${schemes}, got ${url.protocol}//`);
    if (url.username || url.password) bad(k, 'must not carry a user name or password');
  }
  const t = o.turn;
  if (t !== undefined) {
    if (!Array.isArray(t?.urls)) bad('turn.urls', 'expected an array of TURN URLs');
    t.urls.forEach((u, i) => {
      if (typeof u !== 'string' || !parseTurnUrl(u)) {
        bad(
          `turn.urls[${i}]`,
          `not a TURN URL (turn:host:3478?transport=udp, turns:host:443?transport=tcp): ${JSON.stringify(typeof u === 'string' ? redactUrl(u) : u)}`,
        );
      }
    });
  }
  const m = o.media;
  if (m !== undefined) {
    if (!m || typeof m !== 'object') bad('media', 'expected { host, tcpPort?, udpPort? }');
    const h = m.host;
    if (h === undefined ? !o.credentials : !isFilled(h)) {
      bad(
        'media.host',
        'expected a host name or address (it may be left out only in credentials mode, where the session info names it)',
      );
    }
    // `host:3478` or `[::1]:443`: a port written into the host would be looked up as part of the name.
    if (/^(\[[^\]]*\]|[^:[\]]+):\d+$/.test(String(h).trim())) {
      bad(
        'media.host',
        `${JSON.stringify(h)} carries a port: give the host alone, and the ports as media.tcpPort / media.udpPort (--media-tcp-port, --media-udp-port)`,
      );
    }
  }
  for (const [option, test, what, secret] of RULES) {
    const [top, leaf] = option.split('.') as [keyof PreflightOptions, string?];
    const parent: unknown = o[top];
    if (parent === undefined) continue;
    const v = leaf ? (parent as Record<string, unknown> | null)?.[leaf] : parent;
    if ((v !== undefined || secret === 1) && !test(v))
      bad(option, `expected ${what}${secret || Object(v) === v ? '' : `, got ${String(v)}`}`);
  }
  if (t !== undefined && (t.username === undefined) !== (t.credential === undefined)) {
    bad(
      t.username === undefined ? 'turn.username' : 'turn.credential',
      'give both turn.username and turn.credential, or neither',
    );
  }
  // A token read from a CRLF file keeps its '\r': as a header value it would fail the api check as an
  // unexpected error (ERR_INVALID_CHAR) instead of saying what is wrong.
  if (/[\x00-\x1f\x7f]/.test(o.credentials?.token ?? ''))
    bad('credentials.token', 'contains a control character (a line break copied with it?)');
  const all = CATEGORIES.join(', ');
  if (o.checks !== undefined) {
    if (!Array.isArray(o.checks)) bad('checks', `expected an array of ${all}`);
    // No category: the report would say ok with nothing checked.
    if (o.checks.length === 0) bad('checks', `expected at least one of ${all} (leave checks out for all)`);
    o.checks.forEach(
      (k, i) => CATEGORIES.includes(k) || bad(`checks[${i}]`, `expected one of ${all}, got ${JSON.stringify(k)}`),
    );
  }
}
