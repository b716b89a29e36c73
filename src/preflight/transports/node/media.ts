import type { MediaProbeRequest, ProbeResult } from '../../types.js';
import { Method, encode, newTransactionId } from '../stun.js';
import { bounded } from './bounded.js';
import { withChannel } from './channel.js';
import { fromSocketError } from './errors.js';
import { openStream, type NetOptions } from './stream.js';
import { newTrack, timings } from './track.js';

/**
 * The media server. TCP: an accepted connection proves the path. UDP: only an answer proves it; a
 * STUN Binding request is what a media server's ICE agent (or a TURN server) may answer, and silence
 * ends at the check's deadline as `timeout`.
 */
export function probeMedia(req: MediaProbeRequest, signal: AbortSignal, net: NetOptions): Promise<ProbeResult> {
  if (req.protocol === 'tcp') {
    return bounded<ProbeResult>(signal, ({ ok, fail, cleanup }) => {
      const track = newTrack();
      const socket = openStream({ host: req.host, port: req.port, secure: false }, net, track);
      cleanup(() => socket.destroy());
      socket.on('error', (err: NodeJS.ErrnoException) => fail(fromSocketError(err, track, false, 'TCP connect')));
      socket.once('connect', () =>
        ok({ remoteAddress: track.remote, timings: timings(track), detail: 'TCP connection accepted' }),
      );
    });
  }
  return withChannel({ host: req.host, port: req.port, kind: 'udp' }, net, signal, async (channel) => {
    const id = newTransactionId();
    const answer = await channel.transact(encode(Method.Binding, id, { fingerprint: true }), id);
    const track = channel.track;
    return {
      remoteAddress: track.remote,
      timings: timings(track),
      detail: `STUN Binding answered (${answer.cls}) over UDP`,
    };
  });
}
