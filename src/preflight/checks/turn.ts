import { parseTurnUrl, turnDisplay } from '../turn-url.js';
import { reachedReport, verdict } from '../verdict.js';
import type { TurnProbeRequest } from '../types.js';
import { baseOf, type Check } from './check.js';

/**
 * The TURN servers, one row per URL over its own transport (UDP, TCP or TLS). Without credentials a
 * STUN answer (Binding success, or Allocate refused with 401) proves the path; with credentials a
 * relay must be allocated, and a 401 means `turn-unauthorized` (the path is open, the credentials are not).
 */
export const turn: Check<TurnProbeRequest, TurnProbeRequest> = {
  name: 'turn',
  block: 'turn',
  words: { block: 'TURN', missing: 'TURN URLs' },
  via: 'udp',
  targets: ({ turn: given }) =>
    (given?.urls ?? []).map((url) => ({ url, username: given?.username, credential: given?.credential })),
  fromSession: (info) => info.turn,
  plan: (request) => {
    const url = parseTurnUrl(request.url)!;
    const where = { target: turnDisplay(url), host: url.host, port: url.port };
    return [{ base: baseOf(turn, { ...where, transport: url.secure ? 'tls' : url.transport }), request }];
  },
  run: async (request, ctx, base) => {
    const transport = ctx.transport;
    if (!transport.turn)
      return verdict({ base, code: 'unsupported', ctx, detail: `the ${transport.kind} transport cannot probe TURN` });
    const answer = await transport.turn(request, ctx.signal);
    const relayed = answer.relayAddress ? ` at ${answer.relayAddress}` : '';
    const detail = answer.detail ?? (answer.outcome === 'relay' ? `relay allocated${relayed}` : 'TURN server answered');
    return reachedReport(base, answer, ctx, { detail });
  },
};
