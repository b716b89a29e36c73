import { parseSessionInfo, type SessionTargets } from '../targets.js';
import { httpDetail, reachedReport, type Run } from '../verdict.js';
import type { HttpProbeRequest } from '../types.js';

/**
 * An HTTP check: one request, and any HTTP answer proves the path (DNS, TCP, TLS, first byte timed).
 * The API server check is a GET accepting JSON; the logging check ({@link checkLogging}) a POST.
 */
export const checkHttp =
  (req: HttpProbeRequest): Run =>
  async (ctx, base) => {
    const r = await ctx.transport.http(req, ctx.signal);
    return reachedReport(base, r, ctx, { detail: httpDetail(r) });
  };

/** The API server check: an HTTPS GET accepting JSON. */
export const checkApi = (url: string): Run =>
  checkHttp({ url, method: 'GET', headers: { Accept: 'application/json' } });

/** The client version the session-info request announces (the SDK's own header; see docs). */
export const CLIENT_VERSION = 'js-2.35.2';

/**
 * Credentials mode: the SDK's session-info request, `GET {apiUrl}/session/{sessionId}?extended=true`
 * with its headers. A 2xx JSON answer passes and hands `found` what the other checks probe; any other
 * answer still proves the path (its address is judged) but fails with `http-status` / `bad-response`.
 */
export const checkSession =
  (apiUrl: string, c: { sessionId: string; token: string }, found: (s: SessionTargets) => void): Run =>
  async (ctx, base) => {
    const r = await ctx.transport.http(
      {
        url: `${apiUrl.replace(/\/+$/, '')}/session/${encodeURIComponent(c.sessionId)}?extended=true`,
        method: 'GET',
        readBody: true,
        headers: {
          'X-OPENTOK-AUTH': c.token,
          'X-TB-VERSION': '1',
          'X-TB-CLIENT-VERSION': CLIENT_VERSION,
          'X-TB-CONNECTIONID': globalThis.crypto.randomUUID(),
          Accept: 'application/json',
        },
      },
      ctx.signal,
    );
    if (r.status < 200 || r.status > 299)
      return reachedReport(base, r, ctx, {
        failCode: 'http-status',
        detail: `HTTP ${r.status} to the session-info request`,
      });
    try {
      found(parseSessionInfo(r.body ?? ''));
    } catch (err) {
      return reachedReport(base, r, ctx, { failCode: 'bad-response', detail: (err as Error).message });
    }
    return reachedReport(base, r, ctx, { detail: `HTTP ${r.status}, session info read` });
  };
