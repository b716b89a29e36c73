/**
 * `video-allowlist preflight` behind a proxy and with skips: HTTPS_PROXY honoured through the real
 * tinyproxy, per-check `via` in the report, the closing sentence, and the exit statuses
 * (0 pass, 1 fail, 3 incomplete unless --allow-skip).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalEnv, type LocalEnv } from '../support/local-env/index.js';
import { commandRunner } from '../support/cli.js';
import { startTinyproxy, tinyproxySkip, type RunningProxy } from '../support/proxies.js';
import { tempFolder } from '../support/temp.js';

const cli = commandRunner('preflight');
const tmp = tempFolder('cli-preflight-proxy-');
let env: LocalEnv;
let proxy: RunningProxy | undefined;
let base: string[];

beforeAll(async () => {
  env = await startLocalEnv({ coturn: false });
  base = [
    '--list',
    tmp.file('list.txt', env.listText),
    '--ca',
    tmp.file('ca.pem', env.caPem),
    '--api-url',
    env.apiUrl,
    '--messaging-url',
    env.messagingUrl,
    '--logging-url',
    env.loggingUrl,
    '--media-host',
    env.media.host,
    '--media-tcp-port',
    String(env.media.tcpPort),
  ];
  if (!tinyproxySkip()) proxy = await startTinyproxy();
});
afterAll(async () => {
  await proxy?.stop();
  await env?.stop();
});

interface Report {
  verdict: string;
  checks: Array<{ category: string; transport: string; status: string; via?: string }>;
}

describe.skipIf(tinyproxySkip() !== null)('video-allowlist preflight through HTTPS_PROXY', () => {
  it('passes through the real proxy, and the report says per check which went through it', async () => {
    const r = await cli([...base, '--media-udp-port', String(env.media.udpPort), '--json'], {
      env: { HTTPS_PROXY: proxy!.url },
    });
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as Report;
    expect(report.checks.map((c) => `${c.category}/${c.transport} ${c.status} ${c.via}`)).toEqual([
      'api/https pass proxy',
      'messaging/wss pass proxy',
      'turn/udp skip undefined',
      'media/tcp pass direct',
      'media/udp pass direct',
      'logging/https pass proxy',
    ]);
    // No TURN URL given: the run is incomplete (exit 3) until --allow-skip accepts the skip.
    expect([report.verdict, r.code]).toEqual(['incomplete', 3]);
    expect(proxy!.connects()).toContain(`127.0.0.1:${new URL(env.apiUrl).port}`);
  });

  it('--proxy with a password: the table ends with the sentence, and the password is never printed', async () => {
    const url = proxy!.url.replace('//', '//someone:Pr0xyPassw0rd@');
    const r = await cli([...base, '--proxy', url, '--allow-skip', '--timeout', '3000']);
    expect(r.code).toBe(0);
    const last = r.stdout.trimEnd().split('\n').at(-1)!;
    expect(last).toBe(
      'Pass: reached inside the list: media over TCP; reached through the proxy: API over HTTPS, signaling over WSS and logging over HTTPS; ' +
        'not tested: TURN UDP (give --turn-url or --api-key, --session-id and --token) and media UDP (give --media-udp-port).',
    );
    expect(r.stdout + r.stderr).not.toMatch(/Pr0xyPassw0rd|someone/);
  });

  it("--no-proxy '*' connects directly whatever HTTPS_PROXY says", async () => {
    const r = await cli([...base, '--no-proxy', '*', '--allow-skip', '--json'], { env: { HTTPS_PROXY: proxy!.url } });
    const report = JSON.parse(r.stdout) as Report;
    expect(report.checks.filter((c) => c.status !== 'skip').every((c) => c.via === 'direct')).toBe(true);
    expect([report.verdict, r.code]).toEqual(['pass', 0]);
  });
});

describe('video-allowlist preflight: proxy settings it cannot use', () => {
  it.each([
    [
      { ALL_PROXY: 'socks5://user:secretpw@127.0.0.9:1080' },
      [],
      /^video-allowlist preflight: ALL_PROXY: socks5:\/\/ proxies are not supported/,
    ],
    [{}, ['--proxy', 'ftp://127.0.0.9'], /^video-allowlist preflight: --proxy: ftp:\/\/ proxies are not supported/],
  ])('%j %j is bad usage (exit 2) naming where it came from, never the password', async (vars, flags, message) => {
    const r = await cli([...base, ...flags], { env: vars });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toContain('secretpw');
  });
});
