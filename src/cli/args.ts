/**
 * What the commands share: flag parsing (with --help, and a single-value flag given twice refused),
 * the list file reader, the --category check, bad-usage errors turned into exit status 2 (colour: io.ts `styles`).
 */
import { readFile } from 'node:fs/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { CliIo } from './io.js';
import { ListParseError } from '../allowlist/errors.js';
import { AllowedIpList } from '../allowlist/list.js';
import type { Category } from '../allowlist/types.js';
import { CATEGORIES, isCategory } from '../allowlist/categories.js';

/** A command's flags, as `util.parseArgs` takes them. */
type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** The `-h, --help` flag every command takes. */
const HELP = { help: { type: 'boolean', short: 'h' } } as const;
type HelpOption = typeof HELP;

/** What {@link parseFlags} returns: the values typed from the options (and `help`), and the positionals. */
export interface Flags<T extends ParseArgsOptionsConfig> {
  values: ReturnType<typeof parseArgs<{ options: T & HelpOption; strict: true; allowPositionals: true }>>['values'];
  positionals: string[];
}

/**
 * Bad usage or unusable input: the command prints the first line after its name on stderr, the
 * others (one list issue or address each) as they are, and exits 2. `usage` adds a pointer to --help.
 */
export class CliInputError extends Error {
  constructor(
    readonly lines: string[],
    readonly usage = false,
  ) {
    super(lines.join('\n'));
  }
}

/**
 * Parses argv with `util.parseArgs`; a parse error (unknown flag, missing value) is a {@link CliInputError},
 * and so is a single-value flag given twice with different values (`--category media --category turn`,
 * where parseArgs would keep the last and drop the other without a word).
 */
export function parseFlags<T extends ParseArgsOptionsConfig>(argv: string[], options: T): Flags<T> {
  let parsed: ReturnType<
    typeof parseArgs<{ options: T & HelpOption; tokens: true; strict: true; allowPositionals: true }>
  >;
  try {
    parsed = parseArgs({
      args: argv,
      options: { ...options, ...HELP },
      strict: true,
      allowPositionals: true,
      tokens: true,
    }) as typeof parsed;
  } catch (err) {
    throw new CliInputError([(err as Error).message], true);
  }
  const first = new Map<string, string>();
  for (const t of parsed.tokens) {
    if (t.kind !== 'option' || t.value === undefined || options[t.name]?.multiple) continue;
    const seen = first.get(t.name);
    if (seen === undefined) first.set(t.name, t.value);
    else if (seen !== t.value)
      throw new CliInputError(
        [`--${t.name} given twice (${JSON.stringify(seen)} and ${JSON.stringify(t.value)}); give it once`],
        true,
      );
  }
  return { values: parsed.values, positionals: parsed.positionals };
}

/**
 * Reads a list file: JSON (`AllowedIpList.fromJSON`) when its first non-blank character is `{`, else
 * the text form (`AllowedIpList.fromText`). Every parse issue becomes one `FILE:LINE:COLUMN: ...` line.
 */
export async function readListFile(file: string): Promise<AllowedIpList> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new CliInputError([
      `cannot read ${JSON.stringify(file)} (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
    ]);
  }
  return parseListFile(file, text);
}

/**
 * The list read from `file`: the JSON form when it starts with `{` (after a byte order mark or white
 * space), else the text form. A parse error is a {@link CliInputError} naming every problem as
 * `FILE:LINE:COLUMN:`, under the heading `${header}: the list has N problems:`.
 */
export function parseListFile(file: string, text: string, header = file): AllowedIpList {
  try {
    return text.trimStart().startsWith('{') ? AllowedIpList.fromJSON(text) : AllowedIpList.fromText(text);
  } catch (err) {
    if (!(err instanceof ListParseError)) throw err;
    throw new CliInputError([
      `${header}: the list has ${err.issues.length === 1 ? '1 problem' : `${err.issues.length} problems`}:`,
      ...err.issues.map(
        (i) => `${file}:${i.line > 0 ? `${i.line}:${i.column}: ` : ' '}${JSON.stringify(i.text)}: ${i.reason}`,
      ),
    ]);
  }
}

/** `--category` values, checked. */
export function categoriesFlag(values: string[] | undefined): Category[] | undefined {
  if (!values) return undefined;
  for (const c of values) {
    if (!isCategory(c))
      throw new CliInputError([`--category: expected one of ${CATEGORIES.join(', ')}, got ${JSON.stringify(c)}`]);
  }
  return [...new Set(values)] as Category[];
}

/** Runs a command body, turning {@link CliInputError} into stderr lines and exit status 2. */
export async function guarded(name: string, io: CliIo, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (err) {
    if (!(err instanceof CliInputError)) throw err;
    const [first, ...rest] = err.lines;
    const help = err.usage ? [`Run "video-allowlist ${name} --help" for usage.`] : [];
    io.stderr([`video-allowlist ${name}: ${first}`, ...rest, ...help].map((l) => `${l}\n`).join(''));
    return 2;
  }
}
