import { VideoAllowlistError } from '../errors.js';
import { CATEGORIES, isCategory } from './categories.js';
import {
  blockRange,
  categoriesOf,
  categoryCoverage,
  CATEGORY_ORDER,
  checkedCover,
  type CidrBlock,
  type FamilyRanges,
  formatCidr,
  type ListLike,
  overlaps,
  readEntries,
  subtractRanges,
} from './cover.js';
import type { Category, DiffCategory, ExportFormat, ExportOptions, Family } from './types.js';

/** Every format {@link exportRules} writes, in the order its error messages list them. */
export const EXPORT_FORMATS: readonly ExportFormat[] = ['nftables', 'ipset', 'aws', 'gcp', 'azure', 'json', 'text'];

/**
 * Bad input to {@link exportRules}: an unknown format, a name a firewall would refuse, an unknown
 * category. `code` is `invalid-option`; `option` and the message name the input at fault.
 */
export class ExportOptionError extends VideoAllowlistError {
  /** The class name, written out so that a minifier's renaming does not reach `err.name`. */
  static override readonly name = 'ExportOptionError';

  /** The input at fault: `format`, `name` or `categories`. */
  readonly option: 'format' | 'name' | 'categories' | 'options';

  constructor(option: ExportOptionError['option'], message: string) {
    super('invalid-option', `${option}: ${message}`);
    this.option = option;
  }
}

const DEFAULT_NAME = 'vonage-video';

// Words nft reads as keywords wherever a table name can stand (nftables 1.x scanner, outside scoped
// start conditions): `table inet ip { … }` does not load, so such names are refused up front. A plain
// string, split on first use: a module-level call would stay in every bundle of this package.
const NFT_WORDS =
  'ne eq le lt ge gt lshift rshift xor and or not vmap include define redefine undefine describe hook device ' +
  'devices table chain rule set element map flowtable handle ruleset socket tproxy accept drop continue jump ' +
  'goto return inet netdev add replace update create insert delete get list reset flush rename import export ' +
  'monitor destroy position index comment constant interval dynamic auto-merge timeout gc-interval elements ' +
  'expires policy size flow offload meter counter last log queue limit quota hour day reject snat dnat ' +
  'masquerade redirect random th bridge ether type typeof vlan arp ip ecn time icmp icmpv6 igmp ip6 priority ' +
  'ah esp comp flags udp udplite vxlan vni geneve gre gretap tcp dccp sctp rt rt0 rt2 srh hbh frag dst mh meta ' +
  'mark iif iifname iiftype oif oifname oiftype skuid skgid nftrace rtclassid ibriport ibrname obriport obrname ' +
  'pkttype cpu iifgroup oifgroup cgroup ct numgen jhash symhash dup fwd fib osf synproxy tunnel notrack all ' +
  'exists missing exthdr ipsec secmark xt';
let nftKeywords: ReadonlySet<string> | undefined;

/** Whether nft reads `name` as a keyword. */
function isNftKeyword(name: string): boolean {
  return (nftKeywords ??= new Set(NFT_WORDS.split(' '))).has(name);
}

/** One family's part of the export: the minimal cover, and per block the categories it serves. */
interface FamilyCover {
  blocks: CidrBlock[];
  /** `media, turn` per block, in category order. */
  servedBy: string[];
}

/** What every writer gets: the name, the categories exported, their covers, and the merged cover. */
interface ExportModel {
  name: string;
  groups: Array<{ category: DiffCategory; ranges: FamilyRanges; v4: string[]; v6: string[] }>;
  v4: FamilyCover;
  v6: FamilyCover;
}

/** A value as it reads in a message: strings quoted, anything else as `String` gives it (never throws). */
function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    return String(value);
  } catch {
    return typeof value;
  }
}

function checkName(format: ExportFormat, name: unknown): string {
  if (name === undefined) return DEFAULT_NAME;
  if (typeof name !== 'string') throw new ExportOptionError('name', `expected a string, got ${typeof name}`);
  // ipset set names are at most 31 characters, and the longest derived one is `<name>-v4-new`.
  const max = format === 'ipset' ? 24 : 60;
  if (!/^[a-z]([a-z0-9-]*[a-z0-9])?$/.test(name)) {
    throw new ExportOptionError(
      'name',
      `${JSON.stringify(name)} is not usable in every firewall: use lowercase letters, digits and '-', starting with a letter and not ending with '-' (e.g. ${JSON.stringify(DEFAULT_NAME)})`,
    );
  }
  if (name.length > max) {
    throw new ExportOptionError(
      'name',
      `${JSON.stringify(name)} is ${name.length} characters; ${format} allows at most ${max} here`,
    );
  }
  if (format === 'nftables' && isNftKeyword(name)) {
    throw new ExportOptionError(
      'name',
      `${JSON.stringify(name)} is an nft keyword and cannot name a table; try ${JSON.stringify(`${name}-allowlist`)}`,
    );
  }
  return name;
}

