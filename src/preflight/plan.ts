import { DEFAULT_API_URL } from './checks/api.js';
import { baseOf, type AnyCheck } from './checks/check.js';
import type { RunProbe } from './deadline.js';
import { readSession, sessionBase } from './session.js';
import type { SessionTargets } from './session-info.js';
import { deadlineReport, verdict, type CheckBase } from './verdict.js';
import type { CheckReport, PreflightOptions, Transport } from './types.js';

/** One report row to show: a probe to run under its deadline, or a report reached without one. */
export type Row = { base: CheckBase; hidden?: boolean } & ({ run: RunProbe } | { report: CheckReport });

/** What planning needs: the options, the checks asked for, and the runner's way to show a row. */
export interface Plan {
  options: PreflightOptions;
  transport: Transport;
  timeoutMs: number;
  /** The checks asked for, in report order. */
  checks: readonly AnyCheck[];
  /** The check whose row is the session-info request in credentials mode (the registry's `readsSession`). */
  sessionCheck: AnyCheck | undefined;
  show(row: Row): Promise<CheckReport>;
  /** Secrets learned on the way (the session's TURN credentials), to redact from then on. */
  addSecrets(secrets: Array<string | undefined>): void;
}

/**
 * Starts every row at once. Without credentials each check probes the targets the options name (none:
 * a skip). In credentials mode the session-info request is the session check's row, and the checks
 * that can wait for it and have no target of their own start when it is read.
 */
export function startAll(plan: Plan): Array<Promise<unknown>> {
  const { options, checks, sessionCheck } = plan;
  const credentials = sessionCheck && options.credentials;
  const later: AnyCheck[] = [];
  const runs: Array<Promise<unknown>> = [];
  for (const check of checks) {
    if (credentials && check === sessionCheck) continue;
    const targets = check.targets(options);
    if (credentials && check.fromSession && targets.length === 0) later.push(check);
    else runs.push(...rowsOf(plan, check, targets));
  }
  const shown = checks.includes(sessionCheck!);
  if (credentials && (shown || later.length > 0)) runs.push(afterSession(plan, later, shown));
  return runs;
}

/** A check's rows for its targets; no target: a `not-configured` skip saying why (`note`). */
function rowsOf(plan: Plan, check: AnyCheck, targets: unknown[], note?: string): Array<Promise<CheckReport>> {
  const ctx = { timeoutMs: plan.timeoutMs };
  if (targets.length === 0) {
    const base = unknownBase(check, '(none)', '(none)');
    return [plan.show({ base, report: verdict({ base, code: 'not-configured', ctx, detail: note }) })];
  }
  return targets.flatMap((target) =>
    check.plan(target, plan).map((planned) => {
      const base = planned.base;
      if ('skip' in planned)
        return plan.show({ base, report: verdict({ base, code: planned.skip, ctx, detail: planned.detail }) });
      return plan.show({ base, run: (runCtx) => check.run(planned.request, runCtx, base) });
    }),
  );
}

/** A row whose target is not known: named `(none)`, or `(from the session info)` before it is read. */
function unknownBase(check: AnyCheck, target: string, host: string): CheckBase {
  return baseOf(check, { target, transport: check.via, host, port: 443 });
}

/** Reads the session info, then starts the `later` checks on what it names. */
async function afterSession(plan: Plan, later: AnyCheck[], shown: boolean): Promise<void> {
  const { options } = plan;
  const apiUrl = options.apiUrl ?? DEFAULT_API_URL;
  const credentials = options.credentials!;
  const base = sessionBase(apiUrl);
  let found: SessionTargets | undefined;
  const report = await plan.show({
    base,
    hidden: !shown,
    run: (ctx) => readSession({ apiUrl, credentials }, ctx, base, (targets) => (found = targets)),
  });
  const session = found as SessionTargets | undefined;
  if (!session) {
    // The checks asked for could not run because of this failure: report it even when the session
    // check was not asked for, or the run would say ok with nothing probed.
    if (!shown) void plan.show({ base, report });
    const ctx = { timeoutMs: plan.timeoutMs };
    for (const check of later) {
      const waiting = unknownBase(check, '(from the session info)', '(session info)');
      // Stopped by the caller before the session info came: aborted, as the other checks are.
      const detail = 'needs the session info, which the api check could not read';
      void plan.show({
        base: waiting,
        report: options.signal?.aborted
          ? deadlineReport(waiting, 'aborted', ctx)
          : verdict({ base: waiting, code: 'not-configured', ctx, detail }),
      });
    }
    return;
  }
  plan.addSecrets(session.turn.flatMap((server) => [server.username, server.credential]));
  await Promise.all(
    later.flatMap((check) => rowsOf(plan, check, check.fromSession!(session), 'the session info names none')),
  );
}
