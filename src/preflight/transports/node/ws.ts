import { WebSocket } from 'ws';
import type { ProbeResult } from '../../types.js';
import { bounded } from './bounded.js';
import { fromSocketError } from './errors.js';
import type { Duplex } from 'node:stream';
import { ProbeError } from '../../probe-error.js';
import { connectStream, stripBrackets, type Endpoint, type NetOptions } from './stream.js';
import { newTrack, probeError, since, timings } from './track.js';

/** A WebSocket upgrade on its own socket: the 101 with a right handshake proves the path. */
export function probeWebSocket(url: string, signal: AbortSignal, net: NetOptions): Promise<ProbeResult> {
  return bounded<ProbeResult>(signal, ({ ok, fail, cleanup }) => {
    const secure = new URL(url).protocol === 'wss:';
    const track = newTrack();
    const socket = new WebSocket(url, {
      perMessageDeflate: false,
      followRedirects: false,
      // Handed over once connected (through the proxy, when one applies) and verified.
      createConnection: ((
        where: { host: string; port: number | string },
        ready: (err: Error | null, stream?: Duplex) => void,
      ) => {
        const host = stripBrackets(where.host);
        const scheme = secure ? 'wss' : 'ws';
        const endpoint: Endpoint = { host, port: Number(where.port), secure, alpn: ['http/1.1'], scheme };
        connectStream(endpoint, net, track, signal).then((stream) => ready(null, stream), ready);
        return undefined;
      }) as never,
    });
    cleanup(() => socket.terminate());
    socket.on('upgrade', () => (track.firstByteMs = since(track)));
    socket.on('open', () =>
      ok({ remoteAddress: track.remote, timings: timings(track), detail: 'WebSocket upgraded (HTTP 101)' }),
    );
    socket.on('unexpected-response', (request, response) => {
      track.firstByteMs = since(track);
      // 101 without "Upgrade: websocket": answered, but not as a WebSocket server would.
      if (response.statusCode === 101)
        fail(probeError('bad-response', 'HTTP 101 without an "Upgrade: websocket" header', track));
      else {
        const message = `upgrade refused: HTTP ${response.statusCode ?? '?'} instead of 101`;
        fail(probeError('ws-closed', message, track));
      }
      request.destroy();
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (err instanceof ProbeError) return fail(err);
      const upgrading = track.connectMs !== undefined && (!secure || track.tlsMs !== undefined);
      const closed = err.code === 'ECONNRESET' || err.code === 'EPIPE' || /hang up|closed/i.test(err.message);
      if (upgrading && closed) {
        const message = `connection closed during the WebSocket upgrade (${err.code ?? err.message})`;
        return fail(probeError('ws-closed', message, track, { cause: err }));
      }
      // The 101 came but ws refused it (wrong Sec-WebSocket-Accept, a subprotocol or extension not asked for).
      if (track.firstByteMs !== undefined && err.code === undefined) {
        const message = `the WebSocket handshake answer is wrong: ${err.message}`;
        return fail(probeError('bad-response', message, track, { cause: err }));
      }
      fail(fromSocketError(err, track, secure, 'WebSocket upgrade'));
    });
  });
}
