/** The Linux writers of `exportRules`: an nftables script and `ipset restore` lines. Internal. */
import { formatCidr, type CidrBlock } from './cover.js';
import { type ExportModel, holds, portText, portWords } from './export-model.js';
import type { Family, PortRule } from './types.js';

/** One address set of an export: one per family, or per category and family. */
interface AddressSet {
  name: string;
  family: Family;
  blocks: CidrBlock[];
  /** The ports the set is opened on; empty: every port. */
  ports: readonly PortRule[];
}

/** The sets of an export: `<name>-v4`/`-v6` with `allPorts`, else `<name>-<category>-v4`/`-v6`. */
function addressSets(model: ExportModel): AddressSet[] {
  if (model.allPorts) {
    return [
      { name: `${model.name}-v4`, family: 4, blocks: model.v4.blocks, ports: [] },
      { name: `${model.name}-v6`, family: 6, blocks: model.v6.blocks, ports: [] },
    ];
  }
  return model.groups.flatMap((group) =>
    ([4, 6] as const).map((family) => ({
      name: `${model.name}-${group.category}-v${family}`,
      family,
      blocks: family === 4 ? group.v4 : group.v6,
      ports: group.ports,
    })),
  );
}

/** Header lines saying which ports each category is opened on (none with `allPorts`). */
function portLines(model: ExportModel): string[] {
  if (model.allPorts) return [];
  return [
    '# Each category is opened only on the ports its servers use:',
    ...model.groups.map((group) => `#   ${group.category}: ${portWords(group.ports)}`),
  ];
}

function nftSet(set: AddressSet): string[] {
  const lines = [`\tset ${set.name} {`, `\t\ttype ipv${set.family}_addr`, '\t\tflags interval'];
  // nft refuses `elements = { }`: an empty set is declared without the line.
  if (set.blocks.length > 0) {
    lines.push('\t\telements = {', ...set.blocks.map((block) => `\t\t\t${formatCidr(block)},`), '\t\t}');
  }
  lines.push('\t}');
  return lines;
}

function nftRules(set: AddressSet): string[] {
  const match = `${set.family === 4 ? 'ip' : 'ip6'} daddr @${set.name}`;
  if (set.ports.length === 0) return [`\t\t${match} accept`];
  return set.ports.map((rule) => {
    const ports = rule.ports.map((range) => portText(range, '-'));
    return `\t\t${match} ${rule.protocol} dport ${ports.length > 1 ? `{ ${ports.join(', ')} }` : ports[0]} accept`;
  });
}

export function nftables(model: ExportModel): string {
  const sets = addressSets(model);
  return [
    '#!/usr/sbin/nft -f',
    `# Vonage Video allowed IP list (${holds(model)}) as nftables sets: ${model.v4.blocks.length} IPv4 and ${model.v6.blocks.length} IPv6 blocks.`,
    ...portLines(model),
    `# Load with \`nft -f FILE\`: it replaces table inet ${model.name} as a whole, in one transaction.`,
    '#',
    '# This defines the sets and an output chain that accepts traffic to them. It sets no policy, and',
    '# nftables runs every base chain on a hook: an accept here does not override a drop in another',
    '# table. Merge it with your policy: make this chain your egress filter (policy drop, plus what else',
    '# must leave the host, such as "ct state established,related accept" and DNS), or copy the sets into',
    '# the table that holds your policy.',
    `table inet ${model.name}`,
    `delete table inet ${model.name}`,
    `table inet ${model.name} {`,
    ...sets.flatMap((set) => [...nftSet(set), '']),
    '\tchain output {',
    '\t\ttype filter hook output priority filter; policy accept;',
    ...sets.flatMap(nftRules),
    '\t}',
    '}',
    '',
  ].join('\n');
}

/** The commented iptables rules that use a set. */
function iptablesLines(set: AddressSet): string[] {
  const command = `# ${set.family === 4 ? 'iptables' : 'ip6tables'} -A OUTPUT`;
  const match = `-m set --match-set ${set.name} dst -j ACCEPT`;
  if (set.ports.length === 0) return [`${command} ${match}`];
  return set.ports.map((rule) => {
    const ports = rule.ports.map((range) => portText(range, ':'));
    const dport = ports.length > 1 ? `-m multiport --dports ${ports.join(',')}` : `--dport ${ports[0]}`;
    return `${command} -p ${rule.protocol} ${dport} ${match}`;
  });
}

export function ipset(model: ExportModel): string {
  const sets = addressSets(model);
  const lines = [
    `# Vonage Video allowed IP list (${holds(model)}) as ipset sets: ${model.v4.blocks.length} IPv4 and ${model.v6.blocks.length} IPv6 blocks.`,
    ...portLines(model),
    '# Load with `ipset restore < FILE`. Each set is filled under a temporary name and swapped in, so a set',
    '# a rule already uses never stands empty or half-filled. A set holds at most 65536 blocks by default.',
  ];
  for (const set of sets) {
    const type = `hash:net family ${set.family === 4 ? 'inet' : 'inet6'}`;
    lines.push(`create ${set.name} ${type} -exist`, `create ${set.name}-new ${type} -exist`, `flush ${set.name}-new`);
    for (const block of set.blocks) {
      // hash:net cannot hold a /0: the whole space goes in as its two halves.
      const parts =
        block.prefix === 0
          ? [
              { family: set.family, first: 0n, prefix: 1 },
              { family: set.family, first: 1n << BigInt(set.family === 4 ? 31 : 127), prefix: 1 },
            ]
          : [block];
      for (const part of parts) lines.push(`add ${set.name}-new ${formatCidr(part)}`);
    }
    lines.push(`swap ${set.name}-new ${set.name}`, `destroy ${set.name}-new`);
  }
  lines.push(
    '# Then accept traffic to the sets in your egress policy, for example:',
    ...sets.flatMap(iptablesLines),
    '',
  );
  return lines.join('\n');
}
