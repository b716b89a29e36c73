import { urlBase, type Check } from './check.js';
import { probeHttp, trimSlashes } from './http.js';

/** Vonage's public logging base, probed when no `loggingUrl` is given. */
export const DEFAULT_LOGGING_URL = 'https://hlg.tokbox.com/prod';

/** The logging server: an HTTPS POST of a JSON event to `{loggingUrl}/logging/ClientEvent`; any HTTP answer proves the path. */
export const logging: Check<string, string> = {
  name: 'logging',
  block: 'logging',
  words: { block: 'logging' },
  via: 'https',
  targets: (options) => [`${trimSlashes(options.loggingUrl ?? DEFAULT_LOGGING_URL)}/logging/ClientEvent`],
  plan: (url) => [{ base: urlBase(logging, url), request: url }],
  run: (url, ctx, base) =>
    probeHttp({ url, method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }, ctx, base),
};
