import type { CheckReport, CheckStatus, PreflightEvent, PreflightReport } from './types.js';

/** Options of {@link formatReport}. */
export interface FormatOptions {
  /** ANSI colours for pass/fail/skip. Default false (the CLI turns it on for a TTY without NO_COLOR). */
  color?: boolean;
  /** Include the detail line under each check that did not pass (passes show none). Default true. */
  detail?: boolean;
}

const MARK: Record<CheckStatus, string> = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' };
const COLOR: Record<CheckStatus, string> = { pass: '\x1b[32m', fail: '\x1b[31m', skip: '\x1b[33m' };

function paint(status: CheckStatus, text: string, color: boolean): string {
  return color ? `${COLOR[status]}${text}\x1b[0m` : text;
}

function addresses(c: CheckReport): string {
  if (c.addresses.length === 0) return '-';
  return c.addresses.map((a) => `${a.ip} ${a.allowed ? `in ${a.block ?? 'list'}` : 'OUTSIDE list'}`).join(', ');
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
  const withDetail = options.detail ?? true;
  const head = ['', 'CHECK', 'VIA', 'TARGET', 'LATENCY', 'ADDRESS'];
  const rows = report.checks.map((c) => [MARK[c.status], c.category, c.transport.toUpperCase(), c.target, latency(c), addresses(c)]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[], status?: CheckStatus): string =>
    cells
      .map((cell, i) => {
        const padded = i === cells.length - 1 ? cell : cell.padEnd(widths[i]!);
        return i === 0 && status ? paint(status, padded, color) : padded;
      })
      .join('  ')
      .trimEnd();
  const out = [line(head), ...rows.map((r, i) => line(r, report.checks[i]!.status))];
  const failing = report.checks.filter((c) => c.status !== 'pass');
  if (failing.length > 0) out.push('');
  for (const c of failing) {
    out.push(`${paint(c.status, MARK[c.status], color)} ${c.category} ${c.target} [${c.code}]`);
    out.push(`  ${c.hint}`);
    if (withDetail && c.detail) out.push(`  (${c.detail})`);
  }
  const counts = (['pass', 'fail', 'skip'] as const).map((s) => `${report.checks.filter((c) => c.status === s).length} ${s}`).join(', ');
  out.push('');
  out.push(
    `${paint(report.ok ? 'pass' : 'fail', report.ok ? 'OK' : 'NOT OK', color)}: ${counts} in ${report.durationMs} ms` +
      (report.ok ? '' : ' (fix the failures above; each hint says what to open)'),
  );
  return out.join('\n') + '\n';
}

/** One progress line for a start or end event (the CLI's live output). */
export function formatEvent(event: PreflightEvent, options: FormatOptions = {}): string {
  if (event.type === 'start') return `  ... ${event.category} ${event.transport.toUpperCase()} ${event.target}\n`;
  const c = event.check;
  return `  ${paint(c.status, MARK[c.status], options.color ?? false)} ${c.category} ${c.transport.toUpperCase()} ${c.target} ${c.code === 'ok' ? latency(c) : `[${c.code}]`}\n`;
}
