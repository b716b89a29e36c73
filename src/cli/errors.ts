/**
 * The CLI's one kind of usage error, the wrapper that turns it into exit status 2, and the mapping
 * from a library error's `path` (an option name, a list line and column) to the words a user typed
 * (`--category`, `allowed.txt:3:7`), so the library never names a flag.
 */
import type { CliIo } from './io.js';
import { VideoAllowlistError, formatPath, type ErrorPath } from '../errors.js';

/**
 * Bad usage or unusable input: the command prints the first line after its name on stderr, the
 * others (one list issue or address each) as they are, and exits 2. `usage` adds a pointer to --help.
 * A single message may be given as a string (`new UsageError('--port: expected 1-65535')`).
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly lines: string[];

  constructor(
    lines: string | string[],
    readonly usage = false,
  ) {
    const all = typeof lines === 'string' ? [lines] : lines;
    super(all.join('\n'));
    this.lines = all;
  }
}

/** Runs a command body, turning {@link UsageError} into stderr lines and exit status 2. */
export async function guarded(name: string, io: CliIo, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    const [first, ...rest] = err.lines;
    const help = err.usage ? [`Run "video-allowlist ${name} --help" for usage.`] : [];
    io.stderr([`video-allowlist ${name}: ${first}`, ...rest, ...help].map((l) => `${l}\n`).join(''));
    return 2;
  }
}

/** What a command calls the inputs a library error's `path` can name. */
export interface PathWords {
  /**
   * The flag (or word) for an option path, keyed by the path's names joined with dots, indexes left
   * out: `{ categories: '--category', 'turn.urls': '--turn-url' }`. The longest known prefix wins.
   */
  options?: Readonly<Record<string, string>>;
  /** The file a list position (`['line', 3, 'column', 7]`) points into, as the user named it. */
  file?: string;
}

/**
 * The user's words for `path`: `allowed.txt:3:7` for a list position in `words.file`, `--category`
 * for an option the command maps; null when the path is empty or names nothing the command maps.
 */
export function pathWords(path: ErrorPath, words: PathWords): string | null {
  if (path[0] === 'line' && typeof path[1] === 'number') {
    const column = path[2] === 'column' && typeof path[3] === 'number' ? `:${path[3]}` : '';
    return `${words.file ?? '<list>'}:${path[1]}${column}`;
  }
  const names = path.filter((k): k is string => typeof k === 'string');
  for (let count = names.length; count > 0; count--) {
    const flag = words.options?.[names.slice(0, count).join('.')];
    if (flag !== undefined) return flag;
  }
  return null;
}

/**
 * The path of a library error: `err.path`, or, for an error not yet carrying one, its older field
 * naming the input (`option`, `field`, `argument`), so the CLI names the flag either way.
 */
export function errorPath(err: VideoAllowlistError): ErrorPath {
  if (err.path.length > 0) return err.path;
  const legacy = err as unknown as Record<string, unknown>;
  for (const key of ['option', 'field', 'argument']) {
    if (typeof legacy[key] === 'string') return [legacy[key]];
  }
  return [];
}

/**
 * A library error in the user's words: `--category: expected one of ...` or `allowed.txt:3:7: ...`
 * (then the hint, if any, on a line of its own). The message as it is when the path names nothing
 * the command maps. `path` overrides the error's own, for an error whose class has none yet.
 */
export function describeError(err: VideoAllowlistError, words: PathWords, path = errorPath(err)): string[] {
  const where = pathWords(path, words);
  if (where === null) return [err.message];
  // An error without its own `reason` repeats the message, which starts with the path's own name.
  const prefix = `${formatPath(path)}: `;
  const reason = err.reason.startsWith(prefix) ? err.reason.slice(prefix.length) : err.reason;
  return [`${where}: ${reason}`, ...(err.hint ? [err.hint] : [])];
}
