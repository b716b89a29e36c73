/**
 * examples/node-script as a user runs it: the folder copied to a temporary project whose
 * node_modules/vonage-video-allowlist links to this repo (so the import goes through the package's
 * exports map to the built dist/), run with `node` against the local stand-in servers in credentials
 * mode. Needs `dist/` (`npm run build`).
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PreflightReport } from '../../src/preflight/types.js';
import { runChild } from '../support/child.js';
import type { CliRun } from '../support/cli.js';
import { loopbackListText, startLocalEnv, type LocalEnv } from '../support/local-env/index.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

let env: LocalEnv;
let project = '';

beforeAll(async () => {
  if (!existsSync(join(REPO, 'dist/node.js')))
    throw new Error('dist/node.js missing: run `npm run build` before test/examples.');
  project = mkdtempSync(join(tmpdir(), 'va-node-script-'));
  cpSync(join(REPO, 'examples/node-script'), project, { recursive: true });
  mkdirSync(join(project, 'node_modules'));
  symlinkSync(REPO, join(project, 'node_modules/vonage-video-allowlist'), 'dir');
  env = await startLocalEnv();
  writeFileSync(join(project, 'ca.pem'), env.caPem);
  writeFileSync(join(project, 'allowed.txt'), env.listText);
  writeFileSync(join(project, 'no-logging.txt'), loopbackListText(['api', 'turn', 'media']));
});

afterAll(async () => {
  await env?.stop();
  if (project) rmSync(project, { recursive: true, force: true });
});

/** `node preflight.mjs ...args` in the temp project, configured for the local environment through its env. */
function runScript(args: string[]): Promise<CliRun> {
  return runChild(process.execPath, ['preflight.mjs', ...args], {
    cwd: project,
    env: {
      PATH: process.env.PATH,
      NODE_EXTRA_CA_CERTS: join(project, 'ca.pem'),
      VONAGE_API_URL: env.apiUrl,
      VONAGE_LOGGING_URL: env.loggingUrl,
      VONAGE_MEDIA_TCP_PORT: String(env.media.tcpPort),
      VONAGE_API_KEY: env.credentials.apiKey,
      VONAGE_SESSION_ID: env.credentials.sessionId,
      VONAGE_VIDEO_TOKEN: env.credentials.token,
    },
  });
}

describe('examples/node-script/preflight.mjs', () => {
  it('passes every check against the local servers with a list covering them: exit 0 and a JSON report', async () => {
    const { code, stdout, stderr } = await runScript(['allowed.txt', '--json']);
    expect(code, stderr).toBe(0);
    const report = JSON.parse(stdout) as PreflightReport;
    expect(report.ok).toBe(true);
    const ran = report.checks.filter((c) => c.status === 'pass');
    expect(new Set(ran.map((c) => c.category))).toEqual(
      new Set(['api', 'messaging', 'media', 'logging', ...(env.turn ? ['turn'] : [])]),
    );
    for (const c of ran)
      expect(c.addresses, c.target).toEqual([{ ip: '127.0.0.1', allowed: true, block: '127.0.0.1/32' }]);
    // Progress went to stderr, one line per check; the token appears nowhere.
    expect(stderr).toMatch(/^pass api /m);
    expect(stdout + stderr).not.toContain(env.credentials.token);
  });

  it('fails with exit 1 and says so in the table when the list lacks the logging block', async () => {
    const { code, stdout, stderr } = await runScript(['no-logging.txt']);
    expect(code, stderr).toBe(1);
    expect(stdout).toMatch(/FAIL\s+logging/);
    expect(stdout).toContain('outside your list');
  });

  it('exits 2 naming the file when the list cannot be read', async () => {
    const { code, stderr } = await runScript(['missing.txt']);
    expect(code).toBe(2);
    expect(stderr).toContain('missing.txt');
  });
});
