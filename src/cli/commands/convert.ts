import { stat, writeFile } from 'node:fs/promises';
import type { Command } from '../io.js';
import { UsageError, guarded, parseFlags } from '../args.js';
import { displayName, readInput, parseList } from '../files.js';

/** One line for `video-allowlist --help`. */
export const summary = 'convert the allowed IP list between its text and JSON forms';

const FORMATS = ['text', 'json'] as const;
type Format = (typeof FORMATS)[number];

const USAGE = `Usage: video-allowlist convert --list FILE [--to text|json] [--out FILE]

Reads the allowed IP list (text, or JSON when the file starts with "{") and writes it in the other
form: the text form with one heading per category, or the JSON form of docs/list-format.md. Blocks,
categories, descriptions and deny entries are kept; comments and blank lines of the text, and the
createDate and syncToken of the JSON, are not (text to JSON writes the current time).

  --list FILE       the list to convert (required); - reads it from standard input
  --to FORMAT       text or json (default: the form the list is not in)
  --out FILE        write the result there instead of to standard output; never the --list file
  -h, --help        this help

Exit status: 0 written, 2 bad usage, a list that cannot be read or parsed, or a file that cannot be
written.
`;

/** True when `path` and `other` name the same existing file (also through a link or another spelling). */
async function sameFile(path: string, other: string): Promise<boolean> {
  try {
    const [pathStats, otherStats] = await Promise.all([stat(path), stat(other)]);
    return pathStats.dev === otherStats.dev && pathStats.ino === otherStats.ino;
  } catch {
    return false;
  }
}

/** `video-allowlist convert`: see USAGE for flags and exit codes. */
export const run: Command = (argv, io) =>
  guarded('convert', io, async () => {
    const { values, positionals } = parseFlags(argv, {
      list: { type: 'string' },
      to: { type: 'string' },
      out: { type: 'string', short: 'o' },
    });
    if (values.help) {
      io.stdout(USAGE);
      return 0;
    }
    if (positionals.length > 0)
      throw new UsageError(
        [`unexpected argument ${JSON.stringify(positionals[0])} (the list is given with --list FILE)`],
        true,
      );
    if (values.list === undefined) throw new UsageError('--list FILE is required: the list to convert', true);
    const to = values.to;
    if (to !== undefined && !FORMATS.includes(to as Format))
      throw new UsageError(`--to: expected text or json, got ${JSON.stringify(to)}`);
    const out = values.out;
    if (out !== undefined && out !== '-' && values.list !== '-' && (await sameFile(values.list, out)))
      throw new UsageError(`--out ${out}: that is the --list file; write the result to another file`);

    const text = await readInput(io, values.list, '--list');
    const list = parseList(text, { file: values.list, flag: '--list' });
    const format = (to as Format | undefined) ?? (text.trimStart().startsWith('{') ? 'text' : 'json');
    const result = format === 'json' ? `${JSON.stringify(list.toJSON(), null, 2)}\n` : list.toText();
    if (out === undefined || out === '-') {
      io.stdout(result);
      return 0;
    }
    try {
      await writeFile(out, result);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? String(err);
      throw new UsageError(`--out ${displayName(out)}: cannot write the file (${code})`);
    }
    return 0;
  });
