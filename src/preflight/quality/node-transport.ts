import type { SecureContext } from 'node:tls';
import { ProbeError } from '../probe-error.js';
import { parseTurnUrl } from '../turn-url.js';
import type { QualityProbeResult, Transport } from '../types.js';
import { runNodeLoop } from './node-loop.js';

/** The Node transport's `quality` method: {@link runNodeLoop} on the TURN URL, with the transport's trust store. */
export function nodeQuality(secureContext: SecureContext | undefined): NonNullable<Transport['quality']> {
  return async (req, signal): Promise<QualityProbeResult> => {
    const u = parseTurnUrl(req.url);
    if (!u) throw new ProbeError('error', 'not a TURN URL');
    if (req.username === undefined || req.credential === undefined)
      throw new ProbeError('not-configured', 'measuring quality needs TURN credentials (a relay allocation)');
    const r = await runNodeLoop({
      host: u.host,
      port: u.port,
      kind: u.secure ? 'tls' : u.transport,
      username: req.username,
      credential: req.credential,
      seconds: req.quality.seconds,
      kbps: req.quality.kbps,
      secureContext,
      signal,
    });
    return { figures: r.figures, relayed: r.relayed.map((a) => a.ip) };
  };
}
