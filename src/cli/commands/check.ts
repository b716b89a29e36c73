import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { colorEnabled, type CliIo, type Command } from '../io.js';
import { AddressParseError } from '../../allowlist/address.js';
import { ListParseError } from '../../allowlist/errors.js';
import { AllowedIpList } from '../../allowlist/list.js';
import type { Category, CheckResult } from '../../allowlist/types.js';

export const summary = 'say for each IP address whether the allowed IP list lets it through, and which block decides';

const USAGE = `Usage: video-allowlist check <ip>... --list FILE [options]

For each address: allowed by the list or not, and the block, category and description that decide
it (the most specific block; a deny entry wins over allow entries).

  --list FILE       the allowed IP list (required): text, or JSON when the file starts with "{"
  --category C      judge against one category's blocks (media, turn, api, logging) plus the
                    blocks that have no category. Without it, allowed when any category allows
                    it (what the firewall opens, as export and diff count it): a deny in one
                    category closes the address for that category only (a media deny leaves a
                    TURN block open); a deny without a category closes it for all
  --json            print the results as JSON: { allowed, results: [{ ip, allowed, block,
                    category, description }] } ("allowed": every address is)
  -h, --help        this help

Exit status: 0 every address allowed, 1 some address not allowed, 2 bad usage, a list that cannot
be read or parsed, or an invalid address (all named on stderr).
`;

/** Categories a `--category` flag accepts. */
export const CATEGORIES: readonly Category[] = ['media', 'turn', 'api', 'logging'];

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
export function parseFlags<T extends NonNullable<Parameters<typeof parseArgs>[0]>['options']>(
  argv: string[],
  options: T,
): { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] } {
  let parsed: ReturnType<typeof parseArgs<{ options: T; tokens: true; strict: true; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: true, tokens: true }) as typeof parsed;
  } catch (err) {
    throw new CliInputError([(err as Error).message], true);
  }
  const first = new Map<string, string>();
  for (const t of parsed.tokens) {
    if (t.kind !== 'option' || t.value === undefined || options?.[t.name]?.multiple) continue;
    const seen = first.get(t.name);
    if (seen === undefined) first.set(t.name, t.value);
    else if (seen !== t.value) throw new CliInputError([`--${t.name} given twice (${JSON.stringify(seen)} and ${JSON.stringify(t.value)}); give it once`], true);
  }
  return { values: parsed.values as Record<string, string | boolean | string[] | undefined>, positionals: parsed.positionals };
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
    throw new CliInputError([`cannot read ${JSON.stringify(file)} (${(err as NodeJS.ErrnoException).code ?? String(err)})`]);
  }
  try {
    // A byte order mark (Windows editors) is whitespace to trimStart but not to JSON.parse.
    return text.trimStart().startsWith('{') ? AllowedIpList.fromJSON(text) : AllowedIpList.fromText(text);
  } catch (err) {
    if (!(err instanceof ListParseError)) throw err;
    throw new CliInputError([
      `${file}: the list has ${err.issues.length === 1 ? '1 problem' : `${err.issues.length} problems`}:`,
      ...err.issues.map((i) => `${file}:${i.line > 0 ? `${i.line}:${i.column}: ` : ' '}${JSON.stringify(i.text)}: ${i.reason}`),
    ]);
  }
}

/** `--category` values, checked. */
export function categoriesFlag(values: string[] | undefined): Category[] | undefined {
  if (!values) return undefined;
  for (const c of values) {
    if (!CATEGORIES.includes(c as Category)) throw new CliInputError([`--category: expected one of ${CATEGORIES.join(', ')}, got ${JSON.stringify(c)}`]);
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

/** ANSI colour when stdout is a terminal and NO_COLOR is unset or empty. */
export function painter(io: CliIo): (color: 'green' | 'red' | 'yellow', text: string) => string {
  const on = colorEnabled(io);
  const code = { green: 32, red: 31, yellow: 33 };
  return (color, text) => (on ? `\x1b[${code[color]}m${text}\x1b[0m` : text);
}

interface Verdict extends CheckResult {
  ip: string;
}

function describe(v: Verdict, category: Category | undefined): string {
  if (v.block === null) return `no ${category ? `${category} (or uncategorized) ` : ''}block of the list holds it`;
  const about = [v.category ?? 'no category', v.description].filter(Boolean).join(', ');
  return `${v.allowed ? 'in' : 'denied by'} ${v.block} (${about})`;
}

export const run: Command = (argv, io) =>
  guarded('check', io, async () => {
    const { values, positionals } = parseFlags(argv, {
      list: { type: 'string' },
      category: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (values.help) {
      io.stdout(USAGE);
      return 0;
    }
    if (positionals.length === 0) throw new CliInputError(['give at least one IP address'], true);
    if (typeof values.list !== 'string') throw new CliInputError(['--list FILE is required: the allowed IP list to check against'], true);
    const category = categoriesFlag(typeof values.category === 'string' ? [values.category] : undefined)?.[0];
    const list = await readListFile(values.list);

    const verdicts: Verdict[] = [];
    const invalid: string[] = [];
    for (const ip of positionals) {
      try {
        verdicts.push({ ip, ...list.check(ip, category ? { category } : undefined) });
      } catch (err) {
        if (!(err instanceof AddressParseError)) throw err;
        invalid.push(err.message);
      }
    }
    if (invalid.length === 1) throw new CliInputError(invalid);
    if (invalid.length > 1) throw new CliInputError([`${invalid.length} of the addresses are invalid:`, ...invalid]);

    const ok = verdicts.every((v) => v.allowed);
    if (values.json) {
      io.stdout(`${JSON.stringify({ allowed: ok, ...(category ? { category } : {}), results: verdicts }, null, 2)}\n`);
    } else {
      const paint = painter(io);
      const width = Math.max(...verdicts.map((v) => v.ip.length));
      for (const v of verdicts) {
        const mark = v.allowed ? paint('green', 'allowed    ') : paint('red', 'NOT ALLOWED');
        io.stdout(`${v.ip.padEnd(width)}  ${mark}  ${describe(v, category)}\n`);
      }
    }
    return ok ? 0 : 1;
  });
