/**
 * The package as npm would publish it: `npm pack` of the built tree, then publint and
 * @arethetypeswrong/cli (the installed binaries, no network) on the tarball, and a check that the
 * tarball carries only files reachable from the package's entry points (no stale build chunks).
 * Needs `dist/` (`npm run build`; the CI script builds before the tests).
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, closeSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = (name: string): string => join(REPO, 'node_modules/.bin', name);
const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
  main: string;
  module: string;
  types: string;
  unpkg: string;
  bin: Record<string, string>;
  exports: Record<string, string | Record<string, string | Record<string, string>>>;
};

/**
 * The two script files, loaded by `<script src>` from a CDN (unpkg, jsDelivr) or a copy: the full one is
 * package.json's `unpkg`, the call page's guard script is named by docs/bundle.md and the README.
 */
const SCRIPT_FILES = ['dist/video-allowlist.min.js', 'dist/video-allowlist-guard.min.js'];

/** Every file path package.json points at (exports conditions, main, module, types, bin, unpkg), and the script files. */
function entryFiles(): string[] {
  const out = new Set<string>([pkg.main, pkg.module, pkg.types, pkg.unpkg, ...Object.values(pkg.bin), ...SCRIPT_FILES]);
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.add(v);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(pkg.exports);
  return [...out].map((p) => posix.normalize(p.replace(/^\.\//, '')));
}

let dir = '';
let tarball = '';
let packed: string[] = [];

beforeAll(async () => {
  const missing = entryFiles().filter((f) => f.startsWith('dist/') && !existsSync(join(REPO, f)));
  if (missing.length)
    throw new Error(`${missing.join(', ')} missing: run \`npm run build\` (npx rollup -c) before test/package.`);
  dir = mkdtempSync(join(tmpdir(), 'va-pack-'));
  const { stdout } = await promisify(execFile)(
    'npm',
    ['pack', '--ignore-scripts', '--json', '--pack-destination', dir],
    {
      cwd: REPO,
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const info = (JSON.parse(stdout) as Array<{ filename: string; files: Array<{ path: string }> }>)[0]!;
  tarball = join(dir, info.filename);
  packed = info.files.map((f) => f.path);
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs a CLI with stdout to a file (attw exits before a piped stdout drains), returns code and output. */
async function runTo(bin: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const outFile = join(dir, `${posix.basename(bin)}-${Date.now()}.out`);
  const fd = openSync(outFile, 'w');
  let stderr = '';
  try {
    const code = await new Promise<number>((res, rej) => {
      const child = spawn(bin, args, {
        cwd: dir,
        stdio: ['ignore', fd, 'pipe'],
        env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      });
      child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.on('error', rej);
      child.on('close', (c) => res(c ?? -1));
    });
    return { code, stdout: readFileSync(outFile, 'utf8'), stderr };
  } finally {
    closeSync(fd);
  }
}

describe('the packed package', () => {
  it('holds every file package.json points at, the docs, and no sources or tests', () => {
    for (const f of entryFiles()) expect(packed, `package.json points at ${f}`).toContain(f);
    expect(packed).toContain('README.md');
    expect(packed).toContain('package.json');
    const docs = readdirSync(join(REPO, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`);
    expect(docs.length).toBeGreaterThan(0);
    expect(packed.filter((p) => /^docs\/[^/]+\.md$/.test(p)).sort(), 'every docs/*.md is published').toEqual(
      docs.sort(),
    );
    expect(packed.filter((p) => /^(src|test|bench|scripts|examples)\//.test(p))).toEqual([]);
    expect(packed.filter((p) => p.startsWith('docs/site/'))).toEqual([]);
  });

  it('carries only dist files reachable from its entry points (no stale chunks of earlier builds)', () => {
    // Follow relative import/export/require specifiers (JS and .d.ts) from every entry.
    const spec = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]+)\1/g;
    const reached = new Set<string>();
    const queue = entryFiles().filter((f) => f.startsWith('dist/'));
    // `.d.cts` files are copies of `.d.ts` ones, reached through the `require` conditions.
    while (queue.length) {
      const f = queue.pop()!;
      if (reached.has(f)) continue;
      reached.add(f);
      const text = readFileSync(join(REPO, f), 'utf8');
      for (const m of text.matchAll(spec)) {
        let target = posix.normalize(posix.join(posix.dirname(f), m[2]!));
        if (f.endsWith('.d.ts') || f.endsWith('.d.cts')) {
          const ext = f.endsWith('.d.cts') ? '.d.cts' : '.d.ts';
          target = target.replace(/\.(c|m)?js$/, '') + ext;
        }
        if (existsSync(join(REPO, target))) queue.push(target);
      }
    }
    const stale = packed.filter((p) => p.startsWith('dist/') && !reached.has(p) && !p.endsWith('.map'));
    expect(stale, 'dist/ holds files no entry point reaches: clean dist/ before building (rollup does not)').toEqual(
      [],
    );
  });

  it('passes publint with warnings treated as errors', async () => {
    const r = await runTo(BIN('publint'), ['run', tarball, '--strict']);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/Errors?:|Warnings?:/);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  }, 60_000);

  it('passes @arethetypeswrong/cli in every resolution mode (node10, node16 CJS/ESM, bundler)', async () => {
    const r = await runTo(BIN('attw'), [tarball, '--format', 'json', '--profile', 'strict']);
    const out = JSON.parse(r.stdout) as {
      analysis: { entrypoints: Record<string, unknown>; problems?: unknown[] };
      problems?: Record<string, unknown[]> | unknown[];
    };
    expect(Object.keys(out.analysis.entrypoints).sort()).toEqual(['.', './global', './node', './package.json']);
    expect(out.analysis.problems ?? [], 'attw problems (kind, entrypoint, resolutionKind)').toEqual([]);
    expect(r.code, r.stderr).toBe(0);
  }, 60_000);
});
