import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandRunner } from '../../support/cli.js';
import { startLocalEnv, turnserverPath, type LocalEnv } from '../../support/local-env/index.js';
import { tempFolder } from '../../support/temp.js';

const cli = commandRunner('preflight');
const tmp = tempFolder('cli-quality-');

/** `video-allowlist preflight --quality` against the local environment (1 s at 800 kbit/s). */
describe.skipIf(!turnserverPath())('preflight --quality', () => {
  let env: LocalEnv;
  let args: string[];
  beforeAll(async () => {
    env = await startLocalEnv();
    const t = env.turn!;
    args = ['--list', tmp.file('list.txt', env.listText), '--ca', tmp.file('ca.pem', env.caPem)];
    for (const u of [t.urls.udp, t.urls.tcp, t.urls.tls]) args.push('--turn-url', u);
    args.push(
      '--turn-username',
      t.username,
      '--turn-credential',
      t.credential,
      '--api-url',
      env.apiUrl,
      '--logging-url',
      env.loggingUrl,
    );
  });
  afterAll(() => env?.stop());

  it('prints the figures of UDP, TCP and TLS and a recommendation', async () => {
    // Messaging and media are not configured here: skips accepted, else the verdict is incomplete (exit 3).
    const r = await cli([...args, '--quality', '--quality-seconds', '1', '--quality-kbps', '800', '--allow-skip']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^QUALITY\s+TARGET\s+LOSS\s+RTT MIN\/MED\/P95\s+JITTER\s+KBIT\/S\s+MOS$/m);
    for (const via of ['UDP', 'TCP', 'TLS'])
      expect(r.stdout).toMatch(
        new RegExp(`^${via}\\s+turns?:127\\.0\\.0\\.1:\\d+\\S*\\s+0%\\s+[\\d.]+/[\\d.]+/[\\d.]+ ms`, 'm'),
      );
    expect(r.stdout).toMatch(/^Recommendation: VIDEO - UDP \d+ 0% loss, .*, within every threshold\.$/m);
    expect(r.stdout).not.toContain(env.turn!.credential);
  });

  it('holds the fields in --json', async () => {
    const r = await cli([...args, '--quality-seconds', '0.5', '--json']);
    const report = JSON.parse(r.stdout) as {
      checks: Array<{ category: string; quality?: Record<string, unknown> }>;
      recommendation?: { level: string };
    };
    const turn = report.checks.filter((c) => c.category === 'turn');
    expect(turn).toHaveLength(3);
    for (const c of turn) expect(c.quality).toMatchObject({ seconds: expect.any(Number), lossRatio: 0 });
    expect(report.recommendation?.level).toBe('video');
  });

  it('is off without --quality, and names the flag for a bad value', async () => {
    const off = await cli([...args, '--json']);
    expect(JSON.parse(off.stdout)).not.toHaveProperty('recommendation');
    const bad = await cli([...args, '--quality-seconds', 'lots']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--quality-seconds: expected seconds 0.5-60, got NaN');
  });
});
