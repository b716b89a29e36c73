import type { PreflightReport } from './types.js';

/**
 * The quality part of the terminal report: one row per measured TURN entry, then the
 * recommendation. Empty when the run had quality off.
 */
export function formatQuality(report: PreflightReport): string[] {
  const measured = report.checks.filter((c) => c.quality);
  if (measured.length === 0 && !report.recommendation) return [];
  const rows = [
    ['QUALITY', 'TARGET', 'LOSS', 'RTT MIN/MED/P95', 'JITTER', 'KBIT/S', 'MOS'],
    ...measured.map((c) => {
      const quality = c.quality!;
      const rtt = quality.rttMs ? `${quality.rttMs.min}/${quality.rttMs.median}/${quality.rttMs.p95} ms` : '-';
      return [
        c.transport.toUpperCase(),
        c.target,
        pct(quality.lossRatio),
        rtt,
        `${quality.jitterMs} ms`,
        String(quality.kbps),
        String(quality.mos),
      ];
    }),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const out = [
    '',
    ...rows.map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    ),
  ];
  if (report.recommendation) {
    const { level, reason } = report.recommendation;
    out.push('', `Recommendation: ${level.toUpperCase()} - ${reason}`);
  }
  return out;
}

function pct(ratio: number): string {
  return `${Math.round(ratio * 1000) / 10}%`;
}
