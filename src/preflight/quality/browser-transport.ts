import { ProbeError } from '../probe-error.js';
import type { QualityProbeResult, Transport } from '../types.js';
import { runBrowserLoop } from './browser-loop.js';

/** The browser transport's `quality` method: {@link runBrowserLoop} through the one TURN URL. */
export const browserQuality: NonNullable<Transport['quality']> = async (req, signal): Promise<QualityProbeResult> => {
  if (req.username === undefined || req.credential === undefined)
    throw new ProbeError('not-configured', 'measuring quality needs TURN credentials (a relay allocation)');
  const result = await runBrowserLoop({
    url: req.url,
    username: req.username,
    credential: req.credential,
    seconds: req.quality.seconds,
    kbps: req.quality.kbps,
    signal,
  });
  return { figures: result.figures, relayed: result.relayed };
};
