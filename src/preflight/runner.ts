import { parseListText } from './list.js';
import type { AllowlistLike } from '../allowlist/types.js';
import { checkApi, checkSession } from './checks/api.js';
import { checkLogging } from './checks/logging.js';
import { checkMedia } from './checks/media.js';
import { checkMessaging } from './checks/messaging.js';
import { checkTurn } from './checks/turn.js';
import {
  PreflightOptionError,
  hostPort,
  parseTurnUrl,
  parseUrlOption,
  redactUrl,
  redactor,
  turnDisplay,
  urlHost,
  type SessionTargets,
} from './targets.js';
import {
  type CheckCategory,
  type CheckContext,
  type CheckReport,
  type PreflightEvent,
  type PreflightOptions,
  type PreflightReport,
  type ProbeTransport,
  type Transport,
  type TurnProbeRequest,
} from './types.js';
import { ProbeError } from './probe-error.js';
import { deadlineReport, failedReport, judgeWith, skipReport, type CheckBase } from './verdict.js';

/** Vonage's public API server, probed when no `apiUrl` is given. */
export const DEFAULT_API_URL = 'https://anvil.opentok.com';
/** Vonage's public logging base, probed when no `loggingUrl` is given. */
export const DEFAULT_LOGGING_URL = 'https://hlg.tokbox.com/prod';
/** Per-check deadline when `timeoutMs` is not given. */
export const DEFAULT_TIMEOUT_MS = 5000;
/** Media server TCP port probed when `media.tcpPort` is not given (Vonage's "TCP 443" minimum). */
export const DEFAULT_MEDIA_TCP_PORT = 443;

const CATEGORIES: readonly CheckCategory[] = ['api', 'messaging', 'turn', 'media', 'logging'];

interface Task {
  base: CheckBase;
  order: number;
  run(ctx: CheckContext): Promise<CheckReport>;
}

/**
 * Runs every check at once against `options` with `transport`, each under its own deadline, and
 * resolves with the report. Rejects only for bad options ({@link PreflightOptionError}); every
 * network failure is a check result.
 */
