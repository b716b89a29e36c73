import { familyBits, parseBlock } from './address.js';
import {
  categoriesOf,
  categoryCoverage,
  CATEGORY_ORDER,
  checkedCover,
  type FamilyRanges,
  formatCidr,
  type ListLike,
  type RangedEntry,
  readEntries,
  subtractRanges,
} from './cover.js';
import type { CategoryDiff, DiffCategory, ListDiff } from './types.js';

/** The canonical texts of `entries` sorted by family (IPv4 first), then address, then prefix length. */
function sortBlocks(entries: Iterable<RangedEntry>): string[] {
  return [...entries]
    .sort((a, b) => a.family - b.family || (a.first < b.first ? -1 : a.first > b.first ? 1 : 0) || a.prefix - b.prefix)
    .map((e) => e.block);
}

/** The allow blocks written under a category (for `uncategorized`, those without one), by canonical text. */
function writtenBlocks(entries: readonly RangedEntry[], category: DiffCategory): Map<string, RangedEntry> {
  const key = category === 'uncategorized' ? null : category;
  return new Map(entries.filter((e) => e.category === key && e.action === 'allow').map((e) => [e.block, e]));
}

/** The entries of `from` whose block `other` does not have. */
function missingFrom(from: Map<string, RangedEntry>, other: Map<string, RangedEntry>): RangedEntry[] {
  return [...from.values()].filter((entry) => !other.has(entry.block));
}

/**
 * Space in `from` and not in `other`, as a minimal CIDR cover, IPv4 first. Blocks inside the IPv4-mapped
 * space are left out: `check` reads those addresses as IPv4, so the IPv4 part says what changed there.
 */
function coverOfDifference(from: FamilyRanges, other: FamilyRanges): string[] {
  return [
    ...checkedCover(4, subtractRanges(from[4], other[4])).map(formatCidr),
    ...checkedCover(6, subtractRanges(from[6], other[6])).map(formatCidr),
  ];
}

/**
 * What changed between two allowed IP lists, per category.
 *
 * - `added` / `removed`: allow blocks written under the category in one list and not the other, as
 *   written (not merged), so rewriting `203.0.113.0/24` as two /25s shows as one removed and two added.
 *   Deny entries are not listed there: what they change shows in the coverage.
 * - `coverageGained` / `coverageLost`: the change in the space the category allows, as a minimal CIDR
 *   cover. A category allows what `AllowedIpList.check(ip, { category })` allows: its own allow entries
 *   and the uncategorized ones, minus its own deny entries and the uncategorized ones. So a deny without a
 *   category carves a hole in every category, a categorized deny only in its own, and an uncategorized
 *   block added also shows as gained by every category either list names. `uncategorized` itself covers
 *   the entries without a category alone. Like `check`, coverage leaves out the IPv4-mapped IPv6 space
 *   (`::ffff:0:0/96`, whose addresses are checked as IPv4): an IPv6 change there alone is no change, and
 *   a reported block holds it only where that saves blocks (`::/0` lost is one block, not 97).
 *
 * Categories are keyed as written (`null` → `uncategorized`) and appear only when something in them
 * changed. `changed` is true when any category gained or lost coverage: the /24 rewritten as two /25s
 * is not a change.
 *
 * @param oldList The list before, e.g. an `AllowedIpList` (anything with `entries()`).
 * @param newList The list after.
 * @throws `ListArgumentError` (`invalid-list-argument`) when a list is not list-like or an entry has an
 *   unknown category or action, or an IPv4-mapped IPv6 block (`::ffff:192.0.2.0/120`: write the IPv4 block).
 * @throws `AddressParseError` (`invalid-address`) when an entry's block is not a valid CIDR block.
 */
export function diffLists(oldList: ListLike, newList: ListLike): ListDiff {
  const before = readEntries(oldList, 'oldList');
  const after = readEntries(newList, 'newList');
  const named = new Set([...categoriesOf(before), ...categoriesOf(after)]);
  const diff: ListDiff = { changed: false, categories: {} };
  for (const category of CATEGORY_ORDER) {
    if (!named.has(category)) continue;
    const was = writtenBlocks(before, category);
    const is = writtenBlocks(after, category);
    const coverageBefore = categoryCoverage(before, category);
    const coverageAfter = categoryCoverage(after, category);
    const entry: CategoryDiff = {
      added: sortBlocks(missingFrom(is, was)),
      removed: sortBlocks(missingFrom(was, is)),
      coverageGained: coverOfDifference(coverageAfter, coverageBefore),
      coverageLost: coverOfDifference(coverageBefore, coverageAfter),
    };
    const coverageChanged = entry.coverageGained.length > 0 || entry.coverageLost.length > 0;
    if (coverageChanged || entry.added.length > 0 || entry.removed.length > 0) diff.categories[category] = entry;
    if (coverageChanged) diff.changed = true;
  }
  return diff;
}

/** `256 addresses`, `1 address`, `2^96 addresses` (powers of two from 2^32 up, which every /n block is). */
function addressCount(block: string): string {
  const { family, prefix } = parseBlock(block);
  const bits = familyBits(family) - prefix;
  if (bits === 0) return '1 address';
  return bits >= 32 ? `2^${bits} addresses` : `${2 ** bits} addresses`;
}

/**
 * A diff in words a person reads, one fact per line, ending with a newline:
 *
 * ```text
 * media: +198.51.100.0/24 (256 addresses gained)
 * media: -203.0.113.128/25 (128 addresses lost)
 * media: blocks added 198.51.100.0/24; removed 203.0.113.0/24
 * turn: blocks added 203.0.113.0/25, 203.0.113.128/25; removed 203.0.113.0/24; no change in coverage
 * coverage changed in media
 * ```
 *
 * The last line is `no change in coverage` when no category gained or lost any address.
 */
export function formatDiff(diff: ListDiff): string {
  const lines: string[] = [];
  const changedIn: DiffCategory[] = [];
  for (const category of CATEGORY_ORDER) {
    const change = diff.categories[category];
    if (change === undefined) continue;
    for (const block of change.coverageGained) lines.push(`${category}: +${block} (${addressCount(block)} gained)`);
    for (const block of change.coverageLost) lines.push(`${category}: -${block} (${addressCount(block)} lost)`);
    const coverageChanged = change.coverageGained.length > 0 || change.coverageLost.length > 0;
    if (coverageChanged) changedIn.push(category);
    const written: string[] = [];
    if (change.added.length > 0) written.push(`blocks added ${change.added.join(', ')}`);
    if (change.removed.length > 0)
      written.push(`${written.length > 0 ? '' : 'blocks '}removed ${change.removed.join(', ')}`);
    if (written.length > 0) {
      if (!coverageChanged) written.push('no change in coverage');
      lines.push(`${category}: ${written.join('; ')}`);
    }
  }
  lines.push(changedIn.length > 0 ? `coverage changed in ${changedIn.join(', ')}` : 'no change in coverage');
  return `${lines.join('\n')}\n`;
}
