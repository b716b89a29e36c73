/**
 * `check` given a block: how much of it each category allows (wholly, partly or not), and the
 * blocks of the list that decide. Built on the list's public `entries()` and `parseBlock`; a library
 * function (`AllowedIpList.checkBlock`) would give the same answer from the list's own tables.
 */
import { parseBlock } from '../allowlist/address.js';
import { CATEGORIES } from '../allowlist/categories.js';
import type { AllowedIpList } from '../allowlist/list.js';
import type { Category, ListEntry, ParsedBlock } from '../allowlist/types.js';

/** How much of a block is allowed. */
export type Inside = 'wholly' | 'partly' | 'none';

/** The answer for one category. */
export interface CategoryCover {
  category: Category;
  inside: Inside;
  /** The allowed share of the block, from 0 to 1. */
  share: number;
  /** The allow entries (of the category or of none) that hold part or all of the block. */
  blocks: ListEntry[];
  /** The deny entries that close part or all of it. */
  deniedBy: ListEntry[];
}

/** The answer of {@link checkBlock}. */
export interface BlockCover {
  /** The block in canonical form. */
  block: string;
  /** True when every address of the block is allowed (by some category, or by the one asked for). */
  allowed: boolean;
  inside: Inside;
  /** The categories that allow some of it, in list order. */
  categories: CategoryCover[];
}

type Range = [first: bigint, last: bigint];

/** What one category allows: its allow ranges less its deny ranges. */
interface Layer {
  allow: Range[];
  deny: Range[];
}

/** How many addresses of `within` some layer allows (an allow range holds it and no deny range of that layer). */
function covered(layers: Layer[], within: Range): bigint {
  const points: Array<{ at: bigint; layer: number; allow: number; deny: number }> = [];
  const add = (r: Range, layer: number, kind: 'allow' | 'deny'): void => {
    const first = r[0] > within[0] ? r[0] : within[0];
    const last = r[1] < within[1] ? r[1] : within[1];
    if (first > last) return;
    const one = kind === 'allow' ? { allow: 1, deny: 0 } : { allow: 0, deny: 1 };
    points.push({ at: first, layer, ...one }, { at: last + 1n, layer, allow: -one.allow, deny: -one.deny });
  };
  layers.forEach((l, i) => {
    for (const range of l.allow) add(range, i, 'allow');
    for (const range of l.deny) add(range, i, 'deny');
  });
  points.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const depth = layers.map(() => ({ allow: 0, deny: 0 }));
  let from = within[0];
  let total = 0n;
  for (const point of points) {
    if (depth.some((d) => d.allow > 0 && d.deny === 0)) total += point.at - from;
    depth[point.layer]!.allow += point.allow;
    depth[point.layer]!.deny += point.deny;
    from = point.at;
  }
  return total;
}

function insideOf(count: bigint, size: bigint): Inside {
  return count === size ? 'wholly' : count > 0n ? 'partly' : 'none';
}

/**
 * A block inside the IPv4-mapped space (`::ffff:192.0.2.0/120`) as the IPv4 block it carries: `check`
 * reads a mapped address as IPv4, against IPv4 entries only.
 */
function asIpv4(block: ParsedBlock): ParsedBlock {
  if (block.family !== 6 || block.prefix < 96 || block.first >> 32n !== 0xffffn) return block;
  const first = block.first & 0xffffffffn;
  return parseBlock(`${[24n, 16n, 8n, 0n].map((s) => (first >> s) & 255n).join('.')}/${block.prefix - 96}`);
}

/**
 * How much of `text` (a strict CIDR block) `list` allows, per category (each with the blocks that
 * have no category), or for `category` alone. Throws `AddressParseError` for a block that is not strict.
 */
export function checkBlock(list: AllowedIpList, text: string, category?: Category): BlockCover {
  const query = asIpv4(parseBlock(text));
  const within: Range = [query.first, query.last];
  const size = query.last - query.first + 1n;
  const rangeOf = new Map<ListEntry, Range>();
  for (const entry of list.entries()) {
    if (entry.family !== query.family) continue;
    const bounds = parseBlock(entry.block);
    if (bounds.first <= query.last && bounds.last >= query.first) rangeOf.set(entry, [bounds.first, bounds.last]);
  }
  const categories: CategoryCover[] = [];
  const layers: Layer[] = [];
  for (const layerCategory of category ? [category] : CATEGORIES) {
    const mine = [...rangeOf.keys()].filter((e) => e.category === layerCategory || e.category === null);
    const blocks = mine.filter((e) => e.action === 'allow');
    const deniedBy = mine.filter((e) => e.action === 'deny');
    const layer = { allow: blocks.map((e) => rangeOf.get(e)!), deny: deniedBy.map((e) => rangeOf.get(e)!) };
    layers.push(layer);
    const count = covered([layer], within);
    if (count === 0n) continue;
    const share = Number((count * 10000n) / size) / 10000;
    categories.push({ category: layerCategory, inside: insideOf(count, size), share, blocks, deniedBy });
  }
  const total = covered(layers, within);
  return { block: query.text, allowed: total === size, inside: insideOf(total, size), categories };
}
