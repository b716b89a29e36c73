import { CHECKS, type AnyCheck } from './checks/index.js';
import { withDeadline } from './deadline.js';
import { parseListText } from './list.js';
import { recommendFromRows } from './quality/settings.js';
import { validateOptions } from './options.js';
import { startAll, type Row } from './plan.js';
import { redactor } from './redact.js';
import { verdictOf } from './summary.js';
import { judgeWith } from './verdict.js';
import type { CheckReport, PreflightEvent, PreflightOptions, PreflightReport, Transport } from './types.js';

export { DEFAULT_API_URL } from './checks/api.js';
export { DEFAULT_LOGGING_URL } from './checks/logging.js';
export { DEFAULT_MEDIA_TCP_PORT } from './checks/media.js';

/** Per-check deadline when `timeoutMs` is not given. */
export const DEFAULT_TIMEOUT_MS = 5000;

/**
 * Runs every check at once against `options` with `transport`, each under its own deadline, and
 * resolves with the report. Rejects only for bad options ({@link PreflightOptionError}); every
 * network failure is a check result.
 */
export function runPreflightWith(options: PreflightOptions, transport: Transport): Promise<PreflightReport> {
  return runChecks(options, transport, CHECKS);
}

/**
 * {@link runPreflightWith} over the given checks (the registry by default; a test adds one). Plans
 * each check's rows, runs them in parallel under their deadlines, judges the addresses reached
 * against the list, redacts every secret from what it emits, and sorts the rows in `checks` order.
 */
export async function runChecks(
  options: PreflightOptions,
  transport: Transport,
  checks: readonly AnyCheck[],
): Promise<PreflightReport> {
  const names = checks.map((check) => check.name);
  validateOptions(options, names);
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const list = typeof options.list === 'string' ? parseListText(options.list) : options.list;
  const blockOf = new Map(checks.map((check) => [check.name, check.block]));
  const ctx = { transport, timeoutMs, judge: judgeWith(list, (name) => blockOf.get(name)!) };
  const secrets = [options.credentials?.token, options.turn?.username, options.turn?.credential];
  let redact = redactor(secrets);
  const rows: Array<[number, CheckReport]> = [];
  let shownSoFar = 0;

  const emit = (event: PreflightEvent): void => {
    try {
      // A progress listener never breaks the run, nor does its rejected promise.
      (options.onProgress?.(event) as unknown as Promise<unknown> | undefined)?.then?.(undefined, () => {});
    } catch {
      /* ignored */
    }
  };
  /** Runs a row (or takes its ready report), redacts it, and (unless hidden) reports and emits it. */
  const show = async (row: Row): Promise<CheckReport> => {
    // The route (proxy or direct) is the transport's to say, before the probe: the hint names it.
    const route = 'report' in row ? undefined : transport.route?.(row.base);
    // Set on the row's own base, which its probe closure reports with.
    const base = Object.assign(row.base, { via: route?.via ?? 'direct' }, route?.proxy ? { proxy: route.proxy } : {});
    const order = names.indexOf(base.category) * 10_000 + shownSoFar++;
    if (!row.hidden)
      emit({ type: 'start', category: base.category, target: redact(base.target), transport: base.transport });
    const rowCtx = base.extraMs ? { ...ctx, timeoutMs: ctx.timeoutMs + base.extraMs } : ctx;
    const raw = 'report' in row ? row.report : await withDeadline(base, row.run, rowCtx, options.signal);
    const report: CheckReport = { ...raw, target: redact(raw.target), hint: redact(raw.hint) };
    if (raw.detail !== undefined) report.detail = redact(raw.detail);
    if (!row.hidden) {
      rows.push([order, report]);
      emit({ type: 'end', check: report });
    }
    return report;
  };

  await Promise.all(
    startAll({
      options,
      transport,
      timeoutMs,
      checks: checks.filter((check) => options.checks?.includes(check.name) ?? true),
      sessionCheck: checks.find((check) => check.readsSession),
      show,
      addSecrets: (learned) => {
        secrets.push(...learned);
        redact = redactor(secrets);
      },
    }),
  );
  const reports = rows.sort((a, b) => a[0] - b[0]).map((row) => row[1]);
  const recommendation = options.quality
    ? recommendFromRows(reports.filter((report) => report.category === 'turn'))
    : undefined;
  return {
    verdict: verdictOf(reports, options.allowSkip),
    ok: reports.every((report) => report.status !== 'fail'),
    startedAt,
    durationMs: Math.round(performance.now() - started),
    checks: reports,
    ...(recommendation ? { recommendation } : {}),
  };
}
