/**
 * The preflight command's flags: what each is called, how it becomes an option, and the way back
 * from an option's path (in a library error or hint) to the flag the user typed.
 */
import type { ErrorPath } from '../../../errors.js';
import { PreflightOptionError } from '../../../preflight/errors.js';
import { CliInputError, parseFlags } from '../../args.js';

/** The flags, as `parseFlags` takes them. */
const FLAGS = {
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
  quality: { type: 'boolean' },
  'quality-seconds': { type: 'string' },
  'quality-kbps': { type: 'string' },
  json: { type: 'boolean' },
  proxy: { type: 'string' },
  'no-proxy': { type: 'string' },
  'allow-skip': { type: 'boolean' },
} as const;

/** The flags' values; a flag given twice with different values is refused, and so is a positional argument. */
export function parse(argv: string[]) {
  const { values, positionals } = parseFlags(argv, FLAGS);
  if (positionals.length > 0)
    throw new CliInputError([`Unexpected argument '${positionals[0]}': this command takes flags only`], true);
  return values;
}

export type Values = ReturnType<typeof parse>;

/** The flag behind each option path (indices left out), so that errors name what the user typed. */
const FLAG_OF: Readonly<Record<string, string>> = {
  list: '--list',
  apiUrl: '--api-url',
  messagingUrl: '--messaging-url',
  loggingUrl: '--logging-url',
  turn: '--turn-url',
  'turn.urls': '--turn-url',
  'turn.username': '--turn-username',
  'turn.credential': '--turn-credential',
  media: '--media-host',
  'media.host': '--media-host',
  'media.tcpPort': '--media-tcp-port',
  'media.udpPort': '--media-udp-port',
  credentials: '--api-key/--session-id/--token',
  'credentials.apiKey': '--api-key',
  'credentials.sessionId': '--session-id',
  'credentials.token': '--token',
  timeoutMs: '--timeout',
  ca: '--ca',
  quality: '--quality',
  'quality.seconds': '--quality-seconds',
  'quality.kbps': '--quality-kbps',
  proxy: '--proxy',
  noProxy: '--no-proxy',
  allowSkip: '--allow-skip',
};

/** The flag for an option path: `['turn', 'urls', 1]` → `--turn-url`, `['credentials', 'token']` → `--token`. */
export function flagOf(path: ErrorPath): string | undefined {
  const keys = path.filter((key): key is string => typeof key === 'string');
  return FLAG_OF[keys.join('.')] ?? FLAG_OF[keys[0] ?? ''];
}

/** Option names in library words, and what the command line says instead. */
const OPTION_WORDS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bthe ca option\b/g, '--ca FILE'],
  [/\bthe proxy option\b/g, '--proxy URL'],
  ...Object.entries(FLAG_OF)
    .filter(([option]) => option.includes('.'))
    .map(([option, flag]) => [new RegExp(`\\b${option.replace('.', '\\.')}\\b`, 'g'), flag] as const),
];

/** Library words (a hint naming `media.udpPort`, "the ca option") in the command line's flags. */
export function inFlagWords(text: string): string {
  return OPTION_WORDS.reduce((out, [option, flag]) => out.replace(option, flag), text);
}

/** A library option error as the command's usage error: the flag (and file), the reason, the hint. */
export function usageOf(err: PreflightOptionError, file?: string): CliInputError {
  const flag = flagOf(err.path) ?? err.option;
  const hint = err.hint ? `; ${inFlagWords(err.hint)}` : '';
  return new CliInputError([`${flag}${file === undefined ? '' : ` ${file}`}: ${err.reason}${hint}`], true);
}
