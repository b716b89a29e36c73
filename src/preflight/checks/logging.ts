import { httpDetail, reachedReport, type Run } from '../verdict.js';

/** The logging check: an HTTPS POST of a JSON event to `url` (`{loggingUrl}/logging/ClientEvent`); any HTTP answer proves the path. */
export const checkLogging =
  (url: string): Run =>
  async (ctx, base) => {
    const r = await ctx.transport.http({ url, method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }, ctx.signal);
    return reachedReport(base, r, ctx, { detail: httpDetail(r) });
  };
