/**
 * Files the user names: one wording, in every command, for a file that cannot be read, and `-` for
 * standard input wherever a list is read.
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';
import { runCli, type CliRun } from '../support/cli.js';
import { tempFolder } from '../support/temp.js';

const LIST = '[media]\n203.0.113.0/24 Frankfurt\n';
const tmp = tempFolder('cli-files-');

/** Runs the CLI with `stdin` as standard input (or none when undefined). */
async function withStdin(argv: string[], stdin: string | undefined): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    env: {},
    isTTY: false,
    ...(stdin === undefined ? {} : { stdin: () => Promise.resolve(stdin) }),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

describe('a file that cannot be read', () => {
  it.each([
    ['check', (f: string) => ['check', '192.0.2.1', '--list', f], '--list '],
    ['export', (f: string) => ['export', '--format', 'text', '--list', f], '--list '],
    ['convert', (f: string) => ['convert', '--list', f], '--list '],
    ['preflight', (f: string) => ['preflight', '--list', f], '--list '],
    ['diff (old)', (f: string) => ['diff', f, tmp.file('ok.txt', LIST)], ''],
  ])('%s says which file and why, in one wording, exit 2', async (_name, argv, flag) => {
    const missing = `${tmp.path}/missing.txt`;
    const r = await runCli(argv(missing));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`: ${flag}${missing}: cannot read the file \\(no such file\\)\\n`));
    const dir = await runCli(argv(tmp.path));
    expect(dir.stderr).toContain(`${flag}${tmp.path}: cannot read the file (is a directory)`);
  });
});

describe('--list - reads standard input', () => {
  it.each([
    ['check', ['check', '203.0.113.7', '--list', '-'], 'allowed'],
    ['export', ['export', '--format', 'text', '--list', '-'], '203.0.113.0/24'],
    ['convert', ['convert', '--list', '-'], '"ip_prefix": "203.0.113.0/24"'],
    ['diff', ['diff', '-', 'SAME'], 'no change in coverage'],
  ])('%s', async (_name, argv, output) => {
    const same = tmp.file('same.txt', LIST);
    const r = await withStdin(
      argv.map((a) => (a === 'SAME' ? same : a)),
      LIST,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(output);
  });

  it('names the problems of a list read from standard input as <stdin>:LINE:COLUMN', async () => {
    const r = await withStdin(['check', '203.0.113.7', '--list', '-'], '[media]\n10.0.0.1/8\n');
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')).toEqual([
      'video-allowlist check: --list <stdin>: the list has 1 problem:',
      '<stdin>:2:1: "10.0.0.1/8": host bits set; did you mean 10.0.0.0/8?',
      '',
    ]);
  });

  it('refuses - when there is no standard input to read', async () => {
    const r = await withStdin(['check', '203.0.113.7', '--list', '-'], undefined);
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: 'video-allowlist check: --list <stdin>: there is no standard input to read\n',
    });
  });

  it('diff refuses - for both lists', async () => {
    const r = await withStdin(['diff', '-', '-'], LIST);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/only one of <old> and <new> can be read from standard input/);
  });
});
