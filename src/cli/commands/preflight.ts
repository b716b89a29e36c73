import { colorEnabled, type CliIo, type Command } from '../io.js';
import { CliInputError } from '../args.js';
import { formatEvent, formatReport } from '../../preflight/format.js';
import { runNodePreflight } from '../../preflight/node.js';
import type { CheckReport, PreflightEvent, PreflightReport } from '../../preflight/types.js';
import { inFlagWords, parse, usageOf, type Values } from './preflight/flags.js';
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
  --timeout MS             per-check deadline (default 5000)
  --json                   print only the report, as JSON
  -h, --help               this help

Progress goes to stderr as each check starts and ends; the table (or JSON) to stdout.
Exit status: 0 all checks passed (or skipped), 1 a check failed, 2 bad usage, 130 interrupted (Ctrl-C:
the checks still running end as aborted, the table is printed).
Tokens and TURN credentials never appear in the output. NO_COLOR turns colours off.
Connections are made directly: HTTPS_PROXY, HTTP_PROXY and ALL_PROXY are not used (a note on stderr
says so when one is set; a browser would use the proxy, so run the preflight in the browser too).
`;

/** Proxy variables other tools honour; this command connects directly, and says so when one is set. */
const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy'];

/**
 * The note printed when a proxy variable is set: the results are those of a direct connection, which
 * a network that only lets traffic out through the proxy refuses while browsers (which use it) pass.
 * Names the variable, never its value (a proxy URL can hold a password).
 */
function proxyNote(env: CliIo['env']): string | null {
  const set = PROXY_VARIABLES.filter((v) => env[v]?.trim());
  if (set.length === 0) return null;
  return (
    `note: ${set.join(', ')} ${set.length === 1 ? 'is' : 'are'} set, but this preflight connects directly and does not use a proxy. ` +
    "Browsers send the SDK's HTTPS and WebSocket traffic through the proxy, so where the firewall only lets traffic out " +
    "through it, these results can differ from a call's: run the preflight in the browser as well (examples/script-tag)."
  );
}

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
  return out;
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
  const note = proxyNote(io.env);
  if (note) err(`video-allowlist preflight: ${note}\n`);
  try {
    const report = inFlags(
      await runNodePreflight({
        ...setup.options,
        ...(signal ? { signal } : {}),
        transport: setup.transport,
        ...(json ? {} : { onProgress: (event) => err(formatEvent(inFlagEvent(event), { color })) }),
      }),
    );
    out(json ? `${JSON.stringify(report, null, 2)}\n` : `\n${formatReport(report, { color })}`);
    return report.ok ? 0 : 1;
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
