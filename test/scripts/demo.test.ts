import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { turnserverPath } from '../support/local-env/index.js';
import { assertStayedOnLoopback, guardedEnv } from '../support/child.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = createRequire(import.meta.url).resolve('tsx/cli');

interface Ran {
  code: number | null;
  out: string;
}

/** `tsx scripts/demo.ts` in a child process; killed (and the test failed) if it does not exit by itself. */
function runDemo(limitMs: number): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TSX, 'scripts/demo.ts'], {
      cwd: ROOT,
      env: guardedEnv({ ...process.env, NO_COLOR: '1' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => void (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => void (out += d.toString()));
    let killer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      // SIGTERM first: the demo exits through 'exit', which stops coturn; SIGKILL if that hangs.
      child.kill('SIGTERM');
      killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      reject(new Error(`the demo did not exit within ${limitMs} ms (something left running?)\n${out}`));
    }, limitMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      clearTimeout(killer);
      try {
        assertStayedOnLoopback(out);
        resolve({ code, out });
      } catch (err) {
        reject(err);
      }
    });
  });
}

describe('npm run demo (scripts/demo.ts)', () => {
  let ran: Ran;
  beforeAll(async () => {
    ran = await runDemo(90_000);
  }, 100_000);

  it('exits 0 by itself (nothing left running)', () => {
    expect(ran.out).toContain('Every server, socket, timer and child process (coturn) is gone.');
    expect(ran.code, ran.out).toBe(0);
  });

  it('passes every check in every category of the sample list (TURN over UDP, TCP and TLS with coturn)', () => {
    const rows = ran.out
      .split('\n')
      .filter((l) => /^(PASS|FAIL|SKIP) {2}/.test(l))
      .map((l) => l.split(/\s+/).slice(0, 3).join(' '));
    const turn = turnserverPath() ? ['PASS turn UDP', 'PASS turn TCP', 'PASS turn TLS'] : ['SKIP turn UDP'];
    expect(rows).toEqual([
      'PASS api HTTPS',
      'PASS messaging WSS',
      ...turn,
      'PASS media TCP',
      'PASS media UDP',
      'PASS logging HTTPS',
    ]);
    expect(ran.out).toMatch(/^OK: \d pass, 0 fail/m);
    if (!turnserverPath()) expect(ran.out).toMatch(/TURN\s+not started: .*not installed/);
    else expect(ran.out).toMatch(/^QUALITY {2}[\s\S]*^(UDP|TCP|TLS) [\s\S]*^Recommendation: VIDEO /m);
  });

  it('shows the SDK sending "ipWhitelist":true through the library (and false through the raw SDK)', () => {
    expect(ran.out).toMatch(/Connect Failure {2}ipWhitelist: true/);
    expect(ran.out).toContain('"ipWhitelist":true');
    expect(ran.out).toMatch(/raw SDK[^\n]*\n\s+Connect Failure: ipWhitelist: false/);
  });

  it('never prints the token', () => {
    expect(ran.out).toContain('--token ***');
    expect(ran.out).not.toMatch(/T1==[A-Za-z0-9+/=]{8,}/);
  });
});
