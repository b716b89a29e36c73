import type { SecureContext } from 'node:tls';
import { ProbeError } from '../probe-error.js';
import { parseTurnUrl } from '../turn-url.js';
import type { QualityProbeResult, Transport } from '../types.js';
import { runNodeLoop } from './node-loop.js';

/** The Node transport's `quality` method: {@link runNodeLoop} on the TURN URL, with the transport's trust store. */
export function nodeQuality(secureContext: SecureContext | undefined): NonNullable<Transport['quality']> {
  return async (req, signal): Promise<QualityProbeResult> => {
    const turnUrl = parseTurnUrl(req.url);
    if (!turnUrl) throw new ProbeError('error', 'not a TURN URL');
    if (req.username === undefined || req.credential === undefined)
      throw new ProbeError('not-configured', 'measuring quality needs TURN credentials (a relay allocation)');
    const result = await runNodeLoop({
      host: turnUrl.host,
      port: turnUrl.port,
      kind: turnUrl.secure ? 'tls' : turnUrl.transport,
      username: req.username,
      credential: req.credential,
      seconds: req.quality.seconds,
      kbps: req.quality.kbps,
      secureContext,
      signal,
    });
    return { figures: result.figures, relayed: result.relayed.map((a) => a.ip) };
  };
}
