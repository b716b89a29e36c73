/** The preflight's options and transport from the command's flags: files read, list parsed, CA checked. */
import { readFile } from 'node:fs/promises';
import type { AllowlistLike } from '../../../allowlist/types.js';
import { PreflightOptionError } from '../../../preflight/errors.js';
import { nodeTransport } from '../../../preflight/node.js';
import type { PreflightOptions, Transport } from '../../../preflight/types.js';
import { CliInputError, parseListFile } from '../../args.js';
import type { CliIo } from '../../io.js';
import { usageOf, type Values } from './flags.js';

/** Bad usage, named by its flag: the command prints it and exits 2. */
function usage(message: string): CliInputError {
  return new CliInputError([message], true);
}

function port(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!/^\d{1,5}$/.test(value) || number < 1 || number > 65535)
    throw usage(`${flag}: expected a port 1-65535, got ${JSON.stringify(value)}`);
  return number;
}

const READ_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
};

async function readText(flag: string, file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw usage(`${flag} ${file}: cannot read the file (${(code && READ_ERRORS[code]) ?? code ?? String(err)})`);
  }
}

/** The list file read as `check`, `diff` and `export` read it; a parse error is bad usage (exit 2). */
function listFrom(file: string, text: string): AllowlistLike {
  try {
    return parseListFile(file, text, `--list ${file}`);
  } catch (err) {
    throw err instanceof CliInputError ? new CliInputError(err.lines, true) : err;
  }
}

/** What the command line alone can refuse: flags that need each other, empty values, numbers. */
function checkFlags(values: Values, token: string | undefined): void {
  if (!values.list) throw usage('--list FILE is required: the allowed IP list your firewall holds');
  // An empty value (--api-url "$UNSET") would otherwise fall back to the default target unnoticed.
  for (const flag of ['api-url', 'messaging-url', 'logging-url', 'media-host', 'ca', 'proxy'] as const) {
    if (values[flag]?.trim() === '') throw usage(`--${flag}: the value is empty (leave the flag out for the default)`);
  }
  const credentials = { '--api-key': values['api-key'], '--session-id': values['session-id'], '--token': token };
  const missing = Object.keys(credentials).filter(
    (flag) => credentials[flag as keyof typeof credentials] === undefined,
  );
  if (missing.length === 1 || missing.length === 2)
    throw usage(
      `credentials mode needs --api-key, --session-id and --token together: missing ${missing.join(' and ')}`,
    );
  const mediaPorts = values['media-tcp-port'] !== undefined || values['media-udp-port'] !== undefined;
  if (mediaPorts && !values['media-host'] && missing.length > 0) {
    throw usage(
      '--media-tcp-port and --media-udp-port need --media-host (or credentials mode, where the session info names the host)',
    );
  }
  const timeout = values.timeout;
  if (timeout !== undefined && (!/^\d+$/.test(timeout) || Number(timeout) < 1 || Number(timeout) > 600_000))
    throw usage(`--timeout: expected milliseconds 1-600000, got ${JSON.stringify(timeout)}`);
  const turnCredentials = [values['turn-username'], values['turn-credential']];
  if (turnCredentials.some((value) => value !== undefined) && !values['turn-url'])
    throw usage('--turn-username and --turn-credential need --turn-url');
  if ((turnCredentials[0] === undefined) !== (turnCredentials[1] === undefined)) {
    const absent = turnCredentials[0] === undefined ? '--turn-username' : '--turn-credential';
    throw usage(`${absent}: give both --turn-username and --turn-credential, or neither`);
  }
}

/** `--quality`, or either of its settings (which turn it on): the option, numbers checked by the library. */
function qualityOf(values: Values): Pick<PreflightOptions, 'quality'> {
  const seconds = values['quality-seconds'];
  const kbps = values['quality-kbps'];
  if (!values.quality && seconds === undefined && kbps === undefined) return {};
  const number = (text: string | undefined): number | undefined => (text === undefined ? undefined : Number(text));
  return { quality: given({ seconds: number(seconds), kbps: number(kbps) }) };
}

/** Only the entries whose value is given: `{ apiUrl: undefined }` would not be "left out". */
function given<T extends object>(entries: T): Partial<T> {
  return Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** The run's options and transport from the flags; throws {@link CliInputError} for bad usage. */
export async function optionsOf(
  values: Values,
  env: CliIo['env'],
): Promise<{ options: PreflightOptions; transport: Transport }> {
  const token = values.token ?? env.VONAGE_VIDEO_TOKEN;
  checkFlags(values, token);
  const timeoutMs = values.timeout === undefined ? undefined : Number(values.timeout);
  const tcpPort = port('--media-tcp-port', values['media-tcp-port']);
  const udpPort = port('--media-udp-port', values['media-udp-port']);
  const list = listFrom(values.list!, await readText('--list', values.list!));
  const ca = values.ca ? await readText('--ca', values.ca) : undefined;
  let transport: Transport;
  try {
    // Refuses what is not a PEM certificate (which TLS would skip), and a proxy URL it cannot use.
    transport = nodeTransport({
      ...given({ ca, proxy: values.proxy, noProxy: values['no-proxy'] }),
      env,
    });
  } catch (err) {
    if (!(err instanceof PreflightOptionError)) throw err;
    throw usageOf(err, err.path[0] === 'ca' ? values.ca : undefined);
  }
  const turnUrls = values['turn-url'];
  const credentials = values['api-key'] !== undefined && token !== undefined;
  const options: PreflightOptions = {
    list,
    ...given({ apiUrl: values['api-url'], messagingUrl: values['messaging-url'], loggingUrl: values['logging-url'] }),
    ...(turnUrls
      ? {
          turn: {
            urls: turnUrls,
            ...given({ username: values['turn-username'], credential: values['turn-credential'] }),
          },
        }
      : {}),
    ...(values['media-host'] || tcpPort !== undefined || udpPort !== undefined
      ? { media: given({ host: values['media-host'], tcpPort, udpPort }) }
      : {}),
    ...(credentials
      ? { credentials: { apiKey: values['api-key']!, sessionId: values['session-id']!, token: token } }
      : {}),
    ...given({ timeoutMs, allowSkip: values['allow-skip'] }),
    ...qualityOf(values),
  };
  return { options, transport };
}
