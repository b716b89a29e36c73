import { ProbeError } from '../probe-error.js';
import { verdict, type CheckBase } from '../verdict.js';
import type { AddressVerdict, CheckContext, CheckReport, QualityOptions, TurnProbeRequest } from '../types.js';

/** Time a quality row needs beyond the stream: connections, allocations, drain, release. */
export const QUALITY_SLACK_MS = 2000;

/**
 * The TURN check's second step with `quality` on, after a relay was allocated: media through two
 * allocations (`ctx.transport.quality`), both relayed addresses judged against the TURN block. A
 * relay outside the list fails the row (`outside-allowlist`); a measurement that fails leaves the
 * row as it was (the path is proven) with the reason in the detail, and no figures.
 */
export async function measureQuality(
  base: CheckBase,
  reached: CheckReport,
  request: TurnProbeRequest & { quality: Required<QualityOptions> },
  ctx: CheckContext,
): Promise<CheckReport> {
  const note = (text: string): CheckReport => ({
    ...reached,
    detail: [reached.detail, text].filter(Boolean).join('; '),
  });
  if (!ctx.transport.quality) return note(`quality not measured: the ${ctx.transport.kind} transport cannot`);
  let result;
  try {
    result = await ctx.transport.quality(request, ctx.signal);
  } catch (err) {
    if (ctx.signal.aborted) throw err;
    const why = err instanceof ProbeError ? `${err.code}: ${err.message}` : String(err);
    return note(`quality not measured (${why})`);
  }
  const relays = result.relayed.flatMap((ip) => ctx.judge(ip, base.category));
  const addresses: AddressVerdict[] = [...reached.addresses];
  for (const relay of relays) if (!addresses.some((b) => b.ip === relay.ip)) addresses.push(relay);
  const outside = relays.some((a) => !a.allowed);
  const report = outside
    ? verdict({
        base,
        code: 'outside-allowlist',
        ctx,
        detail: `${reached.detail ?? ''}; a relayed address is outside the TURN block`.replace(/^; /, ''),
        addresses,
        latencyMs: reached.latencyMs,
        ...(reached.timings ? { timings: reached.timings } : {}),
      })
    : { ...reached, addresses };
  return { ...report, quality: result.figures };
}
