/** The directory walk of the text-only audit (commit 4eb27c5, src/platforms/audit-node.ts), for bench/audit.ts. */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { AUDIT_EXTENSIONS, auditSource, extensionOf, type AuditFinding } from './text-scanner.js';
import { PlatformError } from '../../src/platforms/errors.js';

/** Directory names the walk never enters. */
export const AUDIT_SKIPPED_DIRS: readonly string[] = ['node_modules', '.git', 'dist', 'build', 'Pods'];

/** Files larger than this are skipped (minified bundles, generated code). */
export const AUDIT_MAX_FILE_BYTES = 2 * 1024 * 1024;

/** What {@link auditTree} found. */
export interface AuditReport {
  /** The directory scanned, as given. */
  root: string;
  /** How many source files were read. */
  filesScanned: number;
  /** Every finding, sorted by file, line and column; `file` is relative to `root`, with `/`. */
  findings: AuditFinding[];
}

/**
 * Audit every source file under `root` ({@link AUDIT_EXTENSIONS}) with {@link auditSource},
 * skipping {@link AUDIT_SKIPPED_DIRS}, symbolic links and files over {@link AUDIT_MAX_FILE_BYTES}.
 * Node only.
 *
 * @throws {@link PlatformError} `'audit-dir-unreadable'` when `root` is not a readable directory, or
 * a directory or file inside it cannot be read (the message names it); nothing is skipped silently.
 */
export async function auditTree(root: string): Promise<AuditReport> {
  try {
    if (!(await stat(root)).isDirectory()) throw new Error('not a directory');
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new PlatformError('audit-dir-unreadable', root, `Cannot audit ${JSON.stringify(root)}: ${why}.`, {
      cause: err,
    });
  }
  const files: string[] = [];
  await walk(root, files);
  files.sort();
  const findings: AuditFinding[] = [];
  for (const file of files) {
    const text = await readFile(file, 'utf8').catch((err: unknown) => unreadable(file, err));
    const rel = relative(root, file).split(sep).join('/');
    findings.push(...auditSource(rel, text));
  }
  return { root, filesScanned: files.length, findings };
}

/** Throws {@link PlatformError} `'audit-dir-unreadable'` naming the path inside the tree that failed. */
function unreadable(path: string, err: unknown): never {
  const why = (err as NodeJS.ErrnoException).code ?? String(err);
  throw new PlatformError(
    'audit-dir-unreadable',
    path,
    `Cannot read ${JSON.stringify(path)} during the audit: ${why}.`,
    { cause: err },
  );
}

async function walk(dir: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((err: unknown) => unreadable(dir, err));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!AUDIT_SKIPPED_DIRS.includes(entry.name)) await walk(path, out);
    } else if (entry.isFile()) {
      if (!AUDIT_EXTENSIONS.includes(extensionOf(entry.name))) continue;
      if ((await stat(path)).size > AUDIT_MAX_FILE_BYTES) continue;
      out.push(path);
    }
  }
}