function checkCategories(categories: unknown): Category[] | null {
  if (categories === undefined) return null;
  if (!Array.isArray(categories))
    throw new ExportOptionError('categories', `expected an array of ${CATEGORIES.join(', ')}`);
  if (categories.length === 0) {
    throw new ExportOptionError(
      'categories',
      'is empty, which would export no address; leave it out to export every category',
    );
  }
  for (const c of categories) {
    if (!isCategory(c)) {
      throw new ExportOptionError('categories', `unknown category ${show(c)}; expected ${CATEGORIES.join(', ')}`);
    }
  }
  return categories as Category[];
}

function familyCover(family: Family, groups: ExportModel['groups']): FamilyCover {
  const blocks = checkedCover(
    family,
    groups.flatMap((g) => g.ranges[family]),
  );
  const servedBy = blocks.map((block) => {
    const range = blockRange(block);
    return groups
      .filter((g) => overlaps(g.ranges[family], range))
      .map((g) => g.category)
      .join(', ');
  });
  return { blocks, servedBy };
}

function buildModel(list: ListLike, format: ExportFormat, options: ExportOptions): ExportModel {
  const name = checkName(format, options.name);
  const only = checkCategories(options.categories);
  const entries = readEntries(list, 'list');
  const keys: DiffCategory[] =
    only === null ? categoriesOf(entries) : CATEGORY_ORDER.filter((c) => (only as DiffCategory[]).includes(c));
  const groups = keys.map((category) => {
    const ranges = categoryCoverage(entries, category);
    return {
      category,
      ranges,
      v4: checkedCover(4, ranges[4]).map(formatCidr),
      v6: checkedCover(6, ranges[6]).map(formatCidr),
    };
  });
  return { name, groups, v4: familyCover(4, groups), v6: familyCover(6, groups) };
}

