import { colorEnabled, type CliIo, type Command } from '../io.js';
import { CliInputError } from '../args.js';
import { formatEvent, formatReport } from '../../preflight/format.js';
import { runNodePreflight } from '../../preflight/node.js';
import type { CheckReport, PreflightEvent, PreflightReport } from '../../preflight/types.js';
import { flagOf, inFlagWords, parse, usageOf, type Values } from './preflight/flags.js';
import { optionsOf } from './preflight/options.js';
import { PreflightOptionError } from '../../preflight/errors.js';
import { redactor } from '../../preflight/redact.js';

/** One line for the command list. */
export const summary = 'check that this network reaches every Vonage Video server category inside the allowed IP list';

const USAGE = `Usage: video-allowlist preflight --list FILE [options]

Checks, all at once, that this network reaches Vonage Video's API, signaling, TURN, media and
logging servers, and that every address reached is inside the allowed IP list.

  --list FILE              the allowed IP list your firewall holds: text, or JSON when the file
                           starts with "{"
  --api-url URL            API server (default https://anvil.opentok.com)
  --messaging-url URL      signaling WebSocket (wss://...)
  --logging-url URL        logging base (default https://hlg.tokbox.com/prod)
  --turn-url URL           TURN URL, repeatable (turn:host:3478?transport=udp, turns:host:443?transport=tcp)
  --turn-username U        TURN long-term credentials (both, or neither)
  --turn-credential C
  --media-host HOST        media server host (in credentials mode, the session info names it)
  --media-tcp-port N       media TCP port (default 443); --media-udp-port N: a UDP port answering STUN
  --api-key K --session-id S --token T
                           credentials mode: read the session info and probe what it names
                           (the token may come from VONAGE_VIDEO_TOKEN instead of the command line)
  --ca FILE                extra trusted CA certificate(s), PEM (a TLS-inspecting proxy's CA)
  --proxy URL              HTTP(S) proxy for HTTPS, WSS and TURN over TCP/TLS (HTTP CONNECT), instead of
                           HTTPS_PROXY / HTTP_PROXY / ALL_PROXY; http://user:password@host:port
  --no-proxy LIST          hosts reached directly, as NO_PROXY lists them (replaces it); '*': no proxy
  --allow-skip             accept skipped checks: exit 0 when nothing failed
  --timeout MS             per-check deadline (default 5000)
  --quality                also stream media through each TURN URL and measure RTT, jitter, loss,
                           throughput and MOS, and recommend video, audio only or none (needs TURN
                           credentials); --quality-seconds N (default 5), --quality-kbps N (default 1500)
  --json                   print only the report, as JSON
  -h, --help               this help

Progress goes to stderr as each check starts and ends; the table (or JSON) to stdout. The table ends
with one sentence: what was proven, and what was not tested with the flag that would test it.
Exit status: 0 pass (every check passed), 1 a check failed, 3 incomplete (nothing failed, but a check
was skipped; --allow-skip makes that 0), 2 bad usage, 130 interrupted (Ctrl-C: the checks still
running end as aborted, the table is printed).
Proxies as curl reads them: HTTPS_PROXY (or ALL_PROXY) for HTTPS, WSS and TURN over TCP/TLS, HTTP_PROXY
for http:// and ws:// targets, NO_PROXY; UDP and media are never proxied. The report says per check
whether it went through the proxy.
Tokens, TURN credentials and proxy passwords never appear in the output. NO_COLOR turns colours off.
`;

/** Exit status of an `incomplete` run (nothing failed, a check skipped), unless --allow-skip. */
export const EXIT_INCOMPLETE = 3;

/** Flags whose values are secrets: removed from every line this command prints. */
const SECRET_FLAGS = ['--token', '--turn-credential', '--turn-username'];

