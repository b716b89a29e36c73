/** The list-shaped writers of `exportRules`: the JSON summary and the text form. Internal. */
import { checkedCover, formatCidr, subtractRanges } from './cover.js';
import { type ExportModel, holds, json, portText } from './export-model.js';

/**
 * `{ name, categories: { media: { ipv4, ipv6, ports }, … }, all: { ipv4, ipv6 } }`. Not the list's own
 * JSON (`AllowedIpList.toJSON`): that keeps every entry as written, deny entries and descriptions, with
 * a date; this is the reduced cover a firewall tool loads, the same bytes for the same list.
 */
export function jsonSummary(model: ExportModel): string {
  const ports = (group: ExportModel['groups'][number]) =>
    model.allPorts
      ? {}
      : {
          ports: group.ports.map((rule) => ({
            protocol: rule.protocol,
            ports: rule.ports.map((range) => portText(range, '-')),
          })),
        };
  return json({
    name: model.name,
    categories: Object.fromEntries(
      model.groups.map((group) => [
        group.category,
        { ipv4: group.v4.map(formatCidr), ipv6: group.v6.map(formatCidr), ...ports(group) },
      ]),
    ),
    all: { ipv4: model.v4.blocks.map(formatCidr), ipv6: model.v6.blocks.map(formatCidr) },
  });
}

export function text(model: ExportModel): string {
  const lines = [`# Vonage Video allowed IP list (${holds(model)}): merged per category, deny entries applied.`];
  // Read back, a mapped address is checked as IPv4: a block may hold the mapped space where that saves blocks.
  const cover = (group: ExportModel['groups'][number]) => [
    ...checkedCover(4, group.ranges[4]).map(formatCidr),
    ...checkedCover(6, group.ranges[6]).map(formatCidr),
  ];
  // Entries before the first heading have no category, so uncategorized comes first; `#` starts a
  // comment in the text form, so headings are bracketed.
  const uncategorized = model.groups.find((group) => group.category === 'uncategorized');
  if (uncategorized) lines.push(...cover(uncategorized));
  for (const group of model.groups) {
    if (group === uncategorized) continue;
    lines.push('', `[${group.category}]`, ...cover(group));
    // Read back, the uncategorized blocks apply to this category too: where this category's own deny
    // entries carved into them, the hole has to be written out.
    if (uncategorized) {
      for (const family of [4, 6] as const) {
        const hole = subtractRanges(uncategorized.ranges[family], group.ranges[family]);
        lines.push(...checkedCover(family, hole).map((block) => `deny ${formatCidr(block)}`));
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
