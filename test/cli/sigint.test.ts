/**
 * Ctrl-C in the built command line: the first SIGINT aborts a running preflight, which still prints
 * its table (unfinished checks as `aborted`) and exits 130. Needs `dist/` (`npm run build`).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { assertStayedOnLoopback, guardedEnv } from '../support/child.js';

const CLI = join(resolve(dirname(fileURLToPath(import.meta.url)), '../..'), 'dist/cli.js');

let dir = '';
let server: Server;
const sockets = new Set<Socket>();
let port = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cli-sigint-'));
  writeFileSync(join(dir, 'allowed.txt'), '[api]\n127.0.0.0/8\n');
  // A black hole: accepts and never answers, so the check can only end by timeout or abort.
  server = createServer((s) => void sockets.add(s));
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  port = (server.address() as { port: number }).port;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((res) => server.close(res));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('Ctrl-C during a preflight prints the partial table with the check aborted and exits 130', async () => {
  const child = spawn(
    process.execPath,
    // Both default targets (api, logging) pointed at the loopback black hole: nothing leaves the machine.
    [
      CLI,
      'preflight',
      '--list',
      'allowed.txt',
      '--api-url',
      `https://127.0.0.1:${port}`,
      '--logging-url',
      `https://127.0.0.1:${port}/prod`,
      '--timeout',
      '20000',
    ],
    { cwd: dir, env: guardedEnv({ PATH: process.env.PATH, NO_COLOR: '1' }), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
    // Interrupt once the api check has started (its progress line is on stderr).
    if (/api/.test(stderr) && !child.killed) child.kill('SIGINT');
  });
  const started = Date.now();
  const code = await new Promise<number | null>((res) => child.on('close', (c) => res(c)));
  assertStayedOnLoopback(stderr);
  expect(code, stderr).toBe(130);
  expect(Date.now() - started).toBeLessThan(10_000); // far under the 20 s timeout: the abort ended it
  expect(stdout).toMatch(/aborted/);
  expect(stdout).toMatch(/api/);
}, 20_000);
