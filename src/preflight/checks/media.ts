import { hostPort } from '../targets.js';
import { failedReport, reachedReport, skipReport, type CheckBase } from '../verdict.js';
import type { CheckContext, CheckReport, MediaProbeRequest } from '../types.js';

/**
 * The media server host on one port. TCP: an accepted connection proves the path. UDP: only an
 * answer proves it (the Node transport sends a STUN Binding request); a datagram that gets no answer
 * proves nothing, so it ends as `timeout`, never as a pass.
 */
export async function checkMedia(target: MediaProbeRequest, ctx: CheckContext): Promise<CheckReport> {
  const base: CheckBase = {
    category: 'media',
    target: hostPort(target.host, target.port),
    transport: target.protocol,
    host: target.host,
    port: target.port,
  };
  if (!ctx.transport.media) return skipReport(base, 'unsupported', ctx, `the ${ctx.transport.kind} transport cannot probe raw ${target.protocol.toUpperCase()}`);
  try {
    const r = await ctx.transport.media(target, ctx.signal);
    return reachedReport(base, r, ctx, { latencyMs: r.timings.firstByteMs ?? r.timings.connectMs ?? r.timings.totalMs });
  } catch (err) {
    return failedReport(base, err, ctx);
  }
}
