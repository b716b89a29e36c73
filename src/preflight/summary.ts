import type { CheckCategory, CheckReport, ProbeTransport } from './types.js';

/**
 * The run's verdict and its closing sentence: pure, browser-safe, shared by the CLI, the HTML report
 * and the JSON report. Words name library options (`media.udpPort`); a command line maps them to its
 * flags through {@link SummaryOptions.optionName}.
 */

/** `pass`: every check passed (or every skip was accepted). `incomplete`: nothing failed, some check did not run. */
export type PreflightVerdict = 'pass' | 'fail' | 'incomplete';

/** The verdict of `checks`: any failure fails; a skip makes it `incomplete` unless `allowSkip`. */
export function verdictOf(checks: readonly CheckReport[], allowSkip = false): PreflightVerdict {
  if (checks.some((c) => c.status === 'fail')) return 'fail';
  if (!allowSkip && checks.some((c) => c.status === 'skip')) return 'incomplete';
  return 'pass';
}

/** Options of {@link closingSentence}. */
export interface SummaryOptions {
  /**
   * How an option is named to the reader (`media.udpPort` → `--media-udp-port`; `credentials` is the
   * API key, session id and token together). Default: as is, and `credentials` as "the credentials".
   */
  optionName?: (option: string) => string;
}

const NAME: Record<CheckCategory, string> = {
  api: 'API',
  messaging: 'signaling',
  turn: 'TURN',
  media: 'media',
  logging: 'logging',
};

const WIRE: Record<ProbeTransport, string> = { https: 'HTTPS', wss: 'WSS', udp: 'UDP', tcp: 'TCP', tls: 'TLS' };

/** `a`, `a and b`, `a, b and c`. */
function and(items: string[]): string {
  return items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** `TURN over UDP and TLS`: a category and the transports of its checks in `list`. */
function named(list: readonly CheckReport[]): string[] {
  const by = new Map<CheckCategory, Set<string>>();
  for (const check of list) by.set(check.category, (by.get(check.category) ?? new Set()).add(WIRE[check.transport]));
  return [...by].map(([cat, wires]) => `${NAME[cat]} over ${and([...wires])}`);
}

/**
 * The options that would test a skipped check (`['media.udpPort', 'credentials']`), or none when it
 * cannot be tested here (a transport the environment lacks) or waits on a failed check.
 */
export function optionsToTest(check: CheckReport): string[] {
  if (check.code === 'unsupported') return [];
  if (check.detail?.includes('needs the session info')) return [];
  switch (check.category) {
    case 'messaging':
      return ['messagingUrl', 'credentials'];
    case 'turn':
      return ['turn.urls', 'credentials'];
    case 'media':
      return check.transport === 'udp' && check.target !== '(none)' ? ['media.udpPort'] : ['media.host', 'credentials'];
    default:
      return [];
  }
}

/** Why a skipped check was not tested, and what would test it, in words. */
function untested(check: CheckReport, options: SummaryOptions): string {
  const what = `${NAME[check.category]} ${WIRE[check.transport]}`;
  const opts = optionsToTest(check).map(
    (k) => options.optionName?.(k) ?? (k === 'credentials' ? 'the credentials' : k),
  );
  if (check.code === 'unsupported') return `${what} (this environment cannot probe it; run the Node preflight)`;
  if (opts.length === 0) return `${what} (it needs the session info, which could not be read)`;
  return `${what} (give ${opts.join(' or ')})`;
}

/**
 * One plain sentence that closes a report: the verdict, what was proven (reached, inside the list,
 * and which checks went through a proxy), what failed, and what was not tested with the option that
 * would test it.
 */
export function closingSentence(
  report: { checks: readonly CheckReport[]; verdict: PreflightVerdict },
  options: SummaryOptions = {},
): string {
  const { checks } = report;
  const passed = checks.filter((c) => c.status === 'pass');
  const failed = checks.filter((c) => c.status === 'fail');
  const skipped = checks.filter((c) => c.status === 'skip');
  const parts: string[] = [];
  // Through a proxy only the proxy sees the server's address; elsewhere a browser may hide it.
  const proxied = passed.filter((c) => c.via === 'proxy');
  const direct = passed.filter((c) => c.via !== 'proxy');
  const judged = direct.filter((c) => c.addresses.length > 0);
  const hidden = direct.filter((c) => c.addresses.length === 0);
  if (judged.length) parts.push(`reached inside the list: ${and(named(judged))}`);
  if (proxied.length) parts.push(`reached through the proxy: ${and(named(proxied))}`);
  if (hidden.length) parts.push(`reached, address not visible to check against the list: ${and(named(hidden))}`);
  if (failed.length)
    parts.push(`failed: ${and(failed.map((c) => `${NAME[c.category]} ${WIRE[c.transport]} (${c.code})`))}`);
  if (skipped.length) parts.push(`not tested: ${and(skipped.map((c) => untested(c, options)))}`);
  if (parts.length === 0) parts.push('nothing was checked');
  const head = { pass: 'Pass', fail: 'Fail', incomplete: 'Incomplete' }[report.verdict];
  return `${head}: ${parts.join('; ')}.`;
}
