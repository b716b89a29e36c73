import { reachedReport, verdict, type Run } from '../verdict.js';

/**
 * The media server host on the base's port and transport (`udp` or `tcp`). TCP: an accepted
 * connection proves the path. UDP: only an answer proves it (the Node transport sends a STUN Binding
 * request); a datagram that gets no answer proves nothing, so it ends as `timeout`, never as a pass.
 */
export const checkMedia: Run = async (ctx, base) => {
  const t = ctx.transport;
  const protocol = base.transport as 'udp' | 'tcp';
  if (!t.media)
    return verdict(base, 'unsupported', ctx, `the ${t.kind} transport cannot probe raw ${protocol.toUpperCase()}`);
  const r = await t.media({ host: base.host, port: base.port, protocol }, ctx.signal);
  return reachedReport(base, r, ctx, { latencyMs: r.timings.firstByteMs ?? r.timings.connectMs ?? r.timings.totalMs });
};
