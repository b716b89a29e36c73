/**
 * Every `video-allowlist <command> --flag ...` written in README.md and docs/*.md names a command the
 * CLI has and flags that command's --help documents, so a renamed flag cannot leave the docs behind.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const FILES = [
  'README.md',
  ...readdirSync(join(REPO, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

interface Mention {
  where: string;
  command: string;
  flags: string[];
}

function mentions(): Mention[] {
  const out: Mention[] = [];
  for (const file of FILES) {
    readFileSync(join(REPO, file), 'utf8')
      .split('\n')
      .forEach((line, i) => {
        for (const m of line.matchAll(/video-allowlist ([a-z][a-z-]*)([^`\n]*)/g)) {
          out.push({
            where: `${file}:${i + 1}`,
            command: m[1]!,
            flags: [...m[2]!.matchAll(/(?:^|\s|\[)(--[a-z][a-z-]*)/g)].map((f) => f[1]!),
          });
        }
      });
  }
  return out;
}

/** `video-allowlist <command> --help`: its exit code and everything it wrote. */
async function help(command: string[]): Promise<{ code: number; text: string }> {
  const { code, stdout, stderr } = await runCli(command);
  return { code, text: stdout + stderr };
}

describe('video-allowlist in README.md and docs/*.md', () => {
  const found = mentions();

  it('the docs mention every command with flags (so the checks below check something)', () => {
    for (const c of ['preflight', 'check', 'diff', 'export']) expect(found.map((m) => m.command)).toContain(c);
    expect(found.some((m) => m.flags.length > 0)).toBe(true);
  });

  it.each(found.map((m) => [`${m.where}: video-allowlist ${m.command} ${m.flags.join(' ')}`.trim(), m] as const))(
    '%s: the command exists and its --help documents those flags',
    async (_label, m) => {
      const { code, text } = await help([m.command, '--help']);
      expect(code, `video-allowlist ${m.command} --help:\n${text}`).toBe(0);
      for (const flag of m.flags)
        expect(text, `${m.where}: ${flag} is not in "video-allowlist ${m.command} --help"`).toMatch(
          new RegExp(`(^|\\s)${flag}\\b`, 'm'),
        );
    },
  );
});
