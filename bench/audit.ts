/**
 * `video-allowlist audit` scan speed: files per second over a generated tree of 3,000 source files
 * (JS, TS, TSX, Vue, Swift, Objective-C, Kotlin, Java, C#, C; 80 to 120 lines each; one file in
 * eight creates a session, half of them without the setting), read from disk by `auditTree` as the
 * CLI does. Goal: within 3x of the text scanner the audit used before it parsed JS/TS. That scanner
 * is kept in bench/legacy/ and run in the same process, turn about with the new one, best of five
 * each, so machine load hits both alike; {@link TEXT_SCANNER_FILES_PER_S} is its figure measured
 * before the change, printed for reference.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditTree } from '../src/node.js';
import { auditTree as textAuditTree } from './legacy/text-tree.js';

/**
 * Files per second of the text scanner on this tree, measured on the project's build machine before
 * the parser came in (2,750 files: it read no `.vue`), 2 shared cores.
 */
export const TEXT_SCANNER_FILES_PER_S = 4900;
const FILES = 3000;
const GOAL_RATIO = 3;

const BODY: Record<string, (i: number) => string> = {
  js: (i) =>
    `export function handler${i}(state, action) {\n  switch (action.type) {\n    case 'a${i}': return { ...state, a: action.value };\n    default: return state;\n  }\n}\n`,
  swift: (i) =>
    `  func handler${i}(_ value: Int) -> Int {\n    let doubled = value * 2\n    return doubled + ${i}\n  }\n`,
  kt: (i) => `  fun handler${i}(value: Int): Int {\n    val doubled = value * 2\n    return doubled + ${i}\n  }\n`,
  c: (i) => `static int handler${i}(int value) {\n  int doubled = value * 2;\n  return doubled + ${i};\n}\n`,
};

const SESSION: Record<string, [string, string]> = {
  '.js': ['OT.initSession(apiKey, sessionId);', 'OT.initSession(apiKey, sessionId, { ipWhitelist: true });'],
  '.ts': [
    "import { initSession } from '@vonage/client-sdk-video';\nconst s = initSession(apiKey, sessionId);",
    "import OT from '@vonage/client-sdk-video';\nconst s = OT.initSession(apiKey, sessionId, { ipWhitelist: true });",
  ],
  '.tsx': [
    'const el = <OTSession apiKey={k} sessionId={s} />;',
    'const el = <OTSession options={{ ipWhitelist: true }} />;',
  ],
  '.swift': [
    'let s = OTSession(apiKey: k, sessionId: s, delegate: self)',
    'let s = OTSession(apiKey: k, sessionId: s, delegate: self, settings: settings)\nsettings.ipWhitelist = true',
  ],
  '.m': [
    's = [[OTSession alloc] initWithApiKey:k sessionId:s delegate:self];',
    's = [[OTSession alloc] initWithApiKey:k sessionId:s delegate:self settings:st];\nst.ipWhitelist = YES;',
  ],
  '.kt': [
    'val s = Session.Builder(ctx, k, s).build()',
    'val s = Session.Builder(ctx, k, s).setIpWhitelist(true).build()',
  ],
  '.java': [
    'Session s = new Session.Builder(ctx, k, s).build();',
    'Session s = new Session.Builder(ctx, k, s).setIpWhitelist(true).build();',
  ],
  '.cs': [
    'var s = new Session.Builder(ctx, k, s).Build();',
    'var s = new Session.Builder(ctx, k, s) { IpWhitelist = true }.Build();',
  ],
  '.c': [
    'otc_session *s = otc_session_new(k, s, &cb);',
    'otc_session_settings_set_ip_whitelist(st, OTC_TRUE);\notc_session *s = otc_session_new_with_settings(k, s, &cb, st);',
  ],
};
const EXTS = ['.js', '.ts', '.tsx', '.ts', '.js', '.swift', '.m', '.kt', '.java', '.cs', '.c', '.vue'];

function fileText(i: number, ext: string, every: number): string {
  const kind = ['.js', '.ts', '.tsx', '.vue'].includes(ext)
    ? 'js'
    : ext === '.swift'
      ? 'swift'
      : ext === '.kt'
        ? 'kt'
        : 'c';
  const parts: string[] = [`// generated file ${i}`];
  for (let k = 0; k < 20; k++) parts.push(BODY[kind]!(i * 100 + k));
  const session = SESSION[ext === '.vue' ? '.js' : ext];
  if (i % every === 0 && session) parts.splice(10, 0, session[i % (2 * every) === 0 ? 0 : 1]);
  const text = parts.join('\n');
  return ext === '.vue' ? `<template><div /></template>\n<script>\n${text}\n</script>\n` : text;
}

/** Write the tree (a session in one file of `every`); return its root. */
export async function generateTree(files = FILES, every = 8): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'audit-bench-'));
  for (let i = 0; i < files; i++) {
    const dir = join(root, `pkg${i % 30}`, `mod${i % 7}`);
    await mkdir(dir, { recursive: true });
    const ext = EXTS[i % EXTS.length]!;
    await writeFile(join(dir, `file${i}${ext}`), fileText(i, ext, every));
  }
  return root;
}

/** Files per second of one `scan` over `root`. */
async function filesPerSecond(
  scan: (root: string) => Promise<{ filesScanned: number }>,
  root: string,
): Promise<number> {
  const start = performance.now();
  const { filesScanned } = await scan(root);
  return filesScanned / ((performance.now() - start) / 1000);
}

/** Both scanners over one tree, turn about, best of five each. */
async function compare(log: (line: string) => void, every: number): Promise<void> {
  const root = await generateTree(FILES, every);
  try {
    await auditTree(root); // warm the file cache and the JIT
    await textAuditTree(root);
    let now = 0;
    let before = 0;
    for (let r = 0; r < 5; r++) {
      now = Math.max(now, await filesPerSecond(auditTree, root));
      before = Math.max(before, await filesPerSecond(textAuditTree, root));
    }
    const ratio = before / now;
    const verdict = ratio <= GOAL_RATIO ? 'ok' : 'MISSED';
    log(`sessions in 1 file of ${every}: audit ${Math.round(now)} files/s, text scanner ${Math.round(before)} files/s`);
    log(`  ratio ${ratio.toFixed(2)}x (goal: at most ${GOAL_RATIO}x) ${verdict}`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

export async function runAuditBench(log: (line: string) => void): Promise<void> {
  log(`${FILES} generated files; the text scanner before the change: ${TEXT_SCANNER_FILES_PER_S} files/s`);
  await compare(log, 8);
  // Worst case for the parser: every file names initSession, so every JS/TS file is parsed.
  await compare(log, 1);
}
