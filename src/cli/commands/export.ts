import type { Command } from '../io.js';
import { EXPORT_FORMATS, ExportOptionError, exportWithCount } from '../../allowlist/export.js';
import type { ExportFormat, ExportOptions } from '../../allowlist/types.js';
import { UsageError, categoriesFlag, guarded, parseFlags } from '../args.js';
import { describeError } from '../errors.js';
import { readList } from '../files.js';

export const summary =
  'write the allowed IP list as firewall rules (nftables, ipset, AWS, GCP, Azure, JSON) or merged as a list (text, JSON)';

const USAGE = `Usage: video-allowlist export --format FORMAT --list FILE [options]

Writes the list to stdout as rules for a firewall, or as a list in its own text or JSON form, each
category's blocks merged to a minimal set of CIDR blocks with deny entries applied.

  --format FORMAT   nftables    an nft -f script: a table with IPv4/IPv6 sets and an output chain
                    ipset       ipset restore lines (hash:net sets, swapped in) and iptables examples
                    aws         IpPermissions for aws ec2 authorize-security-group-egress
                    gcp         VPC egress firewall rules (one per family)
                    azure       network security group outbound rules (one per family)
                    json-rules  the rules as plain JSON: blocks and ports per category, all blocks
                                merged; a rule set, not a list (check --list does not read it)
                    text        the list's text form, merged, one [category] heading each
                    json        the list's JSON form (schemaVersion 1), merged as text is, dated now;
                                check --list reads it. The list as written, descriptions and date
                                kept: video-allowlist convert --list FILE --to json
  --list FILE       the allowed IP list (required): text, or JSON when the file starts with "{";
                    - reads it from standard input
  --name N          name of the table, sets or rules (default vonage-video; not for text or json)
  --category C      only this category (media, turn, api, logging); repeat for several.
                    Default: every category, and the blocks that have no category
  --all-ports       let every port and protocol through to the blocks, not only those each
                    category needs (text and json have no ports)
  --json            the same as --format json
  -h, --help        this help

Exit status: 0 rules written, 1 rules written but they hold no address (the list has none in the
categories asked for: such rules let nothing through), 2 bad usage or a list that cannot be read or
parsed.
`;

/** The flag behind each export option, so errors name what was typed. */
const FLAGS = {
  format: '--format',
  name: '--name',
  categories: '--category',
  allPorts: '--all-ports',
} as const;

export const run: Command = (argv, io) =>
  guarded('export', io, async () => {
    const { values, positionals } = parseFlags(argv, {
      format: { type: 'string' },
      list: { type: 'string' },
      name: { type: 'string' },
      category: { type: 'string', multiple: true },
      'all-ports': { type: 'boolean' },
      json: { type: 'boolean' },
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
    const given = values.format;
    if (values.json && given !== undefined && given !== 'json')
      throw new UsageError([`--json is --format json; it contradicts --format ${given}`], true);
    const format = given ?? (values.json ? 'json' : undefined);
    if (format === undefined) throw new UsageError([`--format is required: one of ${EXPORT_FORMATS.join(', ')}`], true);
    if (!EXPORT_FORMATS.includes(format as ExportFormat)) {
      throw new UsageError([`--format: expected one of ${EXPORT_FORMATS.join(', ')}, got ${JSON.stringify(format)}`]);
    }
    // A list form has no name to give: a --name there would be accepted and silently dropped.
    if ((format === 'text' || format === 'json') && values.name !== undefined)
      throw new UsageError([`--name: the ${format} format names nothing; leave --name out`], true);
    if (values.list === undefined)
      throw new UsageError(['--list FILE is required: the allowed IP list to export'], true);
    const categories = categoriesFlag(values.category);
    const list = await readList(io, values.list, '--list');

    const options: ExportOptions = {
      ...(categories ? { categories } : {}),
      ...(values.name !== undefined ? { name: values.name } : {}),
      // `allPorts` is the library option the per-category ports come with.
      ...(values['all-ports'] ? { allPorts: true } : {}),
    } as ExportOptions;
    let exported: { rules: string; blocks: number };
    try {
      exported = exportWithCount(list, format as ExportFormat, options);
    } catch (err) {
      if (!(err instanceof ExportOptionError)) throw err;
      throw new UsageError(describeError(err, { options: FLAGS }));
    }
    const { rules, blocks } = exported;
    io.stdout(rules.endsWith('\n') ? rules : `${rules}\n`);
    if (blocks === 0) {
      io.stderr(
        `video-allowlist export: the rules hold no address: ${values.list} has none${categories ? ` in ${categories.join(', ')}` : ''}; a firewall loading them lets nothing through\n`,
      );
      return 1;
    }
    return 0;
  });