export async function runPreflightWith(options: PreflightOptions, transport: Transport): Promise<PreflightReport> {
  const opts = validate(options);
  const startedAt = new Date();
  const t0 = now();
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const wanted = new Set<CheckCategory>(opts.checks ?? CATEGORIES);
  const list = resolveList(opts.list);
  const judge = judgeWith(list);
  const secrets: Array<string | undefined> = [opts.credentials?.token, opts.turn?.username, opts.turn?.credential];
  let redact = redactor(secrets);
  const clean = (r: CheckReport): CheckReport => {
    const out: CheckReport = { ...r, target: redact(r.target), hint: redact(r.hint) };
    if (r.detail !== undefined) out.detail = redact(r.detail);
    return out;
  };
  const emit = (e: PreflightEvent): void => {
    if (!opts.onProgress) return;
    try {
      const ret: unknown = opts.onProgress(e);
      if (ret && typeof (ret as Promise<unknown>).then === 'function') (ret as Promise<unknown>).then(undefined, () => {});
    } catch {
      /* a progress listener never breaks the run */
    }
  };
  const reports: Array<{ order: number; report: CheckReport }> = [];
  let seq = 0;
  const order = (c: CheckCategory): number => CATEGORIES.indexOf(c) * 10_000 + seq++;

  const execute = async (task: Task, report = true): Promise<CheckReport> => {
    if (report) emit({ type: 'start', category: task.base.category, target: redact(task.base.target), transport: task.base.transport });
    const r = clean(await withDeadline(task, { transport, judge, timeoutMs }, timeoutMs, opts.signal));
    if (report) {
      reports.push({ order: task.order, report: r });
      emit({ type: 'end', check: r });
    }
    return r;
  };
  /** Records a verdict reached without running a probe (a skip, an abort, the session report). */
  const record = (r: CheckReport, at: number): void => {
    emit({ type: 'start', category: r.category, target: r.target, transport: r.transport });
    reports.push({ order: at, report: r });
    emit({ type: 'end', check: r });
  };
  const skip = (base: CheckBase, code: 'not-configured' | 'unsupported', detail?: string): void =>
    record(clean(skipReport(base, code, { timeoutMs }, detail)), order(base.category));

  const explicit: SessionTargets = {
    messagingUrl: opts.messagingUrl ?? null,
    turn: (opts.turn?.urls ?? []).map((url) => ({ url, ...creds(opts.turn) })),
    mediaHost: opts.media?.host ?? null,
  };
  type Dependent = 'messaging' | 'turn' | 'media';
  const DEPENDENTS: readonly Dependent[] = ['messaging', 'turn', 'media'];
  const isSet = (from: SessionTargets, c: Dependent): boolean =>
    c === 'messaging' ? from.messagingUrl !== null : c === 'turn' ? from.turn.length > 0 : from.mediaHost !== null;
  /** Starts the messaging/turn/media checks named in `cats` against `from`; unset ones are skipped. */
  const dependents = (from: SessionTargets, cats: readonly Dependent[], note?: string): Array<Promise<unknown>> => {
    const runs: Array<Promise<unknown>> = [];
    for (const c of cats) {
      if (c === 'messaging') {
        if (from.messagingUrl && !isWsUrl(from.messagingUrl)) runs.push(execute(badSessionTarget('messaging', 'wss', 'messaging_url', order('messaging'))));
        else if (from.messagingUrl) runs.push(execute(messagingTask(from.messagingUrl, order('messaging'))));
        else skip(messagingBase('(none)'), 'not-configured', note);
      } else if (c === 'turn') {
        if (from.turn.length > 0) for (const t of from.turn) runs.push(execute(turnTask(t, order('turn'))));
        else skip({ category: 'turn', target: '(none)', transport: 'udp', host: '(none)', port: 3478 }, 'not-configured', note);
      } else if (from.mediaHost) {
        const host = unbracket(from.mediaHost);
        runs.push(execute(mediaTask(host, opts.media?.tcpPort ?? DEFAULT_MEDIA_TCP_PORT, 'tcp', order('media'))));
        if (opts.media?.udpPort) runs.push(execute(mediaTask(host, opts.media.udpPort, 'udp', order('media'))));
        else {
          const udp: CheckBase = { category: 'media', target: `${host.includes(':') ? `[${host}]` : host} UDP`, transport: 'udp', host, port: 3478 };
          // Where raw UDP cannot be sent at all (the browser), that is the reason, not a missing port.
          if (!transport.media) skip(udp, 'unsupported', `the ${transport.kind} transport cannot probe raw UDP`);
          else skip(udp, 'not-configured', 'media UDP ports are negotiated per call (UDP 1025-65535); set media.udpPort to a port that answers STUN to probe one');
        }
      } else skip({ category: 'media', target: '(none)', transport: 'tcp', host: '(none)', port: DEFAULT_MEDIA_TCP_PORT }, 'not-configured', note);
    }
    return runs;
  };

  const apiUrl = opts.apiUrl ?? DEFAULT_API_URL;
  const wantedDependents = DEPENDENTS.filter((c) => wanted.has(c));
  const runs: Array<Promise<unknown>> = [];
  if (wanted.has('logging')) runs.push(execute(loggingTask(opts.loggingUrl ?? DEFAULT_LOGGING_URL, order('logging'))));
  const credentials = opts.credentials;
  if (!credentials) {
    if (wanted.has('api')) runs.push(execute(apiTask(apiUrl, order('api'))));
    runs.push(...dependents(explicit, wantedDependents));
  } else {
    // Credentials mode: what the caller set is probed at once; the rest waits for the session info.
    const later = wantedDependents.filter((c) => !isSet(explicit, c));
    runs.push(...dependents(explicit, wantedDependents.filter((c) => isSet(explicit, c))));
    if (wanted.has('api') || later.length > 0) {
      let session: SessionTargets | null = null;
      const sessionTask: Task = {
        base: {
          category: 'api',
          target: `${redactUrl(apiUrl).replace(/\/+$/, '')}/session/{sessionId}?extended=true`,
          transport: 'https',
          ...hostOf(apiUrl),
        },
        order: order('api'),
        run: async (ctx) => {
          const r = await checkSession({ apiUrl, sessionId: credentials.sessionId, token: credentials.token }, ctx);
          session = r.session;
          return r.report;
        },
      };
      runs.push(
        execute(sessionTask, wanted.has('api')).then(async (sessionReport) => {
          const s = session as SessionTargets | null;
          if (!s) {
            // The checks asked for could not run because of this failure: report it even when the
            // api check was not asked for, or the run would say ok with nothing probed.
            if (!wanted.has('api')) record(sessionReport, sessionTask.order);
            for (const c of later) {
              const base: CheckBase = { category: c, target: '(from the session info)', transport: c === 'messaging' ? 'wss' : c === 'turn' ? 'udp' : 'tcp', host: '(session info)', port: 443 };
              // Stopped by the caller before the session info came: aborted, as the other checks are.
              if (opts.signal?.aborted) record(clean(deadlineReport(base, 'aborted', { timeoutMs })), order(c));
              else skip(base, 'not-configured', 'needs the session info, which the api check could not read');
            }
            return;
          }
          secrets.push(...s.turn.flatMap((t) => [t.username, t.credential]));
          redact = redactor(secrets);
          await Promise.all(dependents(s, later, 'the session info names none'));
        }),
      );
    }
  }
  await Promise.all(runs);

  const checks = reports.sort((a, b) => a.order - b.order).map((r) => r.report);
  return {
    ok: checks.every((c) => c.status !== 'fail'),
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(now() - t0),
    checks,
  };
}

