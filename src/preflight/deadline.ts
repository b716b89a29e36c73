import { settleOnce } from './settle.js';
import { deadlineReport, failedReport } from './verdict.js';
import type { CheckBase } from './verdict.js';
import type { CheckContext, CheckReport } from './types.js';

/** A probe as the runner runs it: the report of a target reached, or a throw when it failed. */
export type RunProbe = (ctx: CheckContext) => Promise<CheckReport>;

/**
 * Runs one probe under its own signal, which aborts at the deadline or with the caller's signal. The
 * verdict is given on time even when a transport ignores the abort: the late result is dropped (and
 * its rejection swallowed), and the signal tells the transport to release what it holds. A probe that
 * throws (a {@link ProbeError}, or anything else: `error`) is a failed check.
 */
export function withDeadline(
  base: CheckBase,
  run: RunProbe,
  ctx: Omit<CheckContext, 'signal'>,
  caller?: AbortSignal,
): Promise<CheckReport> {
  const controller = new AbortController();
  return settleOnce<CheckReport>(
    caller,
    () => deadlineReport(base, 'aborted', ctx),
    (settle) => {
      const timer = setTimeout(() => settle(deadlineReport(base, 'timeout', ctx)), ctx.timeoutMs);
      new Promise<CheckReport>((resolve) => resolve(run({ ...ctx, signal: controller.signal }))).then(
        settle,
        (err: unknown) => settle(failedReport(base, err, ctx)),
      );
      return () => {
        clearTimeout(timer);
        controller.abort();
      };
    },
  );
}
