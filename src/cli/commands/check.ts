import { colorEnabled, styles, type Command } from '../io.js';
import { CliInputError, categoriesFlag, guarded, parseFlags, readListFile } from '../args.js';
import { AddressParseError } from '../../allowlist/address.js';
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
    if (values.list === undefined)
      throw new CliInputError(['--list FILE is required: the allowed IP list to check against'], true);
    const category = categoriesFlag(values.category === undefined ? undefined : [values.category])?.[0];
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
      const { green, red } = styles(colorEnabled(io));
      const width = Math.max(...verdicts.map((v) => v.ip.length));
      for (const v of verdicts) {
        const mark = v.allowed ? green('allowed    ') : red('NOT ALLOWED');
        io.stdout(`${v.ip.padEnd(width)}  ${mark}  ${describe(v, category)}\n`);
      }
    }
    return ok ? 0 : 1;
  });
