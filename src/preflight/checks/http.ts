import { httpDetail, reachedReport } from '../verdict.js';
import type { CheckContext, CheckReport, HttpProbeRequest } from '../types.js';
import type { CheckBase } from '../verdict.js';

/** An HTTP probe: one request, and any HTTP answer proves the path (DNS, TCP, TLS, first byte timed). */
export async function probeHttp(req: HttpProbeRequest, ctx: CheckContext, base: CheckBase): Promise<CheckReport> {
  const answer = await ctx.transport.http(req, ctx.signal);
  return reachedReport(base, answer, ctx, { detail: httpDetail(answer) });
}

/** A URL without its trailing slashes, to append a path to. */
export function trimSlashes(url: string): string {
  return url.replace(/\/+$/, '');
}
