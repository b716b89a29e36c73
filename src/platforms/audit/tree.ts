/**
 * `auditTree`: walk a directory and audit every source file in it, saying what it skipped and why.
 * Node only.
 */
import { lstat, readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { PlatformError } from '../errors.js';
import { ignores, parseIgnore, type IgnoreRules } from './gitignore.js';
import { AUDIT_EXTENSIONS, extensionOf } from './rules.js';
import { auditSource } from './source.js';
import type { AuditFinding } from './types.js';

/** Directory names the walk never enters (dependencies and version control). */
export const AUDIT_SKIPPED_DIRS: readonly string[] = ['node_modules', '.git'];
/** Build output and vendored code, skipped unless {@link AuditTreeOptions.includeIgnored} is set. */
export const AUDIT_BUILD_DIRS: readonly string[] = [
  'dist',
  'build',
  'out',
  '.next',
  '.nuxt',
  '.svelte-kit',
  'coverage',
  'vendor',
  'Pods',
  'Carthage',
  'DerivedData',
  'obj',
];
/** Files larger than this are skipped (minified bundles, generated code) and listed as skipped. */
export const AUDIT_MAX_FILE_BYTES = 2 * 1024 * 1024;

/** Why a file was not read. */
export type AuditSkipReason = 'too-large' | 'symlink' | 'unreadable';

/** A file or directory the audit did not read, and why. */
export interface AuditSkip {
  /** Relative to the root, with `/`. */
  path: string;
  /** Why it was not read. */
  reason: AuditSkipReason;
  /** The size for `'too-large'`, the error code for `'unreadable'`. */
  detail?: string;
}

/** What {@link auditTree} found. */
export interface AuditReport {
  /** The directory scanned, as given. */
  root: string;
  /** How many source files were read. */
  filesScanned: number;
  /** Source files and directories not read (too large, symbolic links, unreadable), in path order. */
  skipped: AuditSkip[];
  /** Every finding, sorted by file, line and column; `file` is relative to `root`, with `/`. */
  findings: AuditFinding[];
}

/** Options of {@link auditTree}. */
export interface AuditTreeOptions {
  /** Also read what `.gitignore` files ignore and {@link AUDIT_BUILD_DIRS}. Default false. */
  includeIgnored?: boolean;
}

/**
 * Audit every source file under `root` (`AUDIT_EXTENSIONS`) with `auditSource`. Skips
 * {@link AUDIT_SKIPPED_DIRS}, and unless `includeIgnored`, what `.gitignore` files ignore and
 * {@link AUDIT_BUILD_DIRS}. Symbolic links, files over {@link AUDIT_MAX_FILE_BYTES} and what cannot be
 * read are not read and are listed in {@link AuditReport.skipped}.
 *
 * @throws {@link PlatformError} `'audit-dir-unreadable'` when `root` is not a readable directory.
 */
export async function auditTree(root: string, options: AuditTreeOptions = {}): Promise<AuditReport> {
  try {
    if (!(await stat(root)).isDirectory()) throw new Error('not a directory');
    await readdir(root);
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new PlatformError('audit-dir-unreadable', root, `Cannot audit ${JSON.stringify(root)}: ${why}.`, {
      cause: err,
      reason: `not a readable directory (${why})`,
      hint: 'Check the path and its permissions.',
    });
  }
  const walk: Walk = { root, files: [], skipped: [], all: options.includeIgnored === true };
  await walkDir(walk, root, []);
  walk.files.sort();
  const findings: AuditFinding[] = [];
  let filesScanned = 0;
  for (const file of walk.files) {
    const rel = relPath(root, file);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      walk.skipped.push({
        path: rel,
        reason: 'unreadable',
        detail: (err as NodeJS.ErrnoException).code ?? String(err),
      });
      continue;
    }
    filesScanned++;
    findings.push(...auditSource(rel, text));
  }
  walk.skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { root, filesScanned, skipped: walk.skipped, findings };
}

interface Walk {
  root: string;
  files: string[];
  skipped: AuditSkip[];
  all: boolean;
}

/** A `.gitignore` and the directory it sits in (relative to the root, with `/`). */
type Scope = { dir: string; rules: IgnoreRules };

const relPath = (root: string, path: string): string => relative(root, path).split(sep).join('/');

function isIgnored(scopes: readonly Scope[], rel: string, isDir: boolean): boolean {
  // The innermost .gitignore that speaks of the path decides.
  for (let index = scopes.length - 1; index >= 0; index--) {
    const { dir, rules } = scopes[index]!;
    const verdict = ignores(rules, dir === '' ? rel : rel.slice(dir.length + 1), isDir);
    if (verdict !== undefined) return verdict;
  }
  return false;
}

async function walkDir(walk: Walk, dir: string, outer: readonly Scope[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    walk.skipped.push({
      path: relPath(walk.root, dir),
      reason: 'unreadable',
      detail: (err as NodeJS.ErrnoException).code ?? String(err),
    });
    return;
  }
  let scopes = outer;
  if (!walk.all && entries.some((e) => e.name === '.gitignore' && e.isFile())) {
    const text = await readFile(join(dir, '.gitignore'), 'utf8').catch(() => '');
    scopes = [...outer, { dir: relPath(walk.root, dir), rules: parseIgnore(text) }];
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    const rel = relPath(walk.root, path);
    if (entry.isDirectory()) {
      if (AUDIT_SKIPPED_DIRS.includes(entry.name)) continue;
      if (!walk.all && (AUDIT_BUILD_DIRS.includes(entry.name) || isIgnored(scopes, rel, true))) continue;
      await walkDir(walk, path, scopes);
      continue;
    }
    if (entry.isSymbolicLink()) {
      const toDir = await stat(path)
        .then((s) => s.isDirectory())
        .catch(() => false);
      const listed = toDir || AUDIT_EXTENSIONS.includes(extensionOf(entry.name));
      if (listed && (walk.all || !isIgnored(scopes, rel, toDir))) walk.skipped.push({ path: rel, reason: 'symlink' });
      continue;
    }
    if (!AUDIT_EXTENSIONS.includes(extensionOf(entry.name))) continue;
    if (!walk.all && isIgnored(scopes, rel, false)) continue;
    if (entry.isFile()) {
      const size = await lstat(path)
        .then((s) => s.size)
        .catch(() => 0);
      if (size > AUDIT_MAX_FILE_BYTES) walk.skipped.push({ path: rel, reason: 'too-large', detail: `${size} bytes` });
      else walk.files.push(path);
    }
  }
}
