import { bracket, unbracket } from '../turn-url.js';
import { reachedReport, verdict, type CheckBase } from '../verdict.js';
import type { MediaProbeRequest } from '../types.js';
import { baseOf, type Check, type Planned } from './check.js';

/** Media server TCP port probed when `media.tcpPort` is not given (Vonage's "TCP 443" minimum). */
export const DEFAULT_MEDIA_TCP_PORT = 443;

/**
 * The media server host, over TCP (its port, default 443) and UDP (only on `media.udpPort`). TCP: an
 * accepted connection proves the path. UDP: only an answer proves it (the Node transport sends a STUN
 * Binding request); a datagram that gets no answer proves nothing, so it ends as `timeout`, never as a pass.
 */
export const media: Check<string, MediaProbeRequest> = {
  name: 'media',
  block: 'media',
  words: { block: 'media', missing: 'media server host' },
  via: 'tcp',
  targets: (options) => (options.media?.host ? [options.media.host] : []),
  fromSession: (info) => info.media,
  plan: (named, { options, transport }) => {
    const host = unbracket(named);
    const row = (port: number, protocol: 'tcp' | 'udp', target = `${bracket(host)}:${port}`): CheckBase =>
      baseOf(media, { target, transport: protocol, host, port });
    const probe = (port: number, protocol: 'tcp' | 'udp'): Planned<MediaProbeRequest> => ({
      base: row(port, protocol),
      request: { host, port, protocol },
    });
    const udpPort = options.media?.udpPort;
    const udp: Planned<MediaProbeRequest> = udpPort
      ? probe(udpPort, 'udp')
      : // Where raw UDP cannot be sent at all (the browser), that is the reason, not a missing port.
        transport.media
        ? {
            base: row(3478, 'udp', `${bracket(host)} UDP`),
            skip: 'not-configured',
            detail:
              'media UDP ports are negotiated per call (UDP 1025-65535); set media.udpPort to a port that answers STUN to probe one',
          }
        : {
            base: row(3478, 'udp', `${bracket(host)} UDP`),
            skip: 'unsupported',
            detail: `the ${transport.kind} transport cannot probe raw UDP`,
          };
    return [probe(options.media?.tcpPort ?? DEFAULT_MEDIA_TCP_PORT, 'tcp'), udp];
  },
  run: async (request, ctx, base) => {
    const transport = ctx.transport;
    if (!transport.media) {
      const detail = `the ${transport.kind} transport cannot probe raw ${request.protocol.toUpperCase()}`;
      return verdict({ base, code: 'unsupported', ctx, detail });
    }
    const answer = await transport.media(request, ctx.signal);
    const { firstByteMs, connectMs, totalMs } = answer.timings;
    return reachedReport(base, answer, ctx, { latencyMs: firstByteMs ?? connectMs ?? totalMs });
  },
};
