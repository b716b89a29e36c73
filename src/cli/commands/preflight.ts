import { readFile } from 'node:fs/promises';
import { colorEnabled, type CliIo, type Command } from '../io.js';
import type { AllowlistLike } from '../../allowlist/types.js';
import { CliInputError, parseFlags, parseListFile } from '../args.js';
import { formatEvent, formatReport } from '../../preflight/format.js';
import { runNodePreflight, nodeTransport } from '../../preflight/node.js';
import { PreflightOptionError, redactor } from '../../preflight/targets.js';
import type { PreflightOptions, Transport } from '../../preflight/types.js';

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

/** Bad usage: printed as one line naming the flag or file, exit status 2. */
class UsageError extends Error {}

/** Flags whose values are secrets: removed from every line this command prints. */
const SECRET_FLAGS = ['--token', '--turn-credential', '--turn-username'];

/** Every secret value on the command line (`--token T` and `--token=T`) and in the environment. */
function secretsOf(argv: string[], env: CliIo['env']): string[] {
  const out: string[] = [];
  argv.forEach((a, i) => {
    for (const f of SECRET_FLAGS) {
      if (a === f && argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) out.push(argv[i + 1]!);
      else if (a.startsWith(`${f}=`)) out.push(a.slice(f.length + 1));
    }
  });
  if (env.VONAGE_VIDEO_TOKEN) out.push(env.VONAGE_VIDEO_TOKEN);
  return out;
}

function port(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^\d{1,5}$/.test(v) || n < 1 || n > 65535)
    throw new UsageError(`--${name}: expected a port 1-65535, got ${JSON.stringify(v)}`);
  return n;
}

async function readText(flag: string, file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why =
      e.code === 'ENOENT'
        ? 'no such file'
        : e.code === 'EACCES'
          ? 'permission denied'
          : e.code === 'EISDIR'
            ? 'is a directory'
            : (e.code ?? String(err));
    throw new UsageError(`${flag} ${file}: cannot read the file (${why})`);
  }
}

/** The list file read as `check`, `diff` and `export` read it; a parse error is bad usage (exit 2). */
function listFrom(file: string, text: string): AllowlistLike {
  try {
    return parseListFile(file, text, `--list ${file}`);
  } catch (err) {
    throw err instanceof CliInputError ? new UsageError(err.lines.join('\n')) : err;
  }
}

