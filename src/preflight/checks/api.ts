import { urlBase, type Check } from './check.js';
import { probeHttp } from './http.js';

/** Vonage's public API server, probed when no `apiUrl` is given. */
export const DEFAULT_API_URL = 'https://anvil.opentok.com';

/**
 * The API server: an HTTPS GET accepting JSON; any HTTP answer proves the path. In credentials mode
 * this row is the session-info request instead (`session.ts`), which the runner plans.
 */
export const api: Check<string, string> = {
  name: 'api',
  block: 'api',
  words: { block: 'API' },
  via: 'https',
  readsSession: true,
  targets: (options) => (options.credentials ? [] : [options.apiUrl ?? DEFAULT_API_URL]),
  plan: (url) => [{ base: urlBase(api, url), request: url }],
  run: (url, ctx, base) => probeHttp({ url, method: 'GET', headers: { Accept: 'application/json' } }, ctx, base),
};
