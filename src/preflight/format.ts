import { formatQuality } from './format-quality.js';
import type { CheckReport, CheckStatus, PreflightEvent, PreflightReport } from './types.js';

/** Options of {@link formatReport}. */
export interface FormatOptions {
  /** ANSI colours for pass/fail/skip. Default false (the CLI turns it on for a TTY without NO_COLOR). */
  color?: boolean;
  /** Include the detail line under each check that did not pass (passes show none). Default true. */
  detail?: boolean;
}

/** The ANSI colour of each status: green, red, yellow. */
const COLOR: Record<CheckStatus, number> = { pass: 32, fail: 31, skip: 33 };

/** `PASS`, `FAIL`, `SKIP`, coloured when asked. */
function mark(status: CheckStatus, color: boolean, text = status.toUpperCase()): string {
  return color ? `\x1b[${COLOR[status]}m${text}\x1b[0m` : text;
}

function addresses(c: CheckReport): string {
  return c.addresses.map((a) => `${a.ip} ${a.allowed ? `in ${a.block ?? 'list'}` : 'OUTSIDE list'}`).join(', ') || '-';
}

function latency(c: CheckReport): string {
  return c.latencyMs === null ? '-' : `${Math.round(c.latencyMs)} ms`;
}

/**
 * The report as a table a person reads: one row per check (status, category, transport, target,
 * latency, addresses), then each non-passing check's hint, then the verdict. Pure: the CLI and the
 * browser page share the wording.
 */
export function formatReport(report: PreflightReport, options: FormatOptions = {}): string {
  const color = options.color ?? false;
  const { checks, ok } = report;
  const rows = [
    ['', 'CHECK', 'VIA', 'TARGET', 'LATENCY', 'ADDRESS'],
    ...checks.map((c) => [
      c.status.toUpperCase(),
      c.category,
      c.transport.toUpperCase(),
      c.target,
      latency(c),
      addresses(c),
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  // Every column padded but the last; only a check row's mark coloured (marks are all as wide).
  const out = rows.map((r, n) =>
    r
      .map((cell, i) =>
        i === 0 && n > 0 ? mark(checks[n - 1]!.status, color) : i < 5 ? cell.padEnd(widths[i]!) : cell,
      )
      .join('  ')
      .trimEnd(),
  );
  out.push(...formatQuality(report));
  const failing = checks.filter((c) => c.status !== 'pass');
  if (failing.length > 0) out.push('');
  for (const c of failing) {
    out.push(`${mark(c.status, color)} ${c.category} ${c.target} [${c.code}]`, `  ${c.hint}`);
    if ((options.detail ?? true) && c.detail) out.push(`  (${c.detail})`);
  }
  const counts = (['pass', 'fail', 'skip'] as const)
    .map((s) => `${checks.filter((c) => c.status === s).length} ${s}`)
    .join(', ');
  out.push(
    '',
    `${mark(ok ? 'pass' : 'fail', color, ok ? 'OK' : 'NOT OK')}: ${counts} in ${report.durationMs} ms${ok ? '' : ' (fix the failures above; each hint says what to open)'}`,
  );
  return out.join('\n') + '\n';
}

/** One progress line for a start or end event (the CLI's live output). */
export function formatEvent(event: PreflightEvent, options: FormatOptions = {}): string {
  if (event.type === 'start') return `  ... ${event.category} ${event.transport.toUpperCase()} ${event.target}\n`;
  const c = event.check;
  return `  ${mark(c.status, options.color ?? false)} ${c.category} ${c.transport.toUpperCase()} ${c.target} ${c.code === 'ok' ? latency(c) : `[${c.code}]`}\n`;
}
