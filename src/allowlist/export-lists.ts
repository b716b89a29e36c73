/**
 * The list-form writers of `exportRules`: the exported list in the list's own text and JSON forms, which
 * `AllowedIpList.fromText` and `fromJSON` read back. Internal.
 */
import { checkedCover, formatCidr, subtractRanges } from './cover.js';
import { type ExportModel, holds, json } from './export-model.js';
import { AllowedIpList } from './list.js';
import type { DiffCategory } from './types.js';

/** One category of the exported list: its allow blocks and the deny blocks it needs read back. */
interface Section {
  category: DiffCategory;
  allow: string[];
  deny: string[];
}

/** The exported list, uncategorized first: per category its merged blocks, deny entries applied. */
function sections(model: ExportModel): Section[] {
  // Read back, a mapped address is checked as IPv4: a block may hold the mapped space where that saves blocks.
  const cover = (group: ExportModel['groups'][number]) => [
    ...checkedCover(4, group.ranges[4]).map(formatCidr),
    ...checkedCover(6, group.ranges[6]).map(formatCidr),
  ];
  const uncategorized = model.groups.find((group) => group.category === 'uncategorized');
  const out: Section[] = uncategorized ? [{ category: 'uncategorized', allow: cover(uncategorized), deny: [] }] : [];
  for (const group of model.groups) {
    if (group === uncategorized) continue;
    // Read back, the uncategorized blocks apply to this category too: where this category's own deny
    // entries carved into them, the hole has to be written out.
    const deny = uncategorized
      ? ([4, 6] as const).flatMap((family) =>
          checkedCover(family, subtractRanges(uncategorized.ranges[family], group.ranges[family])).map(formatCidr),
        )
      : [];
    out.push({ category: group.category, allow: cover(group), deny });
  }
  return out;
}

export function text(model: ExportModel): string {
  const lines = [`# Vonage Video allowed IP list (${holds(model)}): merged per category, deny entries applied.`];
  // Entries before the first heading have no category, so uncategorized comes first; `#` starts a
  // comment in the text form, so headings are bracketed.
  for (const { category, allow, deny } of sections(model)) {
    if (category !== 'uncategorized') lines.push('', `[${category}]`);
    lines.push(...allow, ...deny.map((block) => `deny ${block}`));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The same list as {@link text}, in the JSON form exactly as `AllowedIpList.toJSON` writes it, so
 * `fromJSON` reads it back. The JSON form requires a `createDate` and `syncToken`: those of now, as for
 * any list `toJSON` writes that was not read from JSON.
 */
export function jsonList(model: ExportModel): string {
  const list = new AllowedIpList();
  for (const { category, allow, deny } of sections(model)) {
    const options = { category: category === 'uncategorized' ? null : category };
    for (const block of allow) list.add(block, options);
    for (const block of deny) list.add(block, { ...options, action: 'deny' });
  }
  return json(list.toJSON());
}
