import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/audit', import.meta.url));
const ESC = '\x1b[';

describe('video-allowlist audit', () => {
  let clean: string;
  beforeAll(async () => {
    clean = await mkdtemp(join(tmpdir(), 'audit-cli-'));
    await writeFile(join(clean, 'app.js'), 'OT.initSession(k, s, { ipWhitelist: true });\n');
  });
  afterAll(() => rm(clean, { recursive: true, force: true }));

  it('exits 1 on the fixture tree and prints file:line:column, message and fix for each finding', async () => {
    const r = await runCli(['audit', FIXTURES]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(`${join(FIXTURES, 'web/bad.js')}:2:19  js-init-session (js)`);
    expect(r.stdout).toContain(`${join(FIXTURES, 'linux/bad.c')}:6:10  linux-otc-session-new (linux)`);
    expect(r.stdout).toContain('    const session = OT.initSession(apiKey, sessionId, { ipWhitelist: true });');
    expect(r.stdout).toMatch(/9 findings in 9 files \(18 files scanned\)\.\n$/);
    expect(r.stdout).not.toContain('good');
    expect(r.stdout).not.toContain('Good');
  });

  it.each([
    ['one raw call', 'OT.initSession(k, s);\n', /\n1 finding in 1 file \(1 file scanned\)\.\n$/],
    [
      'two raw calls',
      'OT.initSession(k, s);\nOT.initSession(k, t);\n',
      /\n2 findings in 1 file \(1 file scanned\)\.\n$/,
    ],
  ])('counts findings and files in the singular and plural (%s in one file)', async (_n, source, summary) => {
    const dir = await mkdtemp(join(tmpdir(), 'audit-cli-count-'));
    try {
      await writeFile(join(dir, 'bad.js'), source);
      const r = await runCli(['audit', dir]);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(summary);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('exits 0 on a clean tree and says how many files it read', async () => {
    const r = await runCli(['audit', clean]);
    expect(r).toEqual({
      code: 0,
      stdout: 'No findings: no session created without the allowed IP list (1 file scanned).\n',
      stderr: '',
    });
  });

  it('--json gives root, filesScanned and findings with file, line, column, rule, platform, message, fix', async () => {
    const r = await runCli(['audit', FIXTURES, '--json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.root).toBe(FIXTURES);
    expect(report.filesScanned).toBe(18);
    expect(report.findings).toHaveLength(9);
    for (const f of report.findings) {
      expect(Object.keys(f).sort()).toEqual(['column', 'file', 'fix', 'line', 'message', 'platform', 'rule']);
    }
    expect(report.findings[0]).toMatchObject({
      file: 'android/Bad.java',
      line: 8,
      column: 16,
      rule: 'android-session-builder',
      platform: 'android',
    });
  });

  it('--json on a clean tree exits 0 with no findings', async () => {
    const r = await runCli(['audit', '--json', clean]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ root: clean, filesScanned: 1, findings: [] });
  });

  it.each([
    [['audit', 'a', 'b'], /one DIR at most, got 2/],
    [['audit', '--jsno'], /unknown option --jsno; did you mean --json\?/],
    [['audit', '/nonexistent/video-allowlist-audit'], /Cannot audit "\/nonexistent\/video-allowlist-audit": ENOENT/],
  ])('%j exits 2 with the reason on stderr only', async (argv, reason) => {
    const r = await runCli(argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(reason);
  });

  it('--help prints the usage, what it reads and skips, and the exit codes', async () => {
    const r = await runCli(['audit', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: video-allowlist audit [DIR] [--json]');
    expect(r.stdout).toContain('skips node_modules, .git, dist, build, Pods');
    expect(r.stdout).toContain('Exit status: 0 nothing found, 1 findings, 2 bad usage');
  });

  it.each([
    [true, {}, true],
    [true, { NO_COLOR: '1' }, false],
    [false, {}, false],
  ])('tty=%s env=%j: colour %s', async (isTTY, env, coloured) => {
    const r = await runCli(['audit', FIXTURES], { isTTY, env });
    expect(r.stdout.includes(ESC)).toBe(coloured);
  });
});
