import { redactUrl, urlHost } from '../targets.js';
import { failedReport, reachedReport, type CheckBase } from '../verdict.js';
import type { CheckContext, CheckReport } from '../types.js';

/** The signaling check: a WebSocket upgrade (HTTP 101) to the messaging URL. */
export async function checkMessaging(target: { url: string }, ctx: CheckContext): Promise<CheckReport> {
  const u = new URL(target.url);
  const base: CheckBase = {
    category: 'messaging',
    target: redactUrl(target.url),
    transport: 'wss',
    host: urlHost(u),
    port: Number(u.port || (u.protocol === 'ws:' ? 80 : 443)),
    ...(u.protocol === 'ws:' ? { plain: true } : {}),
  };
  try {
    const r = await ctx.transport.websocket(target.url, ctx.signal);
    return reachedReport(base, r, ctx, { detail: r.detail ?? 'WebSocket upgraded' });
  } catch (err) {
    return failedReport(base, err, ctx);
  }
}
