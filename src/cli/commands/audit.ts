import { join } from 'node:path';
import { colorEnabled, styles, type Command } from '../io.js';
import { CliInputError, guarded, parseFlags } from '../args.js';
import { AUDIT_EXTENSIONS } from '../../platforms/audit.js';
import { AUDIT_SKIPPED_DIRS, auditTree, type AuditReport } from '../../platforms/audit-node.js';
import { PlatformError } from '../../platforms/errors.js';

/** One line for `video-allowlist --help`. */
export const summary =
  'find source files that create Vonage Video sessions without the allowed IP list, with file, line and fix';

const USAGE = `Usage: video-allowlist audit [DIR] [--json]

Scans the source files under DIR (default: the current directory) for Vonage Video sessions
created without the allowed IP list: OpenTok.js, React Native, iOS (Swift, Objective-C),
Android (Kotlin, Java), Windows (C#) and Linux (C). Reports file, line and the code to use.
Reads ${AUDIT_EXTENSIONS.join(' ')}; skips ${AUDIT_SKIPPED_DIRS.join(', ')}.
A careful text scanner, not a compiler: options built elsewhere than the same file are reported
as unverifiable.

  --json              print { root, filesScanned, findings: [{ file, line, column, rule,
                      platform, message, fix }] } as JSON (file is relative to root)
  -h, --help          this help

Exit status: 0 nothing found, 1 findings, 2 bad usage or DIR unreadable.
`;

/** `video-allowlist audit`: see USAGE for flags and exit codes. */
export const run: Command = (argv, io) =>
  guarded('audit', io, async () => {
    const { values, positionals } = parseFlags(argv, { json: { type: 'boolean' } });
    if (values.help) {
      io.stdout(USAGE);
      return 0;
    }
    if (positionals.length > 1)
      throw new CliInputError([`one DIR at most, got ${positionals.length}: ${positionals.join(' ')}`], true);
    const root = positionals[0] ?? '.';
    let report: AuditReport;
    try {
      report = await auditTree(root);
    } catch (err) {
      if (!(err instanceof PlatformError)) throw err;
      throw new CliInputError([err.message]);
    }
    io.stdout(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatAudit(report, colorEnabled(io)));
    return report.findings.length > 0 ? 1 : 0;
  });

/** The human report: one block per finding, then a summary line. */
export function formatAudit(report: AuditReport, color: boolean): string {
  const { bold, dim, red, green } = styles(color);
  const out: string[] = [];
  for (const f of report.findings) {
    out.push(`${bold(`${join(report.root, f.file)}:${f.line}:${f.column}`)}  ${red(f.rule)} (${f.platform})`);
    out.push(`  ${f.message}`);
    out.push(`  ${dim('fix:')}`);
    for (const line of f.fix.split('\n')) out.push(`    ${line}`);
    out.push('');
  }
  const scanned = `${report.filesScanned} file${report.filesScanned === 1 ? '' : 's'} scanned`;
  if (report.findings.length === 0) {
    out.push(green(`No findings: no session created without the allowed IP list (${scanned}).`));
  } else {
    const files = new Set(report.findings.map((f) => f.file)).size;
    const n = report.findings.length;
    out.push(red(`${n} finding${n === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'} (${scanned}).`));
  }
  return `${out.join('\n')}\n`;
}
