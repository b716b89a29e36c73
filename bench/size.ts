/**
 * Bundle size. Every row is measured one way: the file's bytes, then gzip (zlib, level 9). KB = 1000
 * bytes, the unit of the 26.8 KB figure quoted for opentok-network-test-js (GNU gzip gives a few bytes
 * less than zlib on the same file; the ratio is what counts).
 *
 * - The two script files, minified by our build with terser: the precall page's
 *   `dist/video-allowlist.min.js` (everything for a page; goal: at most 17.5 KB gzipped, 0.65x the
 *   network test) and the call page's `dist/video-allowlist-guard.min.js` (guard, initSession, version
 *   gate, errors; goal: at most 2.5 KB gzipped), next to opentok-network-test-js's built bundle (its
 *   package `main`, minified by its own webpack build). The full one and the network test are also
 *   re-minified with one tool (esbuild) so the comparison does not hang on the minifier.
 * - `import { initSession }` alone after tree-shaking: rollup bundles `export { initSession } from
 *   '<repo>/dist/index.js'`, terser minifies (esbuild's figure alongside). Goal: at most 1.7 KB gzipped.
 * - What the IIFE holds: each part of src/browser.ts alone, and what the left-out parts would add.
 * - When a row misses its goal: what is in it, module by module (the code rollup keeps per source
 *   file after tree-shaking, from `src/`, minified; and what each file adds to the gzipped total),
 *   so the report says what to change.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import terser from '@rollup/plugin-terser';
import { build as esbuild, transform as esTransform } from 'esbuild';
import { rollup, type OutputChunk, type Plugin } from 'rollup';
import { fromSource } from '../test/support/from-source.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const IIFE = resolve(REPO, 'dist/video-allowlist.min.js');
const GUARD_IIFE = resolve(REPO, 'dist/video-allowlist-guard.min.js');
const ESM = resolve(REPO, 'dist/index.js');

/** Goals in gzipped bytes. */
export const IIFE_GOAL = 17_500;
export const GUARD_IIFE_GOAL = 2500;
export const INIT_SESSION_GOAL = 1700;

/** One measured file. */
export interface SizeRow {
  name: string;
  bytes: number;
  gzip: number;
}

/** gzip size, zlib level 9. */
export function gzipSize(code: string | Uint8Array): number {
  return gzipSync(code, { level: 9 }).length;
}

function row(name: string, code: string | Uint8Array): SizeRow {
  return { name, bytes: typeof code === 'string' ? Buffer.byteLength(code) : code.length, gzip: gzipSize(code) };
}

function readBuilt(path: string): Buffer {
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run build\` first`);
  return readFileSync(path);
}

