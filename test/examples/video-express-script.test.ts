/**
 * docs/video-express.md's script-tag recipe in Debian's Chromium with a fake camera: the docs' html
 * block is the page (Video Express's script build, then `dist/video-allowlist-guard.min.js`, then
 * `VideoAllowlist.guard()`), and the docs' js block is its `app.js` (a Room that joins). The unpkg URLs
 * are answered with the installed files, the SDK's hosts by the loopback stand-in
 * (test/support/video-express.ts). Needs `dist/` (`npm run build`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, requireDist } from '../preflight/browser/harness.js';
import { launchChromium, type ChromiumHandle } from '../support/chromium.js';
import { startStandIn, type StandIn } from '../support/opentok.js';
import { extractSnippets } from '../support/snippets.js';
import { GUARD_SCRIPT_URL, joinRoom, VE_UMD_URL } from '../support/video-express.js';

const DOC = 'docs/video-express.md';
const doc = readFileSync(join(REPO, DOC), 'utf8');
const [PAGE] = extractSnippets(doc, DOC, { html: 'html' });
const [APP] = extractSnippets(doc, DOC, { js: 'js' });

let standIn: StandIn;
let browser: ChromiumHandle;
let runs = 0;

beforeAll(async () => {
  requireDist('video-allowlist-guard.min.js');
  standIn = await startStandIn();
  browser = await launchChromium({ fakeMedia: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await standIn?.close();
});

/** Joins the Room of a page made of `body` and the docs' app.js; also reads what the page's OT is. */
async function joinPage(body: string): ReturnType<typeof joinRoom> {
  const sessionId = `1_MX4xMjM0NX5-ve-script-${process.pid}-${++runs}`;
  return joinRoom(browser, standIn, { body, files: { '/app.js': APP!.code }, sessionId });
}

describe('recipe 3: Video Express’s script build, then the guard script', { timeout: 60_000 }, () => {
  it('the docs’ page loads Video Express first, then the guard script, guard(), then app.js', () => {
    const scripts = [...PAGE!.code.matchAll(/<script(?: src="([^"]+)")?>([^<]*)<\/script>/g)].map((m) => m[1] ?? m[2]);
    expect(scripts).toEqual([VE_UMD_URL, GUARD_SCRIPT_URL, 'VideoAllowlist.guard();', 'app.js']);
  });

  it('the docs’ page and app.js: the Room’s Connect event carries ipWhitelist: true', async () => {
    const r = await joinPage(PAGE!.code);
    expect(r.ipWhitelist).toBe(true);
    // Video Express's bundled SDK is the public build: the library's one-time warning says so.
    expect(r.console.some((l) => l.startsWith('warning: vonage-video-allowlist:'))).toBe(true);
  });

  it('without guard() the same page’s Room sends false', async () => {
    const r = await joinPage(PAGE!.code.replace('<script>VideoAllowlist.guard();</script>', ''));
    expect(r.ipWhitelist).toBe(false);
  });

  it('guard() before Video Express’s script, with no other OpenTok.js, throws opentok-not-found', async () => {
    const before = `<script src="${GUARD_SCRIPT_URL}"></script>
<script>try { VideoAllowlist.guard(); } catch (e) { console.error('guard: ' + e.code); }</script>
<script src="${VE_UMD_URL}"></script><script src="app.js"></script>`;
    const r = await joinPage(before);
    expect(r.console).toContain('error: guard: opentok-not-found');
    expect(r.ipWhitelist).toBe(false);
  });
});
