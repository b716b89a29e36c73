/**
 * Answers a page's requests to the Internet on the machine: the Enterprise OpenTok.js URL with the
 * npm SDK's own `opentok.min.js`, and every other host but 127.0.0.1 with the SDK stand-in
 * (test/support/opentok.ts), at `/{host}{path}` as `OT.setProxyUrl` would send it. Nothing leaves
 * the machine (and Chromium resolves no name anyway: test/support/chromium.ts).
 */
import { readFileSync } from 'node:fs';
import type { Page, Route } from 'playwright-core';
import { OPENTOK_JS_PATH, type StandIn } from '../support/opentok.js';

/** The web SDK URL Vonage's Enterprise guide names. */
export const ENTERPRISE_SDK = 'https://video.enterprise.vonage.com/v2/js/opentok.min.js';

/** Routes every request of `page`; returns the set of foreign hosts the page asked for. */
export async function answerLocally(page: Page, standIn: Pick<StandIn, 'origin'>): Promise<Set<string>> {
  const hosts = new Set<string>();
  const sdk = readFileSync(OPENTOK_JS_PATH.replace(/opentok\.js$/, 'opentok.min.js'));
  await page.route('**/*', async (route: Route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1' || url.protocol === 'data:') return route.continue();
    hosts.add(url.host);
    if (url.href === ENTERPRISE_SDK) return route.fulfill({ status: 200, contentType: 'text/javascript', body: sdk });
    const response = await route.fetch({ url: `${standIn.origin}/${url.host}${url.pathname}${url.search}` });
    return route.fulfill({ response });
  });
  return hosts;
}
