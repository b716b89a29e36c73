import { parseSessionInfo, redactUrl, urlHost, type SessionTargets } from '../targets.js';
import { failedReport, httpDetail, reachedReport, type CheckBase } from '../verdict.js';
import type { CheckContext, CheckReport } from '../types.js';

/** The API server check: an HTTPS GET; any HTTP answer proves the path (DNS, TCP, TLS, first byte timed). */
export async function checkApi(target: { url: string }, ctx: CheckContext): Promise<CheckReport> {
  const base = apiBase(target.url);
  try {
    const r = await ctx.transport.http({ url: target.url, method: 'GET', headers: { Accept: 'application/json' } }, ctx.signal);
    return reachedReport(base, r, ctx, { detail: httpDetail(r) });
  } catch (err) {
    return failedReport(base, err, ctx);
  }
}

/** The client version the session-info request announces (the SDK's own header; see docs). */
export const CLIENT_VERSION = 'js-2.35.2';

/**
 * Credentials mode: the SDK's session-info request, `GET {apiUrl}/session/{sessionId}?extended=true`
 * with its headers. A 2xx JSON answer passes and names what the other checks probe; any other answer
 * still proves the path (its address is judged) but fails with `http-status` / `bad-response`.
 */
export async function checkSession(
  target: { apiUrl: string; sessionId: string; token: string },
  ctx: CheckContext,
): Promise<{ report: CheckReport; session: SessionTargets | null }> {
  const url = `${target.apiUrl.replace(/\/+$/, '')}/session/${encodeURIComponent(target.sessionId)}?extended=true`;
  const base = apiBase(target.apiUrl);
  base.target = `${redactUrl(target.apiUrl).replace(/\/+$/, '')}/session/{sessionId}?extended=true`;
  try {
    const r = await ctx.transport.http(
      {
        url,
        method: 'GET',
        readBody: true,
        headers: {
          'X-OPENTOK-AUTH': target.token,
          'X-TB-VERSION': '1',
          'X-TB-CLIENT-VERSION': CLIENT_VERSION,
          'X-TB-CONNECTIONID': globalThis.crypto.randomUUID(),
          Accept: 'application/json',
        },
      },
      ctx.signal,
    );
    if (r.status < 200 || r.status > 299) {
      return { report: reachedReport(base, r, ctx, { failCode: 'http-status', detail: `HTTP ${r.status} to the session-info request` }), session: null };
    }
    try {
      const session = parseSessionInfo(r.body ?? '');
      return { report: reachedReport(base, r, ctx, { detail: `HTTP ${r.status}, session info read` }), session };
    } catch (err) {
      return { report: reachedReport(base, r, ctx, { failCode: 'bad-response', detail: (err as Error).message }), session: null };
    }
  } catch (err) {
    return { report: failedReport(base, err, ctx), session: null };
  }
}

function apiBase(url: string): CheckBase {
  const u = new URL(url);
  const plain = u.protocol === 'http:';
  return { category: 'api', target: redactUrl(url), transport: 'https', host: urlHost(u), port: Number(u.port || (plain ? 80 : 443)), ...(plain ? { plain } : {}) };
}
