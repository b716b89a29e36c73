import { reachedReport, type Run } from '../verdict.js';

/** The signaling check: a WebSocket upgrade (HTTP 101) to the messaging URL. */
export const checkMessaging =
  (url: string): Run =>
  async (ctx, base) => {
    const r = await ctx.transport.websocket(url, ctx.signal);
    return reachedReport(base, r, ctx, { detail: r.detail ?? 'WebSocket upgraded' });
  };