/** `media, turn` (or `nothing allowed` for an empty export): what the export holds, for headers. */
function holds(model: ExportModel): string {
  return model.groups.length === 0 ? 'nothing allowed' : model.groups.map((g) => g.category).join(', ');
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

// ---------------------------------------------------------------------------------------------
// Writers
// ---------------------------------------------------------------------------------------------

function nftables(m: ExportModel): string {
  const set = (family: Family, cover: FamilyCover): string[] => {
    const lines = [`\tset ${m.name}-v${family} {`, `\t\ttype ipv${family}_addr`, '\t\tflags interval'];
    // nft refuses `elements = { }`: an empty set is declared without the line.
    if (cover.blocks.length > 0) {
      lines.push('\t\telements = {', ...cover.blocks.map((b) => `\t\t\t${formatCidr(b)},`), '\t\t}');
    }
    lines.push('\t}');
    return lines;
  };
  return [
    '#!/usr/sbin/nft -f',
    `# Vonage Video allowed IP list (${holds(m)}) as nftables sets: ${m.v4.blocks.length} IPv4 and ${m.v6.blocks.length} IPv6 blocks.`,
    `# Load with \`nft -f FILE\`: it replaces table inet ${m.name} as a whole, in one transaction.`,
    '#',
    '# This defines the sets and an output chain that accepts traffic to them. It sets no policy, and',
    '# nftables runs every base chain on a hook: an accept here does not override a drop in another',
    '# table. Merge it with your policy: make this chain your egress filter (policy drop, plus what else',
    '# must leave the host, such as "ct state established,related accept" and DNS), or copy the sets into',
    '# the table that holds your policy.',
    `table inet ${m.name}`,
    `delete table inet ${m.name}`,
    `table inet ${m.name} {`,
    ...set(4, m.v4),
    '',
    ...set(6, m.v6),
    '',
    '\tchain output {',
    '\t\ttype filter hook output priority filter; policy accept;',
    `\t\tip daddr @${m.name}-v4 accept`,
    `\t\tip6 daddr @${m.name}-v6 accept`,
    '\t}',
    '}',
    '',
  ].join('\n');
}

function ipset(m: ExportModel): string {
  const lines = [
    `# Vonage Video allowed IP list (${holds(m)}) as ipset sets: ${m.v4.blocks.length} IPv4 and ${m.v6.blocks.length} IPv6 blocks.`,
    '# Load with `ipset restore < FILE`. Each set is filled under a temporary name and swapped in, so a set',
    '# a rule already uses never stands empty or half-filled. A set holds at most 65536 blocks by default.',
  ];
  for (const [family, cover] of [
    [4, m.v4],
    [6, m.v6],
  ] as const) {
    const set = `${m.name}-v${family}`;
    const type = `hash:net family ${family === 4 ? 'inet' : 'inet6'}`;
    lines.push(`create ${set} ${type} -exist`, `create ${set}-new ${type} -exist`, `flush ${set}-new`);
    for (const block of cover.blocks) {
      // hash:net cannot hold a /0: the whole space goes in as its two halves.
      const parts =
        block.prefix === 0
          ? [
              { family, first: 0n, prefix: 1 },
              { family, first: 1n << BigInt(family === 4 ? 31 : 127), prefix: 1 },
            ]
          : [block];
      for (const part of parts) lines.push(`add ${set}-new ${formatCidr(part)}`);
    }
    lines.push(`swap ${set}-new ${set}`, `destroy ${set}-new`);
  }
  lines.push(
    '# Then accept traffic to the sets in your egress policy, for example:',
    `# iptables -A OUTPUT -m set --match-set ${m.name}-v4 dst -j ACCEPT`,
    `# ip6tables -A OUTPUT -m set --match-set ${m.name}-v6 dst -j ACCEPT`,
    '',
  );
  return lines.join('\n');
}

function aws(m: ExportModel): string {
  const describe = (servedBy: string) => `${m.name}: ${servedBy}`;
  const permissions =
    m.v4.blocks.length + m.v6.blocks.length === 0
      ? []
      : [
          {
            IpProtocol: '-1',
            IpRanges: m.v4.blocks.map((b, i) => ({ CidrIp: formatCidr(b), Description: describe(m.v4.servedBy[i]!) })),
            Ipv6Ranges: m.v6.blocks.map((b, i) => ({
              CidrIpv6: formatCidr(b),
              Description: describe(m.v6.servedBy[i]!),
            })),
          },
        ];
  return json({ IpPermissions: permissions });
}

/** The cloud writers' rules: one per family that holds a block, named `<name>-v4` / `<name>-v6`. */
function familyRules(m: ExportModel): Array<{ name: string; description: string; ranges: string[] }> {
  return (
    [
      [4, m.v4],
      [6, m.v6],
    ] as const
  )
    .filter(([, cover]) => cover.blocks.length > 0)
    .map(([family, cover]) => ({
      name: `${m.name}-v${family}`,
      description: `Vonage Video allowed IP list (${holds(m)}), IPv${family}`,
      ranges: cover.blocks.map(formatCidr),
    }));
}

function gcp(m: ExportModel): string {
  return json(
    familyRules(m).map((rule) => ({
      name: rule.name,
      description: rule.description,
      direction: 'EGRESS',
      priority: 1000,
      destinationRanges: rule.ranges,
      allowed: [{ IPProtocol: 'all' }],
    })),
  );
}

function azure(m: ExportModel): string {
  const rules = familyRules(m).map((rule, i) => ({
    name: rule.name,
    properties: {
      description: rule.description,
      protocol: '*',
      sourcePortRange: '*',
      destinationPortRange: '*',
      sourceAddressPrefix: '*',
      destinationAddressPrefixes: rule.ranges,
      access: 'Allow',
      priority: 1000 + i,
      direction: 'Outbound',
    },
  }));
  return json({ securityRules: rules });
}

function jsonFormat(m: ExportModel): string {
  return json({
    name: m.name,
    categories: Object.fromEntries(m.groups.map((g) => [g.category, { ipv4: g.v4, ipv6: g.v6 }])),
    all: { ipv4: m.v4.blocks.map(formatCidr), ipv6: m.v6.blocks.map(formatCidr) },
  });
}

function text(m: ExportModel): string {
  const lines = [`# Vonage Video allowed IP list (${holds(m)}): merged per category, deny entries applied.`];
  // Entries before the first heading have no category, so uncategorized comes first; `#` starts a
  // comment in the text form, so headings are bracketed.
  const uncategorized = m.groups.find((g) => g.category === 'uncategorized');
  if (uncategorized) lines.push(...uncategorized.v4, ...uncategorized.v6);
  for (const g of m.groups) {
    if (g === uncategorized) continue;
    lines.push('', `[${g.category}]`, ...g.v4, ...g.v6);
    // Read back, the uncategorized blocks apply to this category too: where this category's own deny
    // entries carved into them, the hole has to be written out.
    if (uncategorized) {
      for (const family of [4, 6] as const) {
        const hole = subtractRanges(uncategorized.ranges[family], g.ranges[family]);
        lines.push(...checkedCover(family, hole).map((b) => `deny ${formatCidr(b)}`));
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

const WRITERS: Record<ExportFormat, (m: ExportModel) => string> = {
  nftables,
  ipset,
  aws,
  gcp,
  azure,
  json: jsonFormat,
  text,
};

/**
 * Firewall rules that allow traffic to the addresses of an allowed IP list.
 *
 * The list is first reduced to what it allows: per category, its own and the uncategorized allow
 * entries minus its own and the uncategorized deny entries (as `AllowedIpList.check(ip, { category })`
 * reads them), then merged across categories to a minimal CIDR cover per family, so overlapping and
 * adjacent blocks become one and deny entries become holes. No output holds a date, so the same list
 * always gives the same bytes.
 *
 * The IPv4-mapped IPv6 space (`::ffff:0:0/96`) is left out of the IPv6 blocks: `check` reads those
 * addresses as IPv4, and `fromText` refuses blocks inside it. A block that holds it and more is kept
 * where splitting it would cost blocks (`::/0` stays `::/0`): a host sends traffic for a mapped address
 * as IPv4, so the IPv4 rules decide it.
 *
 * Formats:
 * - `nftables`: an `nft -f` script replacing `table inet <name>`, with sets `<name>-v4` and `<name>-v6`
 *   (`flags interval`) and an output chain accepting traffic to them. It defines the sets and rules
 *   only and must be merged with your egress policy (the script's comments say how).
 * - `ipset`: `ipset restore` lines filling `hash:net` sets `<name>-v4` (family inet) and `<name>-v6`
 *   (inet6) through a swap, then commented `iptables`/`ip6tables` rules using `-m set --match-set`.
 * - `aws`: `{ IpPermissions: [...] }` for `aws ec2 authorize-security-group-egress --group-id ID
 *   --cli-input-json file://FILE`: one permission for all protocols, with `IpRanges` and `Ipv6Ranges`
 *   described by the categories each block serves. AWS counts every range as a rule, and a security
 *   group holds 60 outbound rules per family by default (a quota you can raise).
 * - `gcp`: a JSON array of VPC firewall rules, one per family (GCP refuses mixed families), `EGRESS`,
 *   priority 1000, all protocols. An egress allow matters only above a lower-priority egress deny; GCP
 *   limits the ranges per rule.
 * - `azure`: `{ securityRules: [...] }` for a network security group, one `Outbound` `Allow` rule per
 *   family (priority 1000, then 1001), protocol `*`, with `destinationAddressPrefixes`. Azure limits
 *   the prefixes per group.
 * - `json`: `{ name, categories: { media: { ipv4, ipv6 }, … }, all: { ipv4, ipv6 } }`, the minimal
 *   cover per category and merged.
 * - `text`: one CIDR block per line under `[category]` headings (uncategorized first, before any
 *   heading; `#` starts a comment in the text form, so headings are bracketed), which
 *   `AllowedIpList.fromText` reads back to a list that allows the same addresses for every category.
 *
 * @param list The list, e.g. an `AllowedIpList` (anything with `entries()`).
 * @param format One of {@link EXPORT_FORMATS}.
 * @param options `categories` to export only some (default: every category the list names, and the
 *   uncategorized entries); `name` for sets, tables and rules (default `vonage-video`): lowercase
 *   letters, digits and `-`, at most 60 characters (24 for `ipset`, whose set names are short).
 * @throws {@link ExportOptionError} (`invalid-option`) naming an unknown format, a bad name or category.
 * @throws `ListArgumentError` (`invalid-option`) when `list` is not list-like or an entry has an
 *   unknown category or action, or an IPv4-mapped IPv6 block (`::ffff:192.0.2.0/120`: write the IPv4 block).
 * @throws `AddressParseError` (`invalid-address`) when an entry's block is not a valid CIDR block.
 */
export function exportRules(list: ListLike, format: ExportFormat, options: ExportOptions = {}): string {
  if (typeof format !== 'string' || !Object.hasOwn(WRITERS, format)) {
    throw new ExportOptionError(
      'format',
      `unknown export format ${show(format)}; expected one of ${EXPORT_FORMATS.join(', ')}`,
    );
  }
  if (options === null || typeof options !== 'object') {
    throw new ExportOptionError('options', `expected an object, got ${options === null ? 'null' : typeof options}`);
  }
  return exportWithCount(list, format, options).rules;
}

/**
 * {@link exportRules}, and how many blocks the rules hold (both families), from one build: the CLI
 * warns when a firewall loading them would let nothing through. Internal.
 */
export function exportWithCount(
  list: ListLike,
  format: ExportFormat,
  options: ExportOptions = {},
): { rules: string; blocks: number } {
  const model = buildModel(list, format, options);
  return { rules: WRITERS[format](model), blocks: model.v4.blocks.length + model.v6.blocks.length };
}
