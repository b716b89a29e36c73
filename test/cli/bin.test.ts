/**
 * The built command line, as npm installs it: `dist/cli.js` (package.json `bin`) run by Node as a
 * child process, with real stdout, stderr and exit status. Needs `dist/` (`npm run build`).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { guardedEnv, runChild } from '../support/child.js';
import type { CliRun } from '../support/cli.js';
import { tempFolder } from '../support/temp.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { bin: Record<string, string> };
const CLI = join(REPO, Object.values(pkg.bin)[0]!);

const tmp = tempFolder('cli-bin-');
let list = '';

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} missing: run \`npm run build\` before test/cli/bin.`);
  list = tmp.file('allowed.txt', '[media]\n203.0.113.0/24 Frankfurt\n[turn]\n198.51.100.0/24\n');
});

/** `node dist/cli.js ...args` in the temp folder, with no colour and nothing of this process's environment but PATH. */
function run(args: string[]): Promise<CliRun> {
  return runChild(process.execPath, [CLI, ...args], { cwd: tmp.path, env: { PATH: process.env.PATH, NO_COLOR: '1' } });
}

/** Runs the bin with its stdout closed by the reader before it writes (`... | head -0`): its exit code and stderr. */
function runIntoClosedPipe(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: tmp.path,
      env: guardedEnv({ PATH: process.env.PATH, NO_COLOR: '1' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', rej);
    child.on('close', (code) => res({ code, stderr }));
  });
}

/** Runs the bin with `input` on its standard input. */
function runWithStdin(args: string[], input: string): Promise<CliRun> {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: tmp.path,
      env: guardedEnv({ PATH: process.env.PATH, NO_COLOR: '1' }),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', rej);
    child.on('close', (code) => res({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('dist/cli.js (the package bin)', () => {
  it.each([
    [['export', '--format', 'text', '--list', 'allowed.txt'], 0],
    [['check', '10.0.0.1', '--list', 'allowed.txt'], 1],
  ])(
    '%j into a pipe its reader closed (| head) exits with its own status and no EPIPE stack trace',
    async (args, status) => {
      const r = await runIntoClosedPipe(args);
      expect(r.stderr).not.toMatch(/EPIPE|Unhandled 'error' event/);
      expect(r.code).toBe(status);
    },
  );

  it('starts with a node shebang, so npm can link it as an executable', () => {
    expect(readFileSync(CLI, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  it('--help lists the commands and exits 0', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    for (const command of ['preflight', 'check', 'diff', 'export'])
      expect(r.stdout).toMatch(new RegExp(`^\\s+${command}\\s+\\S`, 'm'));
    expect(r.stderr).toBe('');
  });

  it.each([
    [
      'an allowed address',
      ['203.0.113.7'],
      0,
      /^203\.0\.113\.7 {2}allowed {6}in 203\.0\.113\.0\/24 \(media, Frankfurt\)\n$/,
    ],
    [
      'an address outside the list',
      ['192.0.2.1'],
      1,
      /^192\.0\.2\.1 {2}NOT ALLOWED {2}no block of the list holds it\n$/,
    ],
  ])('check exits with the verdict for %s', async (_name, ips, code, out) => {
    const r = await run(['check', ...ips, '--list', list]);
    expect(r.code).toBe(code);
    expect(r.stdout).toMatch(out);
    expect(r.stderr).toBe('');
  });

  it('check refuses an invalid address on stderr with exit 2', async () => {
    const r = await run(['check', '127.1', '--list', list]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^video-allowlist check: "127\.1" is not a valid IP address/);
  });

  it('diff exits 1 when coverage changed, and export writes rules that read back', async () => {
    const after = tmp.file('after.txt', '[media]\n203.0.113.0/24\n[turn]\n198.51.100.0/24\n192.0.2.0/28\n');
    const diff = await run(['diff', list, after]);
    expect(diff.code).toBe(1);
    expect(diff.stdout).toContain('turn: +192.0.2.0/28 (16 addresses gained)');

    const exported = await run(['export', '--format', 'json-rules', '--list', after]);
    expect(exported.code).toBe(0);
    expect((JSON.parse(exported.stdout) as { all: { ipv4: string[] } }).all.ipv4).toEqual([
      '192.0.2.0/28',
      '198.51.100.0/24',
      '203.0.113.0/24',
    ]);
  });

  it('--list - reads the list from standard input (check, and convert in a pipe)', async () => {
    const text = readFileSync(list, 'utf8');
    const check = await runWithStdin(['check', '203.0.113.7', '--list', '-'], text);
    expect(check).toEqual({
      code: 0,
      stdout: '203.0.113.7  allowed      in 203.0.113.0/24 (media, Frankfurt)\n',
      stderr: '',
    });
    const json = await runWithStdin(['convert', '--list', '-'], text);
    expect(json.code).toBe(0);
    const back = await runWithStdin(['convert', '--list', '-'], json.stdout);
    expect(back).toEqual({
      code: 0,
      stdout: 'Media servers\n203.0.113.0/24 - Frankfurt\n\nTURN servers\n198.51.100.0/24\n',
      stderr: '',
    });
  });
});