/** opentok-network-test-js's built browser bundle: its package `main`. */
export function peerBundlePath(): string {
  const require = createRequire(import.meta.url);
  const pkgPath = require.resolve('opentok-network-test-js/package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { main: string; version: string };
  return resolve(dirname(pkgPath), pkg.main);
}

function peerVersion(): string {
  return (
    JSON.parse(readFileSync(resolve(dirname(peerBundlePath()), '../../package.json'), 'utf8')) as { version: string }
  ).version;
}

/** Re-minify a built script with esbuild (whitespace, syntax and identifiers), keeping its format. */
async function esbuildMinify(code: string): Promise<string> {
  return (await esTransform(code, { minify: true, target: 'es2022', legalComments: 'none' })).code;
}

/** A virtual entry module for rollup. */
function entry(id: string, code: string): Plugin {
  return { name: 'entry', resolveId: (s) => (s === id ? id : null), load: (s) => (s === id ? code : null) };
}

/** The size of an ESM import of `names` from the built package after tree-shaking: rollup + terser, and esbuild. */
export async function treeShaken(names: string[]): Promise<{ rollup: SizeRow; esbuild: SizeRow }> {
  readBuilt(ESM);
  const source = `export { ${names.join(', ')} } from ${JSON.stringify(ESM)};\n`;
  const bundle = await rollup({
    input: '\0size-entry',
    onwarn: () => undefined,
    plugins: [entry('\0size-entry', source)],
  });
  let code: string;
  try {
    code = (await bundle.generate({ format: 'es', plugins: [terser()] })).output[0].code;
  } finally {
    await bundle.close();
  }
  const es = await esbuild({
    stdin: { contents: source, resolveDir: REPO, loader: 'js' },
    bundle: true,
    format: 'esm',
    minify: true,
    write: false,
    target: 'es2022',
  });
  const what = `import { ${names.join(', ')} }`;
  return {
    rollup: row(`${what} tree-shaken (rollup + terser)`, code),
    esbuild: row(`${what} tree-shaken (esbuild)`, es.outputFiles[0]!.contents),
  };
}

/** What one source file keeps in a bundle after tree-shaking. */
export interface KeptModule {
  /** Path from the repository root (`src/sdk/policy.ts`). */
  file: string;
  /** The code rollup renders for the file, minified by esbuild on its own (top-level names kept, so a little more than in the bundle). */
  bytes: number;
  /**
   * What the file adds to the gzipped bundle: gzip of all kept files' minified code, less gzip of the
   * same without this file. Text that repeats elsewhere costs little here, which is what removing it saves.
   */
  gzip: number;
}

/** What each source file keeps in a bundle of `source` (an entry module over `src/`), after tree-shaking, largest (gzip) first. */
export async function modulesIn(source: string): Promise<KeptModule[]> {
  const bundle = await rollup({
    input: '\0what-entry',
    onwarn: () => undefined,
    plugins: [entry('\0what-entry', source), fromSource()],
  });
  try {
    const chunk = (await bundle.generate({ format: 'es' })).output[0] as OutputChunk;
    const kept = Object.entries(chunk.modules).filter(([id, m]) => !id.startsWith('\0') && m.renderedLength > 0);
    const codes = await Promise.all(
      kept.map(
        async ([, m]) =>
          (await esTransform(m.code ?? '', { loader: 'js', target: 'es2022', minify: true, legalComments: 'none' }))
            .code,
      ),
    );
    const all = gzipSize(codes.join('\n'));
    return kept
      .map(([id], i) => ({
        file: relative(REPO, id),
        bytes: Buffer.byteLength(codes[i]!),
        gzip: all - gzipSize(codes.filter((_, j) => j !== i).join('\n')),
      }))
      .sort((a, b) => b.gzip - a.gzip);
  } finally {
    await bundle.close();
  }
}

/** The gzipped size of a minified IIFE of `exportsFrom` (an entry module, paths from the repo root; esbuild): what a part of the API costs alone. */
async function partSize(exportsFrom: string): Promise<number> {
  const r = await esbuild({
    stdin: { contents: exportsFrom, resolveDir: REPO, loader: 'ts' },
    bundle: true,
    format: 'iife',
    globalName: 'P',
    minify: true,
    write: false,
    target: 'es2022',
  });
  return gzipSize(r.outputFiles[0]!.contents);
}

const kb = (n: number): string => `${(n / 1000).toFixed(1)} KB`;

/** The parts of the IIFE (src/browser.ts) and what the npm entries have on top; each measured alone. */
const IIFE_PARTS: Array<[string, string]> = [
  [
    'sdk: guard, initSession, version gate, build check, errors',
    `export { guard, initSession, assertSupportedSdk, sdkVersion, allowlistBuild } from './src/browser.ts';`,
  ],
  [
    'AllowedIpList: text/JSON parser, address parser, lookup tables',
    `export { AllowedIpList } from './src/browser.ts';`,
  ],
  [
    'runPreflight + formatReport (browser transport; includes AllowedIpList)',
    `export { runPreflight, formatReport } from './src/browser.ts';`,
  ],
  ['the IIFE entry, src/browser.ts, all of it', `export * from './src/browser.ts';`],
  ['the guard IIFE entry, src/browser-guard.ts, all of it', `export * from './src/browser-guard.ts';`],
  ['not in the IIFE: platforms (facts, snippets, audit rules)', `export * from './src/platforms/index.ts';`],
  [
    'not in the IIFE: diffLists + formatDiff + exportRules',
    `export { diffLists, formatDiff, exportRules } from './src/index.ts';`,
  ],
  ['the whole main entry, src/index.ts (the IIFE before src/browser.ts)', `export * from './src/index.ts';`],
];

/**
 * How much of a minified script is string literals, and what the rest gzips to with each literal
 * emptied: about what the code alone costs (no message, hint or key text), to tell wording from code; a
 * template literal counts whole, with its `${...}`, so the floor is approximate.
 */
export function textShare(code: string): { literalBytes: number; codeGzip: number } {
  const literal = /"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/g;
  let literalBytes = 0;
  for (const m of code.matchAll(literal)) literalBytes += m[0].length;
  return { literalBytes, codeGzip: gzipSize(code.replace(literal, '""')) };
}

/** Prints the size table, the ratios and the goals, what the IIFE holds, and what to look at for each miss. */
export async function runSizeBench(log: (line: string) => void): Promise<void> {
  const ours = readBuilt(IIFE);
  const peerPath = peerBundlePath();
  const theirs = readBuilt(peerPath);
  const peerName = `opentok-network-test-js ${peerVersion()} (${relative(resolve(REPO, 'node_modules'), peerPath)})`;
  const iife = row('vonage-video-allowlist IIFE (dist/video-allowlist.min.js, terser)', ours);
  const guardIife = row(
    'vonage-video-allowlist guard IIFE (dist/video-allowlist-guard.min.js, terser)',
    readBuilt(GUARD_IIFE),
  );
  const peer = row(`${peerName}, as shipped`, theirs);
  const iifeEs = row('vonage-video-allowlist IIFE, re-minified by esbuild', await esbuildMinify(ours.toString('utf8')));
  const peerEs = row('opentok-network-test-js, re-minified by esbuild', await esbuildMinify(theirs.toString('utf8')));
  const init = await treeShaken(['initSession']);

  const rows: Array<[SizeRow, number | null]> = [
    [iife, IIFE_GOAL],
    [guardIife, GUARD_IIFE_GOAL],
    [peer, null],
    [iifeEs, IIFE_GOAL],
    [peerEs, null],
    [init.rollup, INIT_SESSION_GOAL],
    [init.esbuild, INIT_SESSION_GOAL],
  ];
  log('Bundle size (minified; gzip = zlib level 9; KB = 1000 bytes)');
  const width = Math.max(...rows.map(([r]) => r.name.length));
  for (const [r, goal] of rows) {
    const verdict =
      goal === null ? '' : `  goal <= ${kb(goal)}  ${r.gzip <= goal ? 'met' : `MISSED by ${r.gzip - goal} B`}`;
    log(
      `  ${r.name.padEnd(width)}  ${String(r.bytes).padStart(7)} B  gzip ${String(r.gzip).padStart(6)} B (${kb(r.gzip)})${verdict}`,
    );
  }
  log(
    `  IIFE / opentok-network-test-js, gzipped: ${(iife.gzip / peer.gzip).toFixed(2)} as shipped, ${(iifeEs.gzip / peerEs.gzip).toFixed(2)} both by esbuild`,
  );
  log(
    `  Goals: IIFE <= ${kb(IIFE_GOAL)} gz ${iife.gzip <= IIFE_GOAL ? 'met' : `MISSED (${iife.gzip} B)`}; guard IIFE <= ${kb(GUARD_IIFE_GOAL)} gz ${guardIife.gzip <= GUARD_IIFE_GOAL ? 'met' : `MISSED (${guardIife.gzip} B)`}; initSession <= ${kb(INIT_SESSION_GOAL)} gz ${init.rollup.gzip <= INIT_SESSION_GOAL ? 'met' : `MISSED (${init.rollup.gzip} B)`}`,
  );

  log('\n  What the IIFE holds (src/browser.ts; docs/bundle.md), each part alone as an esbuild IIFE, gzip:');
  for (const [name, src] of IIFE_PARTS) log(`    ${name.padEnd(72)} ${String(await partSize(src)).padStart(6)} B`);
  if (iife.gzip > IIFE_GOAL) {
    const text = textShare(ours.toString('utf8'));
    log(
      `\n  The IIFE misses ${kb(IIFE_GOAL)} by ${iife.gzip - IIFE_GOAL} B. Of its ${iife.bytes} B, ${text.literalBytes} B are string literals (messages, hints, keys);`,
    );
    log(
      `  with every one emptied, the code alone gzips to ${text.codeGzip} B (${text.codeGzip <= IIFE_GOAL ? 'within' : 'still over'} the goal).`,
    );
    log(`  Its source files (rollup, tree-shaken; minified alone; gzip = what the file adds):`);
    for (const m of await modulesIn(`export * from ${JSON.stringify(resolve(REPO, 'src/browser.ts'))};`)) {
      log(`    ${m.file.padEnd(48)} ${String(m.bytes).padStart(7)} B  gzip +${String(m.gzip).padStart(5)} B`);
    }
  }
  if (init.rollup.gzip > INIT_SESSION_GOAL) {
    log(
      `\n  initSession alone misses ${kb(INIT_SESSION_GOAL)} by ${init.rollup.gzip - INIT_SESSION_GOAL} B. Source files it keeps (minified alone; gzip = what the file adds):`,
    );
    const kept = await modulesIn(`export { initSession } from ${JSON.stringify(resolve(REPO, 'src/index.ts'))};`);
    for (const m of kept) {
      const foreign = !m.file.startsWith('src/sdk/') && m.file !== 'src/errors.ts';
      const note = foreign
        ? "  <- not initSession's: module-level code keeps it (mark the call /* @__PURE__ */ or compute it lazily)"
        : '';
      log(`    ${m.file.padEnd(48)} ${String(m.bytes).padStart(7)} B  gzip +${String(m.gzip).padStart(5)} B${note}`);
    }
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await runSizeBench((line) => void process.stdout.write(`${line}\n`));
}
