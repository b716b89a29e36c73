import { ProbeError } from './probe-error.js';
import { hintFor } from './hints.js';
import type { AllowlistLike } from '../allowlist/types.js';
import {
  LIST_CATEGORY,
  type AddressVerdict,
  type CheckCategory,
  type CheckContext,
  type CheckReport,
  type ProbeResult,
  type ProbeTimings,
  type ProbeTransport,
  type ReasonCode,
} from './types.js';

/** IPv4-mapped IPv6 (`::ffff:127.0.0.1`, as dual-stack sockets report it) becomes plain IPv4. */
export function plainIp(ip: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return m ? m[1]! : ip;
}

/** Judges one address against the list block of the check's category. */
export function judgeWith(list: AllowlistLike): CheckContext['judge'] {
  return (ip, category) => {
    if (!ip) return [];
    const addr = plainIp(ip);
    try {
      const r = list.check(addr, { category: LIST_CATEGORY[category] });
      return [{ ip: addr, allowed: r.allowed, block: r.block }];
    } catch {
      return [{ ip: addr, allowed: false, block: null }];
    }
  };
}

/** What every check knows about itself before it runs. */
export interface CheckBase {
  category: CheckCategory;
  target: string;
  transport: ProbeTransport;
  host: string;
  port: number;
  /** An `http:` or `ws:` target (no TLS), for the hint's protocol name. */
  plain?: boolean;
}

/**
 * One check's probe, run by the runner under the check's deadline: it resolves with the report of a
 * target it reached (or a skip), and throws when the probe fails (the runner's {@link failedReport}).
 */
export type Run = (ctx: CheckContext, base: CheckBase) => Promise<CheckReport>;

/**
 * Every report is built here: the status follows from the code (`ok` passes, `unsupported` and
 * `not-configured` skip, every other code fails) and the hint from the code and the target.
 */
export function verdict(
  base: CheckBase,
  code: ReasonCode,
  ctx: Pick<CheckContext, 'timeoutMs'>,
  detail?: string,
  addresses: AddressVerdict[] = [],
  latencyMs: number | null = null,
  timings?: ProbeTimings,
  phase?: ProbeError['phase'],
): CheckReport {
  const r: CheckReport = {
    category: base.category,
    target: base.target,
    transport: base.transport,
    status: code === 'ok' ? 'pass' : code === 'unsupported' || code === 'not-configured' ? 'skip' : 'fail',
    code,
    latencyMs,
    addresses,
    // The address the hint names: the one outside the list, else the one reached (none: hidden).
    hint: hintFor(code, {
      ...base,
      timeoutMs: ctx.timeoutMs,
      ip: (addresses.find((a) => !a.allowed) ?? addresses[0])?.ip,
      detail,
      phase,
    }),
  };
  if (detail) r.detail = detail;
  if (timings) {
    const t: Record<string, number> = {};
    for (const [k, v] of Object.entries(timings)) if (typeof v === 'number') t[k] = round(v);
    r.timings = t as unknown as ProbeTimings;
  }
  return r;
}

/**
 * The report for a probe that reached its target: `pass` when every address is inside the list,
 * else `fail` with `outside-allowlist`; `failCode` turns a reached-but-wrong answer (HTTP status,
 * TURN 401) into a failure while still judging the address.
 */
export function reachedReport(
  base: CheckBase,
  result: ProbeResult,
  ctx: Pick<CheckContext, 'judge' | 'timeoutMs'>,
  opts: { latencyMs?: number; failCode?: ReasonCode; detail?: string } = {},
): CheckReport {
  const addresses = ctx.judge(result.remoteAddress, base.category);
  const said = opts.detail ?? result.detail;
  // The transport may already have said that the address is hidden; say it once.
  const hidden =
    result.remoteAddress === null && !said?.includes('reachability only')
      ? 'this platform hides the remote address: reachability only'
      : undefined;
  return verdict(
    base,
    addresses.some((a) => !a.allowed) ? 'outside-allowlist' : (opts.failCode ?? 'ok'),
    ctx,
    [said, hidden].filter(Boolean).join('; '),
    addresses,
    round(opts.latencyMs ?? result.timings.firstByteMs ?? result.timings.totalMs),
    result.timings,
  );
}

/** The report for a probe that threw: the code chosen where the failure was detected. */
export function failedReport(
  base: CheckBase,
  err: unknown,
  ctx: Pick<CheckContext, 'judge' | 'timeoutMs'>,
): CheckReport {
  const pe = err instanceof ProbeError ? err : null;
  const t = pe?.timings;
  return verdict(
    base,
    pe ? pe.code : 'error',
    ctx,
    err instanceof Error ? err.message : String(err),
    pe ? ctx.judge(pe.remoteAddress, base.category) : [],
    // An answer that came but was wrong (TURN 401, an HTTP answer to a WebSocket upgrade) still
    // proves the path: its time is the latency. Nothing answered: null.
    t?.firstByteMs === undefined ? null : round(t.firstByteMs),
    t,
    pe?.phase,
  );
}

/** The runner's own verdicts: the deadline passed, or the run was aborted. */
export function deadlineReport(
  base: CheckBase,
  code: 'timeout' | 'aborted',
  ctx: Pick<CheckContext, 'timeoutMs'>,
): CheckReport {
  return verdict(
    base,
    code,
    ctx,
    code === 'timeout' ? `no verdict within ${ctx.timeoutMs} ms` : 'aborted by the caller',
  );
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

/**
 * `HTTP 204` for a report's detail; undefined for status 0 (a browser's opaque no-cors answer, whose
 * status nobody can read), so the transport's own detail says that instead.
 */
export function httpDetail(r: { status: number }): string | undefined {
  return r.status === 0 ? undefined : `HTTP ${r.status}`;
}
