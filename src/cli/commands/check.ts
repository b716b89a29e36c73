import { colorEnabled, styles, type Command } from '../io.js';
import { UsageError, categoriesFlag, guarded, parseFlags } from '../args.js';
import { readList } from '../files.js';
import { checkBlock, type BlockCover, type CategoryCover } from '../block-check.js';
import { AddressParseError } from '../../allowlist/address.js';
import type { AllowedIpList } from '../../allowlist/list.js';
import type { Category, CheckResult, ListEntry } from '../../allowlist/types.js';

export const summary = 'say for each IP address whether the allowed IP list lets it through, and which block decides';

const USAGE = `Usage: video-allowlist check <ip or block>... --list FILE [options]

For each address: allowed by the list or not, and the block, category and description that decide
it (the most specific block; a deny entry wins over allow entries). For each CIDR block: whether the
list allows all of it, part of it or none, per category, and the blocks of the list that decide.

  --list FILE       the allowed IP list (required): text, or JSON when the file starts with "{";
                    - reads it from standard input
  --category C      judge against one category's blocks (media, turn, api, logging) plus the
                    blocks that have no category. Without it, allowed when any category allows
                    it (what the firewall opens, as export and diff count it): a deny in one
                    category closes the address for that category only (a media deny leaves a
                    TURN block open); a deny without a category closes it for all
  --json            print the results as JSON: { allowed, results: [{ ip, allowed, block,
                    category, description }] } ("allowed": every address is); a block's result is
                    { ip, allowed, inside, categories: [{ category, inside, share, blocks,
                    deniedBy }] } with inside "wholly", "partly" or "none"
  -h, --help        this help

Exit status: 0 every address (and every block, wholly) allowed, 1 some address or part of a block
not allowed, 2 bad usage, a list that cannot be read or parsed, or an invalid address (all named on
stderr).
`;

interface Verdict extends CheckResult {
  ip: string;
}

type BlockVerdict = Omit<BlockCover, 'block'> & { ip: string };

function describe(verdict: Verdict, category: Category | undefined): string {
  if (verdict.block === null)
    return `no ${category ? `${category} (or uncategorized) ` : ''}block of the list holds it`;
  const about = [verdict.category ?? 'no category', verdict.description].filter(Boolean).join(', ');
  return `${verdict.allowed ? 'in' : 'denied by'} ${verdict.block} (${about})`;
}

/** `203.0.113.0/24 (Frankfurt)`, `192.0.2.0/28 (no category, office)`. */
function entryWords(entry: ListEntry): string {
  const about = [entry.category === null ? 'no category' : null, entry.description].filter(Boolean).join(', ');
  return about ? `${entry.block} (${about})` : entry.block;
}

/** `wholly, in 203.0.113.0/24 (Frankfurt)` or `partly (62.5%), in ...; denied by ...`. */
function coverWords(cover: CategoryCover): string {
  const share = cover.inside === 'partly' ? ` (${Math.round(cover.share * 1000) / 10}%)` : '';
  const deny = cover.deniedBy.length ? `; denied by ${cover.deniedBy.map(entryWords).join(', ')}` : '';
  return `${cover.inside}${share}, in ${cover.blocks.map(entryWords).join(', ')}${deny}`;
}

/** Categories with the same answer share one clause: `media, turn, api, logging: wholly, in ...`. */
function describeBlock(verdict: BlockVerdict, category: Category | undefined): string {
  if (verdict.categories.length === 0)
    return `no ${category ? `${category} (or uncategorized) ` : ''}block of the list holds any of it`;
  const byWords = new Map<string, string[]>();
  for (const cover of verdict.categories)
    byWords.set(coverWords(cover), [...(byWords.get(coverWords(cover)) ?? []), cover.category]);
  return [...byWords].map(([words, names]) => `${names.join(', ')}: ${words}`).join('; ');
}

/** An argument holding several addresses or blocks: `"a,b"` or `"a, b"`. */
function refuseSeveral(arg: string): void {
  if (!arg.includes(',')) return;
  const count = arg.split(',').filter((p) => p.trim()).length;
  throw new UsageError(
    `${JSON.stringify(arg)} holds ${count} addresses or blocks separated by commas: give one an argument (separated by spaces) or one a line`,
  );
}

function judge(list: AllowedIpList, arg: string, category: Category | undefined): Verdict | BlockVerdict {
  if (!arg.includes('/')) return { ip: arg, ...list.check(arg, category ? { category } : undefined) };
  const { block: _block, ...cover } = checkBlock(list, arg, category);
  return { ip: arg, ...cover };
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
    if (positionals.length === 0) throw new UsageError('give at least one IP address or block', true);
    positionals.forEach(refuseSeveral);
    if (values.list === undefined)
      throw new UsageError('--list FILE is required: the allowed IP list to check against', true);
    const category = categoriesFlag(values.category === undefined ? undefined : [values.category])?.[0];
    const list = await readList(io, values.list, '--list');

    const verdicts: Array<Verdict | BlockVerdict> = [];
    const invalid: string[] = [];
    for (const arg of positionals) {
      try {
        verdicts.push(judge(list, arg, category));
      } catch (err) {
        if (!(err instanceof AddressParseError)) throw err;
        invalid.push(err.message);
      }
    }
    if (invalid.length === 1) throw new UsageError(invalid);
    if (invalid.length > 1) throw new UsageError([`${invalid.length} of the addresses are invalid:`, ...invalid]);

    const ok = verdicts.every((v) => v.allowed);
    if (values.json) {
      io.stdout(`${JSON.stringify({ allowed: ok, ...(category ? { category } : {}), results: verdicts }, null, 2)}\n`);
    } else {
      const { green, red, yellow } = styles(colorEnabled(io));
      const width = Math.max(...verdicts.map((v) => v.ip.length));
      for (const verdict of verdicts) {
        const partly = 'inside' in verdict && verdict.inside === 'partly';
        const mark = verdict.allowed ? green('allowed    ') : partly ? yellow('PARTLY     ') : red('NOT ALLOWED');
        const words = 'inside' in verdict ? describeBlock(verdict, category) : describe(verdict, category);
        io.stdout(`${verdict.ip.padEnd(width)}  ${mark}  ${words}\n`);
      }
    }
    return ok ? 0 : 1;
  });
