/**
 * Reading what the user named: one wording for a file that cannot be read, `-` for standard input,
 * and the list read as text or JSON with every problem named as `FILE:LINE:COLUMN`.
 */
import { readFile } from 'node:fs/promises';
import type { CliIo } from './io.js';
import { UsageError, pathWords } from './errors.js';
import { ListParseError } from '../allowlist/errors.js';
import { AllowedIpList } from '../allowlist/list.js';

/** What a file is called in messages: the name given, or `<stdin>` for `-`. */
export function displayName(file: string): string {
  return file === '-' ? '<stdin>' : file;
}

/** `--list allowed.txt` (or `allowed.txt` for a file given without a flag): the input in messages. */
function named(file: string, flag: string | undefined): string {
  return flag === undefined ? displayName(file) : `${flag} ${displayName(file)}`;
}

/** errno codes in words. */
const WHY: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'a part of the path is not a directory',
};

/**
 * The text of `file`, or of standard input when it is `-`. A file that cannot be read is a
 * {@link UsageError}: `--list allowed.txt: cannot read the file (no such file)`.
 */
export async function readInput(io: CliIo, file: string, flag?: string): Promise<string> {
  if (file === '-') {
    if (!io.stdin) throw new UsageError(`${named(file, flag)}: there is no standard input to read`);
    return io.stdin();
  }
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = (code !== undefined && WHY[code]) || code || String(err);
    throw new UsageError(`${named(file, flag)}: cannot read the file (${why})`);
  }
}

/**
 * The list read from `file` (`-`: standard input) as {@link parseList} reads it.
 */
export async function readList(io: CliIo, file: string, flag?: string): Promise<AllowedIpList> {
  return parseList(await readInput(io, file, flag), { file, flag });
}

/**
 * The list in `text`: the JSON form when it starts with `{` (after a byte order mark or white space),
 * else the text form. A parse error is a {@link UsageError} with every problem as `FILE:LINE:COLUMN:`,
 * under the heading `--list FILE: the list has N problems:`.
 */
export function parseList(text: string, where: { file: string; flag?: string | undefined }): AllowedIpList {
  try {
    return text.trimStart().startsWith('{') ? AllowedIpList.fromJSON(text) : AllowedIpList.fromText(text);
  } catch (err) {
    if (!(err instanceof ListParseError)) throw err;
    const file = displayName(where.file);
    const count = err.issues.length;
    throw new UsageError([
      `${named(where.file, where.flag)}: the list has ${count === 1 ? '1 problem' : `${count} problems`}:`,
      ...err.issues.map((i) => {
        const at = i.line > 0 ? pathWords(['line', i.line, 'column', i.column], { file }) : file;
        return `${at}: ${JSON.stringify(i.text)}: ${i.reason}`;
      }),
    ]);
  }
}