/** `[::1]` (an IPv6 literal written as in a URL) is the host `::1`; anything else is kept. */
function unbracket(host: string): string {
  const m = /^\[([0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)\]$/.exec(host.trim());
  return m ? m[1]! : host;
}

function creds(t: PreflightOptions['turn']): { username?: string; credential?: string } {
  return {
    ...(t?.username !== undefined ? { username: t.username } : {}),
    ...(t?.credential !== undefined ? { credential: t.credential } : {}),
  };
}

function hostOf(url: string): { host: string; port: number; plain?: boolean } {
  const u = new URL(url);
  const plain = u.protocol === 'http:' || u.protocol === 'ws:';
  return { host: urlHost(u), port: Number(u.port || (plain ? 80 : 443)), ...(plain ? { plain } : {}) };
}

function apiTask(url: string, order: number): Task {
  return { base: { category: 'api', target: redactUrl(url), transport: 'https', ...hostOf(url) }, order, run: (ctx) => checkApi({ url }, ctx) };
}

function messagingBase(url: string): CheckBase {
  return url === '(none)'
    ? { category: 'messaging', target: '(none)', transport: 'wss', host: '(none)', port: 443 }
    : { category: 'messaging', target: redactUrl(url), transport: 'wss', ...hostOf(url) };
}

function isWsUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'wss:' || u.protocol === 'ws:';
  } catch {
    return false;
  }
}

/** A target the session info names but in a form nothing can probe: a failed check, not a rejected run. */
function badSessionTarget(category: CheckCategory, transport: ProbeTransport, field: string, order: number): Task {
  const base: CheckBase = { category, target: '(from the session info)', transport, host: '(session info)', port: 443 };
  const err = new ProbeError('bad-response', `the session info's ${field} is not a ws:// or wss:// URL`);
  return { base, order, run: async (ctx) => failedReport(base, err, ctx) };
}

function messagingTask(url: string, order: number): Task {
  return { base: messagingBase(url), order, run: (ctx) => checkMessaging({ url }, ctx) };
}

