import { redactUrl, urlHost } from '../targets.js';
import { failedReport, httpDetail, reachedReport, type CheckBase } from '../verdict.js';
import type { CheckContext, CheckReport } from '../types.js';

/** The logging check: an HTTPS POST to `{loggingUrl}/logging/ClientEvent`; any HTTP answer proves the path. */
export async function checkLogging(target: { loggingUrl: string }, ctx: CheckContext): Promise<CheckReport> {
  const url = `${target.loggingUrl.replace(/\/+$/, '')}/logging/ClientEvent`;
  const u = new URL(url);
  const plain = u.protocol === 'http:';
  const base: CheckBase = { category: 'logging', target: redactUrl(url), transport: 'https', host: urlHost(u), port: Number(u.port || (plain ? 80 : 443)), ...(plain ? { plain } : {}) };
  try {
    const r = await ctx.transport.http(
      { url, method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' },
      ctx.signal,
    );
    return reachedReport(base, r, ctx, { detail: httpDetail(r) });
  } catch (err) {
    return failedReport(base, err, ctx);
  }
}
