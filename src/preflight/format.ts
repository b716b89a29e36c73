import { formatQuality } from './format-quality.js';
import { closingSentence, verdictOf, type SummaryOptions } from './summary.js';
import type { CheckReport, CheckStatus, PreflightEvent, PreflightReport } from './types.js';

/** Options of {@link formatReport}. */
export interface FormatOptions {
  /** ANSI colours for pass/fail/skip. Default false (the CLI turns it on for a TTY without NO_COLOR). */
  color?: boolean;
  /** Include the detail line under each check that did not pass (passes show none). Default true. */
  detail?: boolean;
  /** How the closing sentence names an option (`media.udpPort` → `--media-udp-port`). Default: as is. */
  optionName?: SummaryOptions['optionName'];
}

/** The ANSI colour of each status: green, red, yellow. */
const COLOR: Record<CheckStatus, number> = { pass: 32, fail: 31, skip: 33 };

/** `PASS`, `FAIL`, `SKIP`, coloured when asked. */
function mark(status: CheckStatus, color: boolean, text = status.toUpperCase()): string {
  return color ? `\x1b[${COLOR[status]}m${text}\x1b[0m` : text;
}

function addresses(check: CheckReport): string {
  const each = check.addresses.map(
    (address) => `${address.ip} ${address.allowed ? `in ${address.block ?? 'list'}` : 'OUTSIDE list'}`,
  );
  return each.join(', ') || '-';
}

function latency(check: CheckReport): string {
  return check.latencyMs === null ? '-' : `${Math.round(check.latencyMs)} ms`;
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
    ...checks.map((check) => [
      check.status.toUpperCase(),
      check.category,
      check.transport.toUpperCase(),
      check.target,
      latency(check),
      addresses(check),
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  // Every column padded but the last; only a check row's mark coloured (marks are all as wide).
  const out = rows.map((row, rowIndex) =>
    row
      .map((cell, column) =>
        column === 0 && rowIndex > 0
          ? mark(checks[rowIndex - 1]!.status, color)
          : column < 5
            ? cell.padEnd(widths[column]!)
            : cell,
      )
      .join('  ')
      .trimEnd(),
  );
  out.push(...formatQuality(report));
  const failing = checks.filter((check) => check.status !== 'pass');
  if (failing.length > 0) out.push('');
  for (const check of failing) {
    out.push(`${mark(check.status, color)} ${check.category} ${check.target} [${check.code}]`, `  ${check.hint}`);
    if ((options.detail ?? true) && check.detail) out.push(`  (${check.detail})`);
  }
  const counts = (['pass', 'fail', 'skip'] as const)
    .map((status) => `${checks.filter((check) => check.status === status).length} ${status}`)
    .join(', ');
  // Nothing failed but a check did not run: INCOMPLETE (yellow), not OK.
  const verdict = report.verdict ?? verdictOf(checks);
  const word = !ok ? 'NOT OK' : verdict === 'incomplete' ? 'INCOMPLETE' : 'OK';
  out.push(
    '',
    `${mark(!ok ? 'fail' : verdict === 'incomplete' ? 'skip' : 'pass', color, word)}: ${counts} in ${report.durationMs} ms${ok ? '' : ' (fix the failures above; each hint says what to open)'}`,
  );
  // The closing sentence: what was proven, what was not tested and what would test it.
  out.push(closingSentence({ checks, verdict }, options.optionName ? { optionName: options.optionName } : {}));
  return out.join('\n') + '\n';
}

/** One progress line for a start or end event (the CLI's live output). */
export function formatEvent(event: PreflightEvent, options: FormatOptions = {}): string {
  if (event.type === 'start') return `  ... ${event.category} ${event.transport.toUpperCase()} ${event.target}\n`;
  const check = event.check;
  const outcome = check.code === 'ok' ? latency(check) : `[${check.code}]`;
  return `  ${mark(check.status, options.color ?? false)} ${check.category} ${check.transport.toUpperCase()} ${check.target} ${outcome}\n`;
}
