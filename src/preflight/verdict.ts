import { ProbeError } from './probe-error.js';
import { hintFor, type HintTarget } from './hints.js';
import type { AllowlistLike } from '../allowlist/types.js';
import {
  LIST_CATEGORY,
  type AddressVerdict,
  type CheckCategory,
  type CheckContext,
  type CheckReport,
  type ProbeResult,
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

function hintTarget(base: CheckBase, ctx: Pick<CheckContext, 'timeoutMs'>, extra: Partial<HintTarget> = {}): HintTarget {
  return {
    category: base.category,
    transport: base.transport,
    host: base.host,
    port: base.port,
    timeoutMs: ctx.timeoutMs,
    ...(base.plain ? { plain: true } : {}),
    ...extra,
  };
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
  const outside = addresses.find((a) => !a.allowed);
  const code: ReasonCode = outside ? 'outside-allowlist' : (opts.failCode ?? 'ok');
  const said = opts.detail ?? result.detail;
  // The transport may already have said that the address is hidden; say it once.
  const hidden = result.remoteAddress === null && !said?.includes('reachability only') ? 'this platform hides the remote address: reachability only' : undefined;
  const detail = [said, hidden].filter(Boolean).join('; ');
  return {
    category: base.category,
    target: base.target,
    transport: base.transport,
    status: code === 'ok' ? 'pass' : 'fail',
    code,
    latencyMs: round(opts.latencyMs ?? result.timings.firstByteMs ?? result.timings.totalMs),
    addresses,
    hint: hintFor(code, hintTarget(base, ctx, { ip: outside?.ip ?? addresses[0]?.ip, block: outside?.block ?? null, detail })),
    ...(detail ? { detail } : {}),
    timings: roundTimings(result.timings),
  };
}

/** The report for a probe that threw: the code chosen where the failure was detected. */
export function failedReport(base: CheckBase, err: unknown, ctx: Pick<CheckContext, 'judge' | 'timeoutMs'>): CheckReport {
  const pe = err instanceof ProbeError ? err : null;
  const code: ReasonCode = pe ? pe.code : 'error';
  const detail = err instanceof Error ? err.message : String(err);
  const addresses: AddressVerdict[] = pe ? ctx.judge(pe.remoteAddress, base.category) : [];
  return {
    category: base.category,
    target: base.target,
    transport: base.transport,
    status: code === 'unsupported' || code === 'not-configured' ? 'skip' : 'fail',
    code,
    // An answer that came but was wrong (TURN 401, an HTTP answer to a WebSocket upgrade) still
    // proves the path: its time is the latency. Nothing answered: null.
    latencyMs: pe?.timings?.firstByteMs === undefined ? null : round(pe.timings.firstByteMs),
    addresses,
    hint: hintFor(code, hintTarget(base, ctx, { ip: addresses[0]?.ip, detail })),
    ...(detail ? { detail } : {}),
    ...(pe?.timings ? { timings: roundTimings(pe.timings) } : {}),
  };
}

/** A check that did not run (not configured, not possible here). */
export function skipReport(
  base: CheckBase,
  code: 'not-configured' | 'unsupported',
  ctx: Pick<CheckContext, 'timeoutMs'>,
  detail?: string,
): CheckReport {
  return {
    category: base.category,
    target: base.target,
    transport: base.transport,
    status: 'skip',
    code,
    latencyMs: null,
    addresses: [],
    hint: hintFor(code, hintTarget(base, ctx)),
    ...(detail ? { detail } : {}),
  };
}

/** The runner's own verdicts: the deadline passed, or the run was aborted. */
export function deadlineReport(base: CheckBase, code: 'timeout' | 'aborted', ctx: Pick<CheckContext, 'timeoutMs'>): CheckReport {
  return {
    category: base.category,
    target: base.target,
    transport: base.transport,
    status: 'fail',
    code,
    latencyMs: null,
    addresses: [],
    hint: hintFor(code, hintTarget(base, ctx)),
    detail: code === 'timeout' ? `no verdict within ${ctx.timeoutMs} ms` : 'aborted by the caller',
  };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

function roundTimings<T extends object>(t: T): T {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(t)) if (typeof v === 'number') out[k] = round(v);
  return out as T;
}

/**
 * `HTTP 204` for a report's detail; undefined for status 0 (a browser's opaque no-cors answer, whose
 * status nobody can read), so the transport's own detail says that instead.
 */
export function httpDetail(r: { status: number }): string | undefined {
  return r.status === 0 ? undefined : `HTTP ${r.status}`;
}