/** Every secret value on the command line (`--token T` and `--token=T`) and in the environment. */
function secretsOf(argv: string[], env: CliIo['env']): string[] {
  const out: string[] = [];
  argv.forEach((arg, index) => {
    const next = argv[index + 1];
    for (const flag of SECRET_FLAGS) {
      if (arg === flag && next !== undefined && !next.startsWith('--')) out.push(next);
      else if (arg.startsWith(`${flag}=`)) out.push(arg.slice(flag.length + 1));
    }
  });
  if (env.VONAGE_VIDEO_TOKEN) out.push(env.VONAGE_VIDEO_TOKEN);
  // A proxy URL's user name and password (--proxy, or a proxy variable), as written and decoded.
  const proxies = [
    ...argv.flatMap((a, i) => (a === '--proxy' ? [argv[i + 1] ?? ''] : a.startsWith('--proxy=') ? [a.slice(8)] : [])),
  ];
  for (const name of PROXY_VARIABLES) proxies.push(env[name] ?? '');
  for (const value of proxies) out.push(...proxySecrets(value));
  return out;
}

const PROXY_VARIABLES = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY', 'all_proxy', 'ALL_PROXY'];

/** The credentials in a proxy URL (`http://user:pass@host`), raw and percent-decoded. */
function proxySecrets(value: string): string[] {
  const match = /^[a-z][a-z0-9+.-]*:\/\/([^@/]*)@/i.exec(value.trim()) ?? /^([^@/]*)@/.exec(value.trim());
  if (!match) return [];
  const parts = match[1]!.split(':');
  const decode = (t: string): string => {
    try {
      return decodeURIComponent(t);
    } catch {
      return t;
    }
  };
  return parts.flatMap((p) => [p, decode(p)]).filter((p) => p.length >= 3);
}

/** The closing sentence names flags: `media.udpPort` → `--media-udp-port`. */
function optionName(option: string): string {
  if (option === 'credentials') return '--api-key, --session-id and --token';
  return flagOf(option.split('.')) ?? option;
}

/**
 * `video-allowlist preflight`: runs every check at once with the Node transport, prints a line per
 * check to stderr as it starts and ends, then the table (or, with `--json`, only the report) to
 * stdout. Exit 0 when nothing failed, 1 when a check failed, 2 on bad usage. Every secret given on
 * the command line or in `VONAGE_VIDEO_TOKEN` is removed from everything printed.
 */
export const run: Command = async (argv, io, signal) => {
  const redact = redactor(secretsOf(argv, io.env));
  const out = (text: string): void => io.stdout(redact(text));
  const err = (text: string): void => io.stderr(redact(text));
  /** The one kind of usage error: its lines after the command's name, a pointer to --help, exit 2. */
  const usage = (input: CliInputError): number => {
    err(
      `video-allowlist preflight: ${input.lines.join('\n')}\nRun "video-allowlist preflight --help" for the options.\n`,
    );
    return 2;
  };
  /** Anything else: a plain error whose message carries no secret. */
  const unexpected = (thrown: unknown): Error =>
    new Error(redact(thrown instanceof Error ? thrown.message : String(thrown)));

  let values: Values;
  let setup: Awaited<ReturnType<typeof optionsOf>>;
  try {
    values = parse(argv);
    if (values.help) {
      out(USAGE);
      return 0;
    }
    setup = await optionsOf(values, io.env);
  } catch (thrown) {
    if (thrown instanceof CliInputError) return usage(thrown);
    throw unexpected(thrown);
  }

  const color = colorEnabled(io);
  const json = values.json === true;
  try {
    const report = inFlags(
      await runNodePreflight({
        ...setup.options,
        ...(signal ? { signal } : {}),
        transport: setup.transport,
        ...(json ? {} : { onProgress: (event) => err(formatEvent(inFlagEvent(event), { color })) }),
      }),
    );
    out(json ? `${JSON.stringify(report, null, 2)}\n` : `\n${formatReport(report, { color, optionName })}`);
    return report.verdict === 'pass' ? 0 : report.verdict === 'fail' ? 1 : EXIT_INCOMPLETE;
  } catch (thrown) {
    if (thrown instanceof PreflightOptionError) return usage(usageOf(thrown));
    throw unexpected(thrown);
  }
};

/** A report whose hints say the command's flags where the library names options (`media.udpPort`). */
function inFlags(report: PreflightReport): PreflightReport {
  return { ...report, checks: report.checks.map(checkInFlags) };
}

function checkInFlags(check: CheckReport): CheckReport {
  return { ...check, hint: inFlagWords(check.hint) };
}

function inFlagEvent(event: PreflightEvent): PreflightEvent {
  return event.type === 'end' ? { ...event, check: checkInFlags(event.check) } : event;
}
