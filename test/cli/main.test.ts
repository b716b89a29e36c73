import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { packageVersion } from '../../src/cli/main.js';
import { runCli } from '../support/cli.js';

const COMMANDS = ['preflight', 'check', 'diff', 'export', 'snippet', 'audit'];

describe('video-allowlist (top level)', () => {
  it.each([['--help'], ['-h'], ['help']])('%s lists every command with its one-line summary, exit 0', async (flag) => {
    const r = await runCli([flag]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    for (const name of COMMANDS) {
      const mod = (await import(`../../src/cli/commands/${name}.ts`)) as { summary: string };
      expect(mod.summary.length).toBeGreaterThan(0);
      expect(r.stdout).toMatch(new RegExp(`^  ${name} +${mod.summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    }
  });

  it("names every exit status the binary uses, Ctrl-C's 130 included", async () => {
    const r = await runCli(['--help']);
    expect(r.stdout).toMatch(
      /^Exit status: 0 ok, 1 something found or failed, 2 bad usage, 130 interrupted \(Ctrl-C\)\.$/m,
    );
  });

  it('no arguments: the same help on stderr, exit 2', async () => {
    const r = await runCli([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Usage: video-allowlist <command>');
  });

  it('--version prints the version from package.json', async () => {
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(packageVersion()).toBe(pkg.version);
    expect(await runCli(['--version'])).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it.each([
    [['frobnicate'], /Unknown command "frobnicate"\. Commands: preflight, check, diff, export, snippet, audit/],
    [['--frob'], /Unknown option "--frob"/],
    [['toString'], /Unknown command "toString"/],
    [['chekc'], /^video-allowlist: Unknown command "chekc"\. Did you mean check\? Commands: /],
    [['--verison'], /^video-allowlist: Unknown option "--verison"\. Did you mean --version\? /],
  ])('%j exits 2 with the reason on stderr only', async (argv, reason) => {
    const r = await runCli(argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(reason);
  });

  it('passes the rest of argv to the command', async () => {
    const r = await runCli(['snippet', '--platform', 'linux']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('otc_session_new_with_settings(');
  });
});
