import { ProbeError } from './probe-error.js';
import { hintFor } from './hints.js';
import type { AllowlistLike, Category } from '../allowlist/types.js';
import type { CheckWords } from './checks/check.js';
import {
  type AddressVerdict,
  type CheckName,
  type CheckContext,
  type CheckReport,
  type ProbeResult,
  type ProbeTimings,
  type ProbeTransport,
  type Transport,
  type ReasonCode,
  type Route,
} from './types.js';

/** IPv4-mapped IPv6 (`::ffff:127.0.0.1`, as dual-stack sockets report it) becomes plain IPv4. */
export function plainIp(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return mapped ? mapped[1]! : ip;
}

/** Judges one address against the list block of the check named `name` (`blockOf` says which). */
export function judgeWith(list: AllowlistLike, blockOf: (name: CheckName) => Category): CheckContext['judge'] {
  return (ip, name) => {
    if (!ip) return [];
    const addr = plainIp(ip);
    try {
      const found = list.check(addr, { category: blockOf(name) });
      return [{ ip: addr, allowed: found.allowed, block: found.block }];
    } catch {
      return [{ ip: addr, allowed: false, block: null }];
    }
  };
}

/** What every check knows about itself before it runs. */
export interface CheckBase {
  category: CheckName;
  /** How hints name the check (its list block, what to configure). */
  words: CheckWords;
  target: string;
  transport: ProbeTransport;
  host: string;
  port: number;
  /** An `http:` or `ws:` target (no TLS), for the hint's protocol name. */
  plain?: boolean;
  /** Time the row needs beyond the per-check deadline, ms (a TURN row's quality stream). */
  extraMs?: number;
  /** How the probe goes (set by the runner from the transport's route): the report's `via`, and the hint's words. */
  via?: Route['via'];
  /** The proxy, without credentials, when `via` is `proxy`. */
  proxy?: string;
}

/** What {@link verdict} takes: the check, its code, and what the probe learned. */
export interface VerdictInput {
  base: CheckBase;
  code: ReasonCode;
  /** With the transport, its own words for the codes only it produces (`Transport.hint`). */
  ctx: Pick<CheckContext, 'timeoutMs'> & { transport?: Pick<Transport, 'hint'> };
  detail?: string;
  addresses?: AddressVerdict[];
  latencyMs?: number | null;
  timings?: ProbeTimings;
  /** Where the probe failed, for the hint's wording. */
  phase?: ProbeError['phase'];
}

/**
 * Every report is built here: the status follows from the code (`ok` passes, `unsupported` and
 * `not-configured` skip, every other code fails) and the hint from the code and the target.
 */
export function verdict({
  base,
  code,
  ctx,
  detail,
  addresses = [],
  latencyMs = null,
  timings,
  phase,
}: VerdictInput): CheckReport {
  const report: CheckReport = {
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
      ip: (addresses.find((address) => !address.allowed) ?? addresses[0])?.ip,
      detail,
      phase,
      own: ctx.transport,
    }),
  };
  if (detail) report.detail = detail;
  // A check that ran says how it went; a skip went nowhere.
  if (base.via && report.status !== 'skip') report.via = base.via;
  if (timings) {
    const rounded: Record<string, number> = {};
    for (const [phaseName, ms] of Object.entries(timings)) if (typeof ms === 'number') rounded[phaseName] = round(ms);
    report.timings = rounded as unknown as ProbeTimings;
  }
  return report;
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
  return verdict({
    base,
    code: addresses.some((address) => !address.allowed) ? 'outside-allowlist' : (opts.failCode ?? 'ok'),
    ctx,
    detail: [said, hidden].filter(Boolean).join('; '),
    addresses,
    latencyMs: round(opts.latencyMs ?? result.timings.firstByteMs ?? result.timings.totalMs),
    timings: result.timings,
  });
}

/** The report for a probe that threw: the code chosen where the failure was detected. */
export function failedReport(
  base: CheckBase,
  err: unknown,
  ctx: Pick<CheckContext, 'judge' | 'timeoutMs'>,
): CheckReport {
  const probeError = err instanceof ProbeError ? err : null;
  const timings = probeError?.timings;
  return verdict({
    base,
    code: probeError ? probeError.code : 'error',
    ctx,
    detail: err instanceof Error ? err.message : String(err),
    addresses: probeError ? ctx.judge(probeError.remoteAddress, base.category) : [],
    // An answer that came but was wrong (TURN 401, an HTTP answer to a WebSocket upgrade) still
    // proves the path: its time is the latency. Nothing answered: null.
    latencyMs: timings?.firstByteMs === undefined ? null : round(timings.firstByteMs),
    timings,
    phase: probeError?.phase,
  });
}

/** The runner's own verdicts: the deadline passed, or the run was aborted. */
export function deadlineReport(
  base: CheckBase,
  code: 'timeout' | 'aborted',
  ctx: Pick<CheckContext, 'timeoutMs'>,
): CheckReport {
  const detail = code === 'timeout' ? `no verdict within ${ctx.timeoutMs} ms` : 'aborted by the caller';
  return verdict({ base, code, ctx, detail });
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

/**
 * `HTTP 204` for a report's detail; undefined for status 0 (a browser's opaque no-cors answer, whose
 * status nobody can read), so the transport's own detail says that instead.
 */
export function httpDetail(answer: { status: number }): string | undefined {
  return answer.status === 0 ? undefined : `HTTP ${answer.status}`;
}
