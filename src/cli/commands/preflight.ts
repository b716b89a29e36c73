import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Command } from '../io.js';
import { formatEvent, formatReport } from '../../preflight/format.js';
import { runNodePreflight, nodeTransport } from '../../preflight/node.js';
import { PreflightOptionError } from '../../preflight/targets.js';
import type { PreflightOptions } from '../../preflight/types.js';

export const summary = 'check that this network reaches every Vonage Video server category inside the allowed IP list';

const USAGE = `Usage: video-allowlist preflight --list FILE [options]

Checks, all at once, that this network reaches Vonage Video's API, signaling, TURN, media and
logging servers, and that every address reached is inside the allowed IP list.

  --list FILE              the allowed IP list your firewall holds (text form)
  --api-url URL            API server (default https://anvil.opentok.com)
  --messaging-url URL      signaling WebSocket (wss://...)
  --logging-url URL        logging base (default https://hlg.tokbox.com/prod)
  --turn-url URL           TURN URL, repeatable (turn:host:3478?transport=udp, turns:host:443?transport=tcp)
  --turn-username U        TURN long-term credentials (both, or neither)
  --turn-credential C
  --media-host HOST        media server host; --media-tcp-port N (default 443), --media-udp-port N
  --api-key K --session-id S --token T
                           credentials mode: read the session info and probe what it names
                           (the token may come from VONAGE_VIDEO_TOKEN instead of the command line)
  --ca FILE                extra trusted CA certificate(s), PEM (a TLS-inspecting proxy's CA)
  --timeout MS             per-check deadline (default 5000)
  --json                   print the report as JSON
  -h, --help               this help

Exit status: 0 all checks passed (or skipped), 1 a check failed, 2 bad usage.
Tokens and TURN credentials never appear in the output.
`;

class UsageError extends Error {}

function port(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^\d{1,5}$/.test(v) || n < 1 || n > 65535) throw new UsageError(`--${name}: expected a port 1-65535, got ${JSON.stringify(v)}`);
  return n;
}

async function readText(flag: string, file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`${flag}: cannot read ${JSON.stringify(file)} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
}

export const run: Command = async (argv, io, signal) => {
  let values;
  try {
    values = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
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
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (err) {
    io.stderr(`video-allowlist preflight: ${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }

  let options: PreflightOptions;
  let ca: string | undefined;
  try {
    if (!values.list) throw new UsageError('--list FILE is required: the allowed IP list your firewall holds');
    const list = await readText('--list', values.list);
    if (values.ca) ca = await readText('--ca', values.ca);
    const token = values.token ?? io.env.VONAGE_VIDEO_TOKEN;
    const given = [values['api-key'], values['session-id'], token].filter((v) => v !== undefined).length;
    if (given !== 0 && given !== 3) throw new UsageError('credentials mode needs all of --api-key, --session-id and --token');
    if ((values['media-tcp-port'] || values['media-udp-port']) && !values['media-host']) {
      throw new UsageError('--media-tcp-port and --media-udp-port need --media-host');
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
    options = {
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
      ...(values['media-host']
        ? {
            media: {
              host: values['media-host'],
              ...(values['media-tcp-port'] ? { tcpPort: port('media-tcp-port', values['media-tcp-port']) } : {}),
              ...(values['media-udp-port'] ? { udpPort: port('media-udp-port', values['media-udp-port']) } : {}),
            },
          }
        : {}),
      ...(given === 3 ? { credentials: { apiKey: values['api-key']!, sessionId: values['session-id']!, token: token! } } : {}),
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      ...(signal ? { signal } : {}),
    };
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr(`video-allowlist preflight: ${err.message}\n`);
    return 2;
  }

  const color = io.isTTY && !io.env.NO_COLOR;
  const live = (text: string): void => io.stderr(text);
  try {
    const report = await runNodePreflight({
      ...options,
      transport: nodeTransport(ca ? { ca } : {}),
      onProgress: (e) => live(formatEvent(e, { color })),
    });
    io.stdout(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report, { color }));
    return report.ok ? 0 : 1;
  } catch (err) {
    if (err instanceof PreflightOptionError) {
      const flag = FLAG_OF[err.option.replace(/\[\d+\]$/, '').split('.')[0]!] ?? err.option;
      io.stderr(`video-allowlist preflight: ${flag}: ${err.message.slice(err.option.length + 2)}\n`);
      return 2;
    }
    throw err;
  }
};

/** The CLI flag behind each option, so option errors name what the user typed. */
const FLAG_OF: Record<string, string> = {
  list: '--list',
  apiUrl: '--api-url',
  messagingUrl: '--messaging-url',
  loggingUrl: '--logging-url',
  turn: '--turn-url',
  media: '--media-host',
  credentials: '--api-key/--session-id/--token',
  timeoutMs: '--timeout',
};
