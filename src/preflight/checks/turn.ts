import { reachedReport, verdict, type Run } from '../verdict.js';
import type { TurnProbeRequest } from '../types.js';

/**
 * One TURN URL over its own transport (UDP, TCP or TLS). Without credentials a STUN answer (Binding
 * success, or Allocate refused with 401) proves the path; with credentials a relay must be
 * allocated, and a 401 means `turn-unauthorized` (the path is open, the credentials are not).
 */
export const checkTurn =
  (req: TurnProbeRequest): Run =>
  async (ctx, base) => {
    const t = ctx.transport;
    if (!t.turn) return verdict(base, 'unsupported', ctx, `the ${t.kind} transport cannot probe TURN`);
    const r = await t.turn(req, ctx.signal);
    const detail =
      r.detail ??
      (r.outcome === 'relay'
        ? `relay allocated${r.relayAddress ? ` at ${r.relayAddress}` : ''}`
        : 'TURN server answered');
    return reachedReport(base, r, ctx, { detail });
  };
