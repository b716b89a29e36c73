import { join } from 'node:path';
import { colorEnabled, styles, type Command } from '../io.js';
import { CliInputError, guarded, parseFlags } from '../args.js';
import { AUDIT_EXTENSIONS } from '../../platforms/audit/rules.js';
import {
  AUDIT_BUILD_DIRS,
  AUDIT_MAX_FILE_BYTES,
  AUDIT_SKIPPED_DIRS,
  auditTree,
  type AuditReport,
} from '../../platforms/audit/node.js';
import { PlatformError } from '../../platforms/errors.js';

/** One line for `video-allowlist --help`. */
export const summary =
  'find source files that create Vonage Video sessions without the allowed IP list, with file, line and fix';

const USAGE = `Usage: video-allowlist audit [DIR] [--json] [--include-ignored]

Scans the source files under DIR (default: the current directory) for Vonage Video sessions
created without the allowed IP list: OpenTok.js (also in the <script> blocks of .html, .vue and
.svelte files), opentok-react, React Native, iOS (Swift, Objective-C), Android (Kotlin, Java),
Windows (C#) and Linux (C). Reports file, line and the code to use.

What it reads: ${AUDIT_EXTENSIONS.join(' ')}.
What it skips: ${AUDIT_SKIPPED_DIRS.join(' and ')} always; unless --include-ignored, what .gitignore
files ignore and build output: ${AUDIT_BUILD_DIRS.join(', ')}.
Not read, but counted and listed: files over ${AUDIT_MAX_FILE_BYTES / 1024 / 1024} MB, symbolic links, unreadable files.

Limits: JS and TS are parsed, and OpenTok.js is followed through imports, require, import(),
aliases, parameters typed \`typeof OT\`, destructuring and saved references, within one file;
options built in another file, or in a variable the file changes in ways it cannot read, are
reported as unverifiable (check them by hand). Other languages are read by a careful text
scanner, within one file. Findings in test code (test folders, *.test.*, *.spec.*) are marked.

  --include-ignored   also read what .gitignore ignores and build output
  --json              print { root, filesScanned, skipped: [{ path, reason, detail }], findings:
                      [{ file, line, column, rule, platform, verdict, test, message, fix }] }
                      (paths relative to root; verdict: fails, unverifiable or bypass)
  -h, --help          this help

Exit status: 0 nothing found, 1 findings, 2 bad usage or DIR unreadable.
`;

/** `video-allowlist audit`: see USAGE for flags and exit codes. */
export const run: Command = (argv, io) =>
  guarded('audit', io, async () => {
    const { values, positionals } = parseFlags(argv, {
      json: { type: 'boolean' },
      'include-ignored': { type: 'boolean' },
    });
    if (values.help) {
      io.stdout(USAGE);
      return 0;
    }
    if (positionals.length > 1)
      throw new CliInputError([`one DIR at most, got ${positionals.length}: ${positionals.join(' ')}`], true);
    const root = positionals[0] ?? '.';
    let report: AuditReport;
    try {
      report = await auditTree(root, { includeIgnored: values['include-ignored'] === true });
    } catch (err) {
      if (!(err instanceof PlatformError)) throw err;
      throw new CliInputError([err.message]);
    }
    io.stdout(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatAudit(report, colorEnabled(io)));
    return report.findings.length > 0 ? 1 : 0;
  });

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The human report: one block per finding, what was skipped, then a summary line. */
export function formatAudit(report: AuditReport, color: boolean): string {
  const { bold, dim, red, green, yellow } = styles(color);
  const out: string[] = [];
  for (const finding of report.findings) {
    const tags = [
      finding.platform,
      ...(finding.verdict === 'fails' ? [] : [finding.verdict]),
      ...(finding.test ? ['test'] : []),
    ].join(', ');
    out.push(
      `${bold(`${join(report.root, finding.file)}:${finding.line}:${finding.column}`)}  ${red(finding.rule)} (${tags})`,
    );
    out.push(`  ${finding.message}`);
    out.push(`  ${dim('fix:')}`);
    for (const line of finding.fix.split('\n')) out.push(`    ${line}`);
    out.push('');
  }
  if (report.skipped.length > 0) {
    const shown = report.skipped.slice(0, 10);
    out.push(yellow(`Not read: ${plural(report.skipped.length, 'file')} (${skipCounts(report)}):`));
    for (const skip of shown)
      out.push(`  ${join(report.root, skip.path)}  ${skip.reason}${skip.detail ? ` (${skip.detail})` : ''}`);
    if (report.skipped.length > shown.length)
      out.push(`  ... and ${report.skipped.length - shown.length} more (--json lists all)`);
    out.push('');
  }
  const scanned = `${plural(report.filesScanned, 'file')} scanned`;
  if (report.findings.length === 0) {
    out.push(green(`No findings: no session created without the allowed IP list (${scanned}).`));
  } else {
    const files = new Set(report.findings.map((f) => f.file)).size;
    const tests = report.findings.filter((f) => f.test).length;
    const inTests = tests > 0 ? `, ${tests} in test code` : '';
    out.push(red(`${plural(report.findings.length, 'finding')} in ${plural(files, 'file')}${inTests} (${scanned}).`));
  }
  return `${out.join('\n')}\n`;
}

function skipCounts(report: AuditReport): string {
  const counts = new Map<string, number>();
  for (const skip of report.skipped) counts.set(skip.reason, (counts.get(skip.reason) ?? 0) + 1);
  return [...counts].map(([reason, n]) => `${n} ${reason}`).join(', ');
}
