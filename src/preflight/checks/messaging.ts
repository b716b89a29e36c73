import { ProbeError } from '../probe-error.js';
import { reachedReport } from '../verdict.js';
import { baseOf, urlBase, type Check } from './check.js';

/** The signaling server: a WebSocket upgrade (HTTP 101) to the messaging URL. */
export const messaging: Check<string, string> = {
  name: 'messaging',
  block: 'api',
  words: { block: 'API', missing: 'messaging URL' },
  via: 'wss',
  targets: (options) => (options.messagingUrl ? [options.messagingUrl] : []),
  fromSession: (info) => info.messaging,
  plan: (url) => [
    {
      base: isWebSocketUrl(url)
        ? urlBase(messaging, url)
        : // A URL the session info names in a form nothing can probe: its run fails, the run goes on.
          baseOf(messaging, { target: '(from the session info)', transport: 'wss', host: '(session info)', port: 443 }),
      request: url,
    },
  ],
  run: async (url, ctx, base) => {
    if (!isWebSocketUrl(url))
      throw new ProbeError('bad-response', "the session info's messaging_url is not a ws:// or wss:// URL");
    const answer = await ctx.transport.websocket(url, ctx.signal);
    return reachedReport(base, answer, ctx, { detail: answer.detail ?? 'WebSocket upgraded' });
  },
};

function isWebSocketUrl(url: string): boolean {
  try {
    return /^wss?:$/.test(new URL(url).protocol);
  } catch {
    return false;
  }
}
