import { colorEnabled, styles, type Command } from '../io.js';
import type { AllowedIpList } from '../../allowlist/list.js';
import { diffLists, formatDiff } from '../../allowlist/diff.js';
import { UsageError, guarded, parseFlags } from '../args.js';
import { readList } from '../files.js';

export const summary = 'say what changed between two allowed IP lists, per category: blocks and address coverage';

const USAGE = `Usage: video-allowlist diff <old> <new> [--json]

What changed between two allowed IP lists (text, or JSON when a file starts with "{"; - reads one
of them from standard input), per
category: the address space gained and lost (as a minimal set of CIDR blocks, deny entries applied),
and the blocks added and removed as written. Rewriting a /24 as two /25s changes blocks, not coverage.

  --json            print the diff as JSON: { changed, categories: { media: { added, removed,
                    coverageGained, coverageLost }, ... } }
  -h, --help        this help

Exit status, as diff(1): 0 no category gained or lost coverage, 1 coverage changed, 2 bad usage or a
list that cannot be read or parsed.
`;

export const run: Command = (argv, io) =>
  guarded('diff', io, async () => {
    const { values, positionals } = parseFlags(argv, { json: { type: 'boolean' } });
    if (values.help) {
      io.stdout(USAGE);
      return 0;
    }
    if (positionals.length !== 2)
      throw new UsageError([`expected two list files, <old> and <new>; got ${positionals.length}`], true);
    if (positionals[0] === '-' && positionals[1] === '-')
      throw new UsageError(['only one of <old> and <new> can be read from standard input (-)'], true);
    // Read both before giving up, so every problem of both files is reported at once.
    const read = await Promise.allSettled(positionals.map((f) => readList(io, f)));
    const failed = read.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    if (failed.length > 0) {
      const other = failed.find((e) => !(e instanceof UsageError));
      if (other) throw other;
      const lines = failed.flatMap((e, i) =>
        (e as UsageError).lines.map((l, j) => (i > 0 && j === 0 ? `video-allowlist diff: ${l}` : l)),
      );
      throw new UsageError(lines);
    }
    const [oldList, newList] = read.map((r) => (r as PromiseFulfilledResult<AllowedIpList>).value) as [
      AllowedIpList,
      AllowedIpList,
    ];
    const diff = diffLists(oldList, newList);
    if (values.json) {
      io.stdout(`${JSON.stringify(diff, null, 2)}\n`);
    } else {
      const { green, red } = styles(colorEnabled(io));
      io.stdout(
        formatDiff(diff).replace(
          /^(\w+: )([+-])(.*)$/gm,
          (_line, head: string, sign: string, rest: string) => head + (sign === '+' ? green : red)(sign + rest),
        ),
      );
    }
    return diff.changed ? 1 : 0;
  });
