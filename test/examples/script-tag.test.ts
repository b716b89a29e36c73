/**
 * The script-tag example (`examples/script-tag/`) as a user runs it, in Debian's Chromium, without a
 * build step: `call.html` loads the Enterprise OpenTok.js URL (answered with the npm SDK's own
 * `opentok.min.js`: test/examples/local-sdk-route.ts) and `video-allowlist-guard.min.js`, and joins
 * with the credentials typed into its fields; `index.html` runs the preflight with the full script,
 * in credentials mode when the session fields are filled. The preflight page's other behaviour is
 * tested by test/preflight/browser/script-tag.test.ts. Needs `dist/` (`npm run build`).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type ChromiumHandle } from '../support/chromium.js';
import { startLocalEnv, type LocalEnv } from '../support/local-env/index.js';
import { startStandIn, type StandIn } from '../support/opentok.js';
import { startStaticServer, type StaticServer } from '../support/static-server.js';
import { REPO, requireDist } from '../preflight/browser/harness.js';
import { answerLocally, ENTERPRISE_SDK } from './local-sdk-route.js';

const EXAMPLE = resolve(REPO, 'examples/script-tag');
const OUT = resolve(REPO, 'test-output');

let env: LocalEnv;
let standIn: StandIn;
let site: StaticServer;
let browser: ChromiumHandle;
let page: Page;
let foreignHosts: Set<string>;

beforeAll(async () => {
  env = await startLocalEnv();
  if (!env.turn) throw new Error(`these tests need coturn: ${env.turnSkipReason}`);
  standIn = await startStandIn();
  site = await startStaticServer({
    csp: "script-src 'self' https://video.enterprise.vonage.com",
    mounts: {
      '/': EXAMPLE,
      '/video-allowlist.min.js': requireDist('video-allowlist.min.js'),
      '/video-allowlist-guard.min.js': requireDist('video-allowlist-guard.min.js'),
    },
  });
  browser = await launchChromium({ trustPem: [env.caPem], fakeMedia: true });
  page = await browser.newPage();
  foreignHosts = await answerLocally(page, standIn);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await standIn?.close();
  await env?.stop();
});

describe('the script-tag call page (call.html)', { timeout: 60_000 }, () => {
  it('loads OpenTok.js from the Enterprise URL, then the guard script', () => {
    const html = readFileSync(resolve(EXAMPLE, 'call.html'), 'utf8');
    const scripts = [...html.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]);
    expect(scripts).toEqual([ENTERPRISE_SDK, './video-allowlist-guard.min.js', './call.js']);
  });

  it('joins with the credentials typed in: the Connect event carries ipWhitelist: true', async () => {
    await page.goto(`${site.origin}/call.html`);
    await page.waitForSelector('body[data-state="ready"]');
    expect(foreignHosts.has('video.enterprise.vonage.com')).toBe(true);
    const sessionId = `1_MX4xMjM0NX5-script-tag-${process.pid}`;
    await page.fill('[name="apiKey"]', '12345');
    await page.fill('[name="sessionId"]', sessionId);
    await page.fill('[name="token"]', 'T1==script-tag-token');
    await page.click('#join');
    await page.waitForSelector('body[data-state="failed"]', { timeout: 30_000 });
    mkdirSync(OUT, { recursive: true });
    await page.screenshot({ path: resolve(OUT, 'script-tag-call.png'), fullPage: true });
    await standIn.waitFor(
      () => standIn.connectEvents(sessionId).some((e) => e.variation === 'Failure'),
      'the Connect Failure event',
    );
    const ended = standIn.connectEvents(sessionId).find((e) => e.variation === 'Failure');
    expect(ended).toMatchObject({ sessionId, ipWhitelist: true });
    expect(await page.$eval('#status', (e) => (e as HTMLElement).innerText)).toMatch(/^Cannot connect: /);
  });
});

describe('the script-tag preflight page (index.html) with the session fields', { timeout: 60_000 }, () => {
  it('checks the servers the session info names when API key, session id and token are given', async () => {
    await page.goto(`${site.origin}/`);
    await page.waitForSelector('body[data-state="ready"]');
    const { apiKey, sessionId, token } = env.credentials;
    await page.fill('[name="apiUrl"]', env.apiUrl);
    await page.fill('[name="loggingUrl"]', env.loggingUrl);
    await page.fill('[name="apiKey"]', apiKey);
    await page.fill('[name="sessionId"]', sessionId);
    await page.fill('[name="token"]', token);
    await page.fill('[name="list"]', env.listText);
    await page.click('#run');
    await page.waitForSelector('body[data-state="done"]', { timeout: 30_000 });
    await page.screenshot({ path: resolve(OUT, 'script-tag-credentials.png'), fullPage: true });
    const rows = await page.$$eval('#results tbody tr', (trs) => trs.map((tr) => ({ ...(tr as HTMLElement).dataset })));
    // No messaging or TURN URL was typed: both came from the session info.
    expect(rows.filter((r) => r.status === 'pass').map((r) => `${r.category}/${r.transport}`)).toEqual(
      expect.arrayContaining(['api/https', 'messaging/wss', 'turn/udp', 'turn/tcp', 'turn/tls']),
    );
    expect(await page.$eval('body', (b) => (b as HTMLElement).innerText)).not.toContain(token);
  });
});
