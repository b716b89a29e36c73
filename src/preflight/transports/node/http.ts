import { request as httpRequest } from 'node:http';
import type { HttpProbeRequest, HttpProbeResult } from '../../types.js';
import { bounded } from './bounded.js';
import { fromSocketError } from './errors.js';
import type { Duplex } from 'node:stream';
import { ProbeError } from '../../probe-error.js';
import { connectStream, stripBrackets, type Endpoint, type NetOptions } from './stream.js';
import { newTrack, probeError, since, timings } from './track.js';

/**
 * One HTTP request on its own socket: the status proves the path (the first byte is timed); with
 * `readBody`, the body is read too, up to `maxBody` bytes.
 */
export function probeHttp(
  req: HttpProbeRequest,
  signal: AbortSignal,
  net: NetOptions,
  maxBody: number,
): Promise<HttpProbeResult> {
  return bounded<HttpProbeResult>(signal, ({ ok, fail, cleanup }) => {
    const url = new URL(req.url);
    const secure = url.protocol === 'https:';
    const track = newTrack();
    const host = stripBrackets(url.hostname);
    const port = Number(url.port || (secure ? 443 : 80));
    const body = req.body === undefined ? undefined : Buffer.from(req.body);
    const request = httpRequest({
      host,
      port,
      path: `${url.pathname}${url.search}`,
      method: req.method,
      headers: { ...req.headers, ...(body ? { 'Content-Length': String(body.length) } : {}), Connection: 'close' },
      // No agent: with createConnection set, the request runs on our own socket (no pooling, no keep-alive),
      // handed over once connected (through the proxy, when one applies) and verified.
      createConnection: ((_options: unknown, ready: (err: Error | null, stream?: Duplex) => void) => {
        const endpoint: Endpoint = { host, port, secure, alpn: ['http/1.1'], scheme: secure ? 'https' : 'http' };
        connectStream(endpoint, net, track, signal).then((stream) => ready(null, stream), ready);
        return undefined;
      }) as never,
    });
    cleanup(() => request.destroy());
    request.on('error', (err: NodeJS.ErrnoException) => {
      if (err instanceof ProbeError) return fail(err);
      // A clean close before any answer ("socket hang up") after the handshake: the peer hung up.
      if (track.fin && err.code === 'ECONNRESET' && (track.tlsMs !== undefined || !secure)) {
        const message = 'closed by the server before any HTTP answer';
        return fail(probeError('reset', message, track, { cause: err, phase: 'answer' }));
      }
      fail(fromSocketError(err, track, secure, 'HTTP answer'));
    });
    request.on('response', (response) => {
      track.firstByteMs = since(track);
      cleanup(() => response.destroy());
      const status = response.statusCode ?? 0;
      if (!req.readBody) return ok({ remoteAddress: track.remote, timings: timings(track), status });
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBody) return fail(probeError('bad-response', `answer larger than ${maxBody} bytes`, track));
        chunks.push(chunk);
      });
      response.on('error', (err: NodeJS.ErrnoException) => fail(fromSocketError(err, track, secure, 'HTTP body')));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        ok({ remoteAddress: track.remote, timings: timings(track), status, body: text });
      });
    });
    request.end(body);
  });
}