/** The flags; a flag given twice with different values is refused (parseFlags), and so is a positional argument. */
function parse(argv: string[]) {
  const { values, positionals } = parseFlags(argv, {
    list: { type: 'string' },
    'api-url': { type: 'string' },
    'messaging-url': { type: 'string' },
    'logging-url': { type: 'string' },
    'turn-url': { type: 'string', multiple: true },
    'turn-username': { type: 'string' },
    'turn-credential': { type: 'string' },
    'media-host': { type: 'string' },
    'media-tcp-port': { type: 'string' },
    'media-udp-port': { type: 'string' },
    'api-key': { type: 'string' },
    'session-id': { type: 'string' },
    token: { type: 'string' },
    ca: { type: 'string' },
    timeout: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (positionals.length > 0)
    throw new CliInputError([`Unexpected argument '${positionals[0]}': this command takes flags only`], true);
  return values;
}

type Values = ReturnType<typeof parse>;

/** The run's options and transport from the flags (files read, list parsed, CA checked); throws {@link UsageError}. */
async function optionsOf(
  values: Values,
  env: CliIo['env'],
): Promise<{ options: PreflightOptions; transport: Transport }> {
  if (!values.list) throw new UsageError('--list FILE is required: the allowed IP list your firewall holds');
  // An empty value (--api-url "$UNSET") would otherwise fall back to the default target unnoticed.
  for (const flag of ['api-url', 'messaging-url', 'logging-url', 'media-host', 'ca'] as const) {
    const v = values[flag];
    if (v !== undefined && v.trim() === '')
      throw new UsageError(`--${flag}: the value is empty (leave the flag out for the default)`);
  }
  const token = values.token ?? env.VONAGE_VIDEO_TOKEN;
  const creds = { '--api-key': values['api-key'], '--session-id': values['session-id'], '--token': token };
  const given = Object.values(creds).filter((v) => v !== undefined).length;
  if (given !== 0 && given !== 3) {
    const missing = Object.entries(creds)
      .filter(([, v]) => v === undefined)
      .map(([k]) => k);
    throw new UsageError(
      `credentials mode needs --api-key, --session-id and --token together: missing ${missing.join(' and ')}`,
    );
  }
  const mediaPorts = values['media-tcp-port'] !== undefined || values['media-udp-port'] !== undefined;
  if (mediaPorts && !values['media-host'] && given !== 3) {
    throw new UsageError(
      '--media-tcp-port and --media-udp-port need --media-host (or credentials mode, where the session info names the host)',
    );
  }
  let timeoutMs: number | undefined;
  if (values.timeout !== undefined) {
    timeoutMs = Number(values.timeout);
    if (!/^\d+$/.test(values.timeout) || timeoutMs < 1 || timeoutMs > 600_000) {
      throw new UsageError(`--timeout: expected milliseconds 1-600000, got ${JSON.stringify(values.timeout)}`);
    }
  }
  const turnUrls = values['turn-url'];
  if ((values['turn-username'] !== undefined || values['turn-credential'] !== undefined) && !turnUrls) {
    throw new UsageError('--turn-username and --turn-credential need --turn-url');
  }
  if ((values['turn-username'] === undefined) !== (values['turn-credential'] === undefined)) {
    const missing = values['turn-username'] === undefined ? '--turn-username' : '--turn-credential';
    throw new UsageError(`${missing}: give both --turn-username and --turn-credential, or neither`);
  }
  const tcpPort = port('media-tcp-port', values['media-tcp-port']);
  const udpPort = port('media-udp-port', values['media-udp-port']);
  const list = listFrom(values.list, await readText('--list', values.list));
  const ca = values.ca ? await readText('--ca', values.ca) : undefined;
  let transport: Transport;
  try {
    transport = nodeTransport(ca !== undefined ? { ca } : {}); // refuses what is not a PEM certificate, which TLS would skip
  } catch (e) {
    if (e instanceof PreflightOptionError)
      throw new UsageError(`--ca ${values.ca}: ${e.message.slice(e.option.length + 2)}`);
    throw e;
  }
  const options: PreflightOptions = {
    list,
    ...(values['api-url'] ? { apiUrl: values['api-url'] } : {}),
    ...(values['messaging-url'] ? { messagingUrl: values['messaging-url'] } : {}),
    ...(values['logging-url'] ? { loggingUrl: values['logging-url'] } : {}),
    ...(turnUrls
      ? {
          turn: {
            urls: turnUrls,
            ...(values['turn-username'] !== undefined ? { username: values['turn-username'] } : {}),
            ...(values['turn-credential'] !== undefined ? { credential: values['turn-credential'] } : {}),
          },
        }
      : {}),
    ...(values['media-host'] || mediaPorts
      ? {
          media: {
            ...(values['media-host'] ? { host: values['media-host'] } : {}),
            ...(tcpPort ? { tcpPort } : {}),
            ...(udpPort ? { udpPort } : {}),
          },
        }
      : {}),
    ...(given === 3
      ? { credentials: { apiKey: values['api-key']!, sessionId: values['session-id']!, token: token! } }
      : {}),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
  };
  return { options, transport };
}

/**
 * `video-allowlist preflight`: runs every check at once with the Node transport, prints a line per
 * check to stderr as it starts and ends, then the table (or, with `--json`, only the report) to
 * stdout. Exit 0 when nothing failed, 1 when a check failed, 2 on bad usage. Every secret given on
 * the command line or in `VONAGE_VIDEO_TOKEN` is removed from everything printed.
 */
export const run: Command = async (argv, io, signal) => {
  const redact = redactor(secretsOf(argv, io.env));
  const out = (t: string): void => io.stdout(redact(t));
  const err = (t: string): void => io.stderr(redact(t));
  const usage = (message: string): number => {
    err(`video-allowlist preflight: ${message}\nRun "video-allowlist preflight --help" for the options.\n`);
    return 2;
  };

  let values: Values;
  try {
    values = parse(argv);
  } catch (e) {
    if (e instanceof CliInputError) return usage(e.lines[0]!);
    throw e;
  }
  if (values.help) {
    out(USAGE);
    return 0;
  }

  let options: PreflightOptions;
  let transport: Transport;
  try {
    ({ options, transport } = await optionsOf(values, io.env));
  } catch (e) {
    if (e instanceof UsageError) return usage(e.message);
    throw new Error(redact(e instanceof Error ? e.message : String(e)));
  }

  const color = colorEnabled(io);
  const json = values.json === true;
  const note = proxyNote(io.env);
  if (note) err(`video-allowlist preflight: ${note}\n`);
  try {
    const report = await runNodePreflight({
      ...options,
      ...(signal ? { signal } : {}),
      transport,
      ...(json ? {} : { onProgress: (e) => err(formatEvent(e, { color })) }),
    });
    out(json ? `${JSON.stringify(report, null, 2)}\n` : `\n${formatReport(report, { color })}`);
    return report.ok ? 0 : 1;
  } catch (e) {
    if (e instanceof PreflightOptionError) {
      const option = e.option.replace(/\[\d+\]$/, '');
      const flag = FLAG_OF[option] ?? FLAG_OF[option.split('.')[0]!] ?? e.option;
      return usage(`${flag}: ${e.message.slice(e.option.length + 2)}`);
    }
    throw new Error(redact(e instanceof Error ? e.message : String(e)));
  }
};

/** The CLI flag behind each option, so option errors name what the user typed. */
const FLAG_OF: Record<string, string> = {
  list: '--list',
  apiUrl: '--api-url',
  messagingUrl: '--messaging-url',
  loggingUrl: '--logging-url',
  turn: '--turn-url',
  'turn.username': '--turn-username',
  'turn.credential': '--turn-credential',
  media: '--media-host',
  'media.tcpPort': '--media-tcp-port',
  'media.udpPort': '--media-udp-port',
  credentials: '--api-key/--session-id/--token',
  'credentials.apiKey': '--api-key',
  'credentials.sessionId': '--session-id',
  'credentials.token': '--token',
  timeoutMs: '--timeout',
};
