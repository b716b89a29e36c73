/**
 * `npm run docs` (typedoc with typedoc.json) builds the API site from the source with no error and no
 * warning (the config treats warnings as errors: broken `{@link}`s, types referenced but not exported,
 * an exported type or member without TSDoc), with the user README as its landing page, every
 * docs/*.md page in it, and its two modules named by their import paths. Written to a temporary
 * folder, not docs/site.
 *
 * `intentionallyNotDocumented` in typedoc.json lists the members that had no TSDoc when the check was
 * turned on; typedoc fails when one of them gets documented and is still listed, so the list only
 * shrinks.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const out = mkdtempSync(join(tmpdir(), 'va-typedoc-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function typedoc(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((res, rej) => {
    const child = spawn(join(REPO, 'node_modules/.bin/typedoc'), args, {
      cwd: REPO,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.on('error', rej);
    child.on('close', (code) => res({ code: code ?? -1, output }));
  });
}

it('typedoc builds the site with no errors or warnings, with README and every docs/*.md page', async () => {
  const config = JSON.parse(readFileSync(join(REPO, 'typedoc.json'), 'utf8')) as Record<string, unknown>;
  expect(config.treatWarningsAsErrors).toBe(true);
  expect(config.entryPoints).toEqual(['src/index.ts', 'src/node.ts']);
  expect((config.validation as Record<string, unknown>).notDocumented).toBe(true);
  expect(config.readme).toBe('README.md');

  const { code, output } = await typedoc(['--out', out]);
  expect(output, 'typedoc output').not.toMatch(/\[(warning|error)\]/i);
  expect(code, output).toBe(0);

  expect(existsSync(join(out, 'index.html'))).toBe(true);
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8')
    .match(/^#\s+(.+)$/m)?.[1]
    ?.trim();
  if (readme) expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain(readme.replace(/`/g, '').slice(0, 20));

  // Every docs page is a project document in the site.
  const pages = readdirSync(join(REPO, 'docs')).filter((f) => f.endsWith('.md'));
  expect(pages.length).toBeGreaterThan(0);
  const docsDir = join(out, 'documents');
  const built = existsSync(docsDir) ? readdirSync(docsDir) : [];
  for (const page of pages) {
    const title =
      readFileSync(join(REPO, 'docs', page), 'utf8')
        .match(/^#\s+(.+)$/m)?.[1]
        ?.trim() ?? page;
    // Compare text, not markup: a heading's `code` becomes <code>, long words get <wbr/>.
    const text = (f: string): string => readFileSync(join(docsDir, f), 'utf8').replace(/<[^>]*>/g, '');
    const hit = built.find((f) => text(f).includes(title.replace(/`/g, '').slice(0, 30)));
    expect(hit, `docs/${page} ("${title}") is in the site`).toBeDefined();
  }

  // The modules are named by what a user imports, not by their file names.
  const modules = readFileSync(join(out, 'modules.html'), 'utf8').replace(/<wbr\/>/g, '');
  expect(modules).toMatch(/>vonage-video-allowlist</);
  expect(modules).toMatch(/>vonage-video-allowlist\/node</);
  expect(modules).not.toMatch(/>(index|node)</);
  // The landing page is the user README: it opens with who the library is for, and install.
  const landing = readFileSync(join(out, 'index.html'), 'utf8').replace(/<[^>]*>/g, '');
  expect(landing).toMatch(/allowed IP list add-on/);
  expect(landing).toMatch(/npm install vonage-video-allowlist/);

  // Both entry points are documented: the Node entry's own runPreflight and the main entry's API.
  const html = readdirSync(out, { recursive: true }).map(String).join('\n');
  expect(html).toMatch(/runNodePreflight/);
  expect(html).toMatch(/initSession/);
}, 180_000);

it('typedoc with this config fails on an exported member without TSDoc', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'va-typedoc-undocumented-'));
  try {
    writeFileSync(
      join(dir, 'entry.ts'),
      '/**\n * A module.\n * @module fixture\n */\n/** Documented. */\nexport interface Shape {\n  side: number;\n}\n',
    );
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, target: 'es2022', module: 'nodenext' }, files: ['entry.ts'] }),
    );
    writeFileSync(
      join(dir, 'typedoc.json'),
      JSON.stringify({
        extends: [join(REPO, 'typedoc.json')],
        entryPoints: [join(dir, 'entry.ts')],
        tsconfig: join(dir, 'tsconfig.json'),
        readme: 'none',
        projectDocuments: [],
        intentionallyNotDocumented: [],
        out: join(dir, 'site'),
      }),
    );
    const { code, output } = await typedoc(['--options', join(dir, 'typedoc.json')]);
    expect(output).toMatch(/Shape\.side .*does not have any documentation/);
    expect(code).not.toBe(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