function loggingTask(loggingUrl: string, order: number): Task {
  const url = `${loggingUrl.replace(/\/+$/, '')}/logging/ClientEvent`;
  return { base: { category: 'logging', target: redactUrl(url), transport: 'https', ...hostOf(url) }, order, run: (ctx) => checkLogging({ loggingUrl }, ctx) };
}

function turnTask(req: TurnProbeRequest, order: number): Task {
  const u = parseTurnUrl(req.url)!;
  const transport: ProbeTransport = u.secure ? 'tls' : u.transport;
  return { base: { category: 'turn', target: turnDisplay(u), transport, host: u.host, port: u.port }, order, run: (ctx) => checkTurn(req, ctx) };
}

function mediaTask(host: string, port: number, protocol: 'udp' | 'tcp', order: number): Task {
  return {
    base: { category: 'media', target: hostPort(host, port), transport: protocol, host, port },
    order,
    run: (ctx) => checkMedia({ host, port, protocol }, ctx),
  };
}

/**
 * Runs one check under its own signal, which aborts at the deadline or with the caller's signal. The
 * verdict is given on time even when a transport ignores the abort: the late result is dropped (and
 * its rejection swallowed), and the signal tells the transport to release what it holds.
 */
function withDeadline(task: Task, ctx: Omit<CheckContext, 'signal'>, timeoutMs: number, user?: AbortSignal): Promise<CheckReport> {
  const ac = new AbortController();
  return new Promise<CheckReport>((resolve) => {
    let settled = false;
    const finish = (r: CheckReport): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      user?.removeEventListener('abort', onAbort);
      if (!ac.signal.aborted) ac.abort(new Error('check finished'));
      resolve(r);
    };
    const onAbort = (): void => finish(deadlineReport(task.base, 'aborted', ctx));
    const timer = setTimeout(() => finish(deadlineReport(task.base, 'timeout', ctx)), timeoutMs);
    if (user?.aborted) return onAbort();
    user?.addEventListener('abort', onAbort, { once: true });
    let work: Promise<CheckReport>;
    try {
      work = task.run({ ...ctx, signal: ac.signal });
    } catch (err) {
      work = Promise.reject(err);
    }
    work.then(finish, (err: unknown) =>
      finish({
        ...deadlineReport(task.base, 'aborted', ctx),
        code: 'error',
        hint: `Unexpected failure in the ${task.base.category} check.`,
        detail: err instanceof Error ? err.message : String(err),
      }),
    );
  });
}

function resolveList(list: AllowlistLike | string): AllowlistLike {
  if (typeof list !== 'string') return list;
  return parseListText(list);
}

function now(): number {
  return globalThis.performance.now();
}

type Validated = PreflightOptions;

