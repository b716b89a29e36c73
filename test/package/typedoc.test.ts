/**
 * `npm run docs` (typedoc with typedoc.json) builds the API site from the source with no error and no
 * warning (the config treats warnings as errors: broken `{@link}`s, types referenced but not exported),
 * with README and every docs/*.md page in it. Written to a temporary folder, not docs/site.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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

  // Both entry points are documented: the Node entry's own runPreflight and the main entry's API.
  const html = readdirSync(out, { recursive: true }).map(String).join('\n');
  expect(html).toMatch(/runNodePreflight/);
  expect(html).toMatch(/initSession/);
}, 180_000);
