import { ProbeError } from '../../probe-error.js';
import type { ProbeTimings, ReasonCode } from '../../types.js';

/** What a connection learned so far; read by the error mapping to name the failed phase. */
export interface Track {
  started: number;
  dnsMs?: number;
  connectMs?: number;
  tlsMs?: number;
  firstByteMs?: number;
  remote: string | null;
  /** The peer closed its side (FIN) before the probe finished. */
  fin: boolean;
}

export const newTrack = (): Track => ({ started: performance.now(), remote: null, fin: false });
export const since = (track: Track): number => performance.now() - track.started;

/** The phases a track saw, as a report's timings. */
export function timings(track: Track): ProbeTimings {
  const out: ProbeTimings = { totalMs: since(track) };
  if (track.dnsMs !== undefined) out.dnsMs = track.dnsMs;
  if (track.connectMs !== undefined) out.connectMs = track.connectMs;
  if (track.tlsMs !== undefined) out.tlsMs = track.tlsMs;
  if (track.firstByteMs !== undefined) out.firstByteMs = track.firstByteMs;
  return out;
}

/** A {@link ProbeError} carrying what `track` learned (the address reached, the phases timed). */
export function probeError(
  code: ReasonCode,
  message: string,
  track: Track,
  more: { cause?: unknown; phase?: ProbeError['phase'] } = {},
): ProbeError {
  return new ProbeError(code, message, { ...more, remoteAddress: track.remote, timings: timings(track) });
}
