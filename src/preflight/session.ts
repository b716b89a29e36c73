import { api } from './checks/api.js';
import { urlBase } from './checks/check.js';
import { trimSlashes } from './checks/http.js';
import { redactUrl } from './redact.js';
import { parseSessionInfo, type SessionTargets } from './session-info.js';
import { reachedReport, type CheckBase } from './verdict.js';
import type { CheckContext, CheckReport, PreflightOptions } from './types.js';

/** The client version the session-info request announces (the SDK's own header; see docs). */
export const CLIENT_VERSION = 'js-2.35.2';

/** The api row of credentials mode: the session-info request, named without the session id. */
export function sessionBase(apiUrl: string): CheckBase {
  return urlBase(api, apiUrl, `${trimSlashes(redactUrl(apiUrl))}/session/{sessionId}?extended=true`);
}

/**
 * Credentials mode: the SDK's session-info request, `GET {apiUrl}/session/{sessionId}?extended=true`
 * with its headers. A 2xx JSON answer passes and hands `found` what the other checks probe; any other
 * answer still proves the path (its address is judged) but fails with `http-status` / `bad-response`.
 */
export async function readSession(
  { apiUrl, credentials }: { apiUrl: string; credentials: NonNullable<PreflightOptions['credentials']> },
  ctx: CheckContext,
  base: CheckBase,
  found: (targets: SessionTargets) => void,
): Promise<CheckReport> {
  const answer = await ctx.transport.http(
    {
      url: `${trimSlashes(apiUrl)}/session/${encodeURIComponent(credentials.sessionId)}?extended=true`,
      method: 'GET',
      readBody: true,
      headers: {
        'X-OPENTOK-AUTH': credentials.token,
        'X-TB-VERSION': '1',
        'X-TB-CLIENT-VERSION': CLIENT_VERSION,
        'X-TB-CONNECTIONID': globalThis.crypto.randomUUID(),
        Accept: 'application/json',
      },
    },
    ctx.signal,
  );
  if (answer.status < 200 || answer.status > 299)
    return reachedReport(base, answer, ctx, {
      failCode: 'http-status',
      detail: `HTTP ${answer.status} to the session-info request`,
    });
  try {
    found(parseSessionInfo(answer.body ?? ''));
  } catch (err) {
    return reachedReport(base, answer, ctx, { failCode: 'bad-response', detail: (err as Error).message });
  }
  return reachedReport(base, answer, ctx, { detail: `HTTP ${answer.status}, session info read` });
}
