/**
 * Flag parsing shared by the commands: --help on every command, an unknown option named with the
 * nearest known one, a single-value flag given twice refused, and the --category check.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors.js';
import { nearest } from './nearest.js';
import type { Category } from '../allowlist/types.js';
import { CATEGORIES, isCategory } from '../allowlist/categories.js';
import type { AllowedIpList } from '../allowlist/list.js';
import { parseList } from './files.js';

export { UsageError, guarded } from './errors.js';
export { nearest } from './nearest.js';
/** The former name of {@link UsageError}, kept while preflight and audit move to the new name. */
export const CliInputError = UsageError;
/** The former name of {@link UsageError}. */
export type CliInputError = UsageError;

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

/** `unknown option --lsit; did you mean --list?` for the option parseArgs refused. */
function unknownOption(message: string, options: ParseArgsOptionsConfig): string {
  const typed = /^Unknown option '([^']+)'/.exec(message)?.[1] ?? message;
  const long = typed.startsWith('--') ? typed.slice(2).split('=')[0]! : null;
  const guess = long === null ? null : nearest(long, Object.keys(options));
  return `unknown option ${typed}${guess === null ? '' : `; did you mean --${guess}?`}`;
}

/**
 * Parses argv with `util.parseArgs`; a parse error is a {@link UsageError} (an unknown option named
 * with the nearest known one), and so is a single-value flag given twice with different values
 * (`--category media --category turn`, where parseArgs would keep the last without a word).
 */
export function parseFlags<T extends ParseArgsOptionsConfig>(argv: string[], options: T): Flags<T> {
  let parsed: ReturnType<
    typeof parseArgs<{ options: T & HelpOption; tokens: true; strict: true; allowPositionals: true }>
  >;
  const all = { ...options, ...HELP };
  try {
    parsed = parseArgs({
      args: argv,
      options: all,
      strict: true,
      allowPositionals: true,
      tokens: true,
    }) as typeof parsed;
  } catch (err) {
    const error = err as NodeJS.ErrnoException;
    throw new UsageError(
      [error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? unknownOption(error.message, all) : error.message],
      true,
    );
  }
  const first = new Map<string, string>();
  for (const token of parsed.tokens) {
    if (token.kind !== 'option' || token.value === undefined || options[token.name]?.multiple) continue;
    const seen = first.get(token.name);
    if (seen === undefined) first.set(token.name, token.value);
    else if (seen !== token.value)
      throw new UsageError(
        [`--${token.name} given twice (${JSON.stringify(seen)} and ${JSON.stringify(token.value)}); give it once`],
        true,
      );
  }
  return { values: parsed.values, positionals: parsed.positionals };
}

/** `--category` values, checked. */
export function categoriesFlag(values: string[] | undefined): Category[] | undefined {
  if (!values) return undefined;
  for (const value of values) {
    if (!isCategory(value)) {
      const guess = nearest(value, CATEGORIES);
      throw new UsageError([
        `--category: expected one of ${CATEGORIES.join(', ')}, got ${JSON.stringify(value)}${guess ? `; did you mean ${guess}?` : ''}`,
      ]);
    }
  }
  return [...new Set(values)] as Category[];
}

/**
 * The list in `text`, read from the file given as `--list FILE`: {@link parseList} with the flag
 * `--list`. Kept for preflight until it calls `readList` or `parseList` of files.ts itself.
 *
 * @deprecated Use `readList(io, file, '--list')` or `parseList(text, { file, flag: '--list' })`.
 */
export function parseListFile(file: string, text: string, _header?: string): AllowedIpList {
  return parseList(text, { file, flag: '--list' });
}
