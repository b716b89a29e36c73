/**
 * The README's and docs' blocks that are not TypeScript or JavaScript (those run in
 * test/docs/snippets.test.ts):
 *
 * - `html`: the `<script>` tags run in a happy-dom window, in order: the Enterprise OpenTok.js URLs get
 *   the real SDK (its requests go to the loopback stand-in), this package's unpkg URLs get the script
 *   file built from its entry (and must name one of the two script files), an inline script runs with
 *   the names the docs leave free; then the page's `VideoAllowlist` must be there.
 * - `sh`: every command line runs, or is checked when it cannot run here: `video-allowlist check` runs
 *   (in-process, with the list saved to a file), an `npm run` names a script package.json has, an
 *   `npm install` names this package, a path a line copies or serves exists. A line no rule knows fails.
 * - `json`: parses; a list in the JSON form reads with `AllowedIpList.fromJSON`.
 * - `text` in docs/list-format.md: the example list reads with `AllowedIpList.fromText`.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AllowedIpList } from '../../src/index.js';
import { runCli } from '../support/cli.js';
import { openSdkWindow, startStandIn, type StandIn } from '../support/opentok.js';
import { SNIPPET_LIST_TEXT, browserIife } from '../support/snippet-run.js';
import { REPO, extractSnippets, type Snippet } from '../support/snippets.js';

const DOC_FILES = [
  'README.md',
  ...readdirSync(join(REPO, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`),
];
const blocks = (...langs: string[]): Snippet[] =>
  DOC_FILES.flatMap((file) =>
    extractSnippets(readFileSync(join(REPO, file), 'utf8'), file, Object.fromEntries(langs.map((l) => [l, l]))),
  );
const label = (s: Snippet): string => `${s.file}:${s.line}`;
const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
  name: string;
  scripts: Record<string, string>;
};

/** The OpenTok.js URLs of the Enterprise environment (the current one, and the older pages'). */
const ENTERPRISE_SDK_URLS = [
  'https://video.enterprise.vonage.com/v2/js/opentok.min.js',
  'https://enterprise.opentok.com/v2/js/opentok.min.js',
];
/** This package's script files, by the entry each is built from. */
const SCRIPT_FILES: Record<string, string> = {
  'video-allowlist.min.js': 'src/browser.ts',
  'video-allowlist-guard.min.js': 'src/browser-guard.ts',
};
const UNPKG = /^https:\/\/unpkg\.com\/vonage-video-allowlist\/dist\/([\w.-]+)$/;

describe('the html blocks', () => {
  let standIn: StandIn;
  beforeAll(async () => {
    standIn = await startStandIn();
  });
  afterAll(async () => {
    await standIn?.close();
  });

  const html = blocks('html');
  it('there are some (the install block, the script files)', () => {
    expect(html.filter((b) => b.file === 'README.md').length).toBeGreaterThanOrEqual(1);
  });

  it.each(html.map((b) => [label(b), b] as const))('%s runs its script tags in a page', async (_label, block) => {
    const tags = [...block.code.matchAll(/<script(?:\s+src="([^"]*)")?[^>]*>([\s\S]*?)<\/script>/g)];
    expect(tags.length).toBeGreaterThan(0);
    const page = openSdkWindow(standIn); // the SDK's requests go to the stand-in; its script runs again below
    try {
      Object.assign(page.window, { apiKey: '12345', sessionId: `1_MX4xMjM0NX5-html-${block.line}`, token: 'T1==t' });
      let loadedLibrary = false;
      for (const [, src, inline] of tags) {
        if (src === undefined) page.evaluate(inline!);
        else if (ENTERPRISE_SDK_URLS.includes(src)) expect(page.OT.version).toMatch(/^v?2\.\d+\.\d+$/);
        else if (UNPKG.test(src)) {
          const file = UNPKG.exec(src)![1]!;
          expect(Object.keys(SCRIPT_FILES), `${src} names one of the two script files`).toContain(file);
          page.evaluate(await browserIife(SCRIPT_FILES[file]));
          loadedLibrary = true;
        } else expect(src, 'a page script of the example, next to the page').toMatch(/^[\w.-]+\.js$/);
      }
      if (loadedLibrary) expect(typeof (page.window['VideoAllowlist'] as { guard?: unknown }).guard).toBe('function');
    } finally {
      await page.close();
    }
  });
});

describe('the sh blocks', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vva-sh-blocks-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs or checks one command; throws when no rule knows it. */
  async function runOrCheck(command: string): Promise<void> {
    const words = command.split(/\s+/).filter(Boolean);
    const [tool, sub, ...rest] = words;
    if (tool === 'npm' && (sub === 'install' || sub === 'i')) expect(rest).toEqual([pkg.name]);
    else if (tool === 'npm' && sub === 'run') expect(pkg.scripts, command).toHaveProperty(rest[0]!);
    else if (tool === 'npm' && (sub === 'test' || sub === 'ci'))
      expect(sub === 'ci' || 'test' in pkg.scripts).toBe(true);
    else if (tool === 'npx' && sub === 'video-allowlist' && rest[0] === 'check') {
      // Run it, with the list the README tells the user to save.
      const args = rest.slice(1).map((a, i, all) => {
        if (all[i - 1] !== '--list') return a;
        writeFileSync(join(dir, a), SNIPPET_LIST_TEXT);
        return join(dir, a);
      });
      const r = await runCli(['check', ...args]);
      expect(r.code, r.stderr).toBeLessThan(2);
      expect(r.stdout).not.toBe('');
    } else if (tool === 'npx' && sub === 'video-allowlist' && rest[0] === 'preflight') {
      // Reaching Vonage is not possible here: its flags are checked by test/docs/cli-mentions.test.ts.
      expect(rest).toContain('--list');
    } else if (tool === 'cp') {
      const [from, to] = [sub!, rest[0]!];
      const file = from.split('/').at(-1)!;
      expect(Object.keys(SCRIPT_FILES), `${from} is a script file the build makes`).toContain(file);
      expect(existsSync(join(REPO, to)), `${to} exists`).toBe(true);
    } else if (tool === 'npx' && sub === 'http-server') expect(existsSync(join(REPO, rest[0]!))).toBe(true);
    else throw new Error(`no rule runs or checks "${command}": add one to test/docs/blocks.test.ts`);
  }

  const sh = blocks('sh');
  it.each(sh.map((b) => [label(b), b] as const))('%s: every command runs or is checked', async (_label, block) => {
    const commands = block.code
      .split('\n')
      .map((l) => l.replace(/\s#.*$/, '').trim())
      .filter((l) => l && !l.startsWith('#'))
      .flatMap((l) => l.split('&&').map((c) => c.trim()));
    // docs/platforms.md shows the command's usage line (`video-allowlist audit [DIR] [--json]`), not a command.
    for (const c of commands) if (!c.startsWith('video-allowlist ')) await runOrCheck(c);
  });
});

describe('the json and text blocks', () => {
  it.each(blocks('json').map((b) => [label(b), b] as const))('%s parses (a list: reads as one)', (_label, block) => {
    const value = JSON.parse(block.code) as Record<string, unknown>;
    if ('schemaVersion' in value) expect(AllowedIpList.fromJSON(block.code).entries().length).toBeGreaterThan(0);
  });

  it('the text form example of docs/list-format.md reads as a list', () => {
    const [example] = blocks('text').filter((b) => b.file === 'docs/list-format.md');
    expect(AllowedIpList.fromText(example!.code).entries().length).toBeGreaterThan(5);
  });
});
