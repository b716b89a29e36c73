import { parseTurnUrl, turnDisplay } from '../targets.js';
import { failedReport, reachedReport, skipReport, type CheckBase } from '../verdict.js';
import type { CheckContext, CheckReport, TurnProbeRequest } from '../types.js';

/**
 * One TURN URL over its own transport (UDP, TCP or TLS). Without credentials a STUN answer (Binding
 * success, or Allocate refused with 401) proves the path; with credentials a relay must be
 * allocated, and a 401 means `turn-unauthorized` (the path is open, the credentials are not).
 */
export async function checkTurn(target: TurnProbeRequest, ctx: CheckContext): Promise<CheckReport> {
  const u = parseTurnUrl(target.url);
  if (!u) throw new Error(`not a TURN URL: ${target.url}`); // validated by the runner before any check
  const base: CheckBase = {
    category: 'turn',
    target: turnDisplay(u),
    transport: u.secure ? 'tls' : u.transport,
    host: u.host,
    port: u.port,
  };
  if (!ctx.transport.turn) return skipReport(base, 'unsupported', ctx, `the ${ctx.transport.kind} transport cannot probe TURN`);
  try {
    const r = await ctx.transport.turn(target, ctx.signal);
    const detail = r.detail ?? (r.outcome === 'relay' ? `relay allocated${r.relayAddress ? ` at ${r.relayAddress}` : ''}` : 'TURN server answered');
    return reachedReport(base, r, ctx, { detail });
  } catch (err) {
    return failedReport(base, err, ctx);
  }
}
