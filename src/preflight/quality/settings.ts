import { parseTurnUrl } from '../turn-url.js';
import { levelOf, recommend, type TransportQuality } from './recommend.js';
import { DEFAULT_QUALITY, type QualityFigures, type QualityOptions, type Recommendation } from './types.js';

/** Accepted ranges of `quality.seconds` and `quality.kbps`: long enough to count packets, short enough for a preflight. */
export const QUALITY_LIMITS = { seconds: { min: 0.5, max: 60 }, kbps: { min: 16, max: 20_000 } } as const;

/** The settings a run uses, or null when quality is off (the default). The options are checked first (`options.ts`, {@link QUALITY_LIMITS}). */
export function resolveQuality(option: boolean | QualityOptions | undefined): Required<QualityOptions> | null {
  if (!option) return null;
  return { ...DEFAULT_QUALITY, ...(option === true ? {} : option) };
}

/** What the recommendation reads from a report's TURN rows. */
export interface QualityRow {
  target: string;
  transport: string;
  quality?: QualityFigures;
  status: string;
  code: string;
}

/**
 * The report's recommendation from its TURN rows: per transport the best server's figures (a
 * client uses the best one it reaches), then {@link recommend}. Undefined when no row was measured
 * or failed (quality off).
 */
export function recommendFromRows(rows: readonly QualityRow[]): Recommendation | undefined {
  const per = new Map<string, TransportQuality>();
  for (const row of rows) {
    const turnUrl = parseTurnUrl(row.target);
    const transport = row.transport === 'tls' ? 'tls' : row.transport === 'tcp' ? 'tcp' : 'udp';
    const label = `${transport.toUpperCase()} ${turnUrl?.port ?? ''}`.trim();
    const mine: TransportQuality = {
      label,
      transport,
      figures: row.quality ?? null,
      ...(row.quality ? {} : { failure: row.status === 'pass' ? 'not measured' : row.code }),
    };
    const had = per.get(transport);
    if (!had || better(mine, had)) per.set(transport, mine);
  }
  if (per.size === 0 || [...per.values()].every((m) => m.figures === null && m.failure === 'not measured'))
    return undefined;
  return recommend([...per.values()]);
}

function better(candidate: TransportQuality, current: TransportQuality): boolean {
  if (!candidate.figures) return false;
  if (!current.figures) return true;
  const rank = { none: 0, 'audio-only': 1, video: 2 } as const;
  const ra = rank[levelOf(candidate.figures).level];
  const rb = rank[levelOf(current.figures).level];
  return ra !== rb ? ra > rb : candidate.figures.mos > current.figures.mos;
}