function validate(o: PreflightOptions): Validated {
  if (!o || typeof o !== 'object') throw new PreflightOptionError('options', 'expected an object');
  if (typeof o.list !== 'string' && (!o.list || typeof (o.list as AllowlistLike).check !== 'function')) {
    throw new PreflightOptionError('list', 'expected an AllowedIpList (anything with check(ip, { category })) or the list text');
  }
  if (o.apiUrl !== undefined) parseUrlOption('apiUrl', o.apiUrl, ['https:', 'http:']);
  if (o.loggingUrl !== undefined) parseUrlOption('loggingUrl', o.loggingUrl, ['https:', 'http:']);
  if (o.messagingUrl !== undefined) parseUrlOption('messagingUrl', o.messagingUrl, ['wss:', 'ws:']);
  if (o.turn !== undefined) {
    if (!o.turn || !Array.isArray(o.turn.urls)) throw new PreflightOptionError('turn.urls', 'expected an array of TURN URLs');
    o.turn.urls.forEach((u, i) => {
      if (typeof u !== 'string' || !parseTurnUrl(u)) {
        throw new PreflightOptionError(`turn.urls[${i}]`, `not a TURN URL (turn:host:3478?transport=udp, turns:host:443?transport=tcp): ${JSON.stringify(typeof u === 'string' ? redactUrl(u) : u)}`);
      }
    });
    for (const k of ['username', 'credential'] as const) {
      if (o.turn[k] !== undefined && typeof o.turn[k] !== 'string') throw new PreflightOptionError(`turn.${k}`, 'expected a string');
    }
    if ((o.turn.username === undefined) !== (o.turn.credential === undefined)) {
      throw new PreflightOptionError(o.turn.username === undefined ? 'turn.username' : 'turn.credential', 'give both turn.username and turn.credential, or neither');
    }
  }
  if (o.media !== undefined) {
    if (!o.media || typeof o.media !== 'object') throw new PreflightOptionError('media', 'expected { host, tcpPort?, udpPort? }');
    if (o.media.host === undefined ? !o.credentials : typeof o.media.host !== 'string' || o.media.host.trim() === '') {
      throw new PreflightOptionError('media.host', 'expected a host name or address (it may be left out only in credentials mode, where the session info names it)');
    }
    // `host:3478` or `[::1]:443`: a port written into the host would be looked up as part of the name.
    if (typeof o.media.host === 'string' && /^(\[[^\]]*\]|[^:[\]]+):\d+$/.test(o.media.host.trim())) {
      throw new PreflightOptionError('media.host', `${JSON.stringify(o.media.host)} carries a port: give the host alone, and the ports as media.tcpPort / media.udpPort (--media-tcp-port, --media-udp-port)`);
    }
    for (const k of ['udpPort', 'tcpPort'] as const) {
      const p = o.media[k];
      if (p !== undefined && !(Number.isInteger(p) && p >= 1 && p <= 65535)) throw new PreflightOptionError(`media.${k}`, `expected a port 1-65535, got ${String(p)}`);
    }
  }
  if (o.credentials !== undefined) {
    for (const k of ['apiKey', 'sessionId', 'token'] as const) {
      const v = o.credentials?.[k];
      if (typeof v !== 'string' || v.trim() === '') throw new PreflightOptionError(`credentials.${k}`, 'expected a non-empty string');
    }
    // A token read from a CRLF file keeps its '\r': as a header value it would fail the api check as an
    // unexpected error (ERR_INVALID_CHAR) instead of saying what is wrong.
    if (/[\x00-\x1f\x7f]/.test(o.credentials.token)) {
      throw new PreflightOptionError('credentials.token', 'contains a control character (a line break copied with it?)');
    }
  }
  if (o.timeoutMs !== undefined && !(typeof o.timeoutMs === 'number' && Number.isFinite(o.timeoutMs) && o.timeoutMs > 0 && o.timeoutMs <= 600_000)) {
    throw new PreflightOptionError('timeoutMs', `expected milliseconds in (0, 600000], got ${String(o.timeoutMs)}`);
  }
  if (o.checks !== undefined) {
    if (!Array.isArray(o.checks)) throw new PreflightOptionError('checks', `expected an array of ${CATEGORIES.join(', ')}`);
    // No category: the report would say ok with nothing checked.
    if (o.checks.length === 0) throw new PreflightOptionError('checks', `expected at least one of ${CATEGORIES.join(', ')} (leave checks out for all)`);
    o.checks.forEach((c, i) => {
      if (!CATEGORIES.includes(c)) throw new PreflightOptionError(`checks[${i}]`, `expected one of ${CATEGORIES.join(', ')}, got ${JSON.stringify(c)}`);
    });
  }
  if (o.signal !== undefined && (typeof o.signal !== 'object' || typeof o.signal?.addEventListener !== 'function')) {
    throw new PreflightOptionError('signal', 'expected an AbortSignal');
  }
  if (o.onProgress !== undefined && typeof o.onProgress !== 'function') throw new PreflightOptionError('onProgress', 'expected a function');
  return o;
}
