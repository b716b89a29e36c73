/**
 * What `AllowedIpList.check` looks addresses up in: the range table of the entries that apply, built
 * straight from the packed entries `fromText` read (no entry objects), or from the entry objects of a
 * list read from JSON or edited; and the answer of one entry. Internal to src/allowlist/.
 */
import { rankOf } from './categories.js';
import { type Entry, entryAt, resultOf } from './entry.js';
import type { Packed } from './packed.js';
import { RangeTable, rowsOf } from './table.js';
import type { CheckResult, ListCategory } from './types.js';

/** A list's entries in their stable order: packed, or as objects. */
export type Source = Packed | readonly Entry[];

/** The table of the entries that apply to `category` (all of them without one); a row is an entry index. */
export function tableOf(source: Source, category: ListCategory | undefined): RangeTable {
  const rows = 'info' in source ? source : rowsOf(source, (index) => rankOf(source[index]!.category));
  if (category === undefined) return RangeTable.fromRows(rows);
  const wanted = rankOf(category);
  return RangeTable.fromRows(rows, (info) => {
    const rank = (info >>> 2) & 7;
    return rank === 0 || rank === wanted;
  });
}

/** The frozen answer of `check` when the entry at `index` decides (a new object: the caller keeps it). */
export function resultFor(source: Source, index: number): CheckResult {
  return resultOf('info' in source ? entryAt(source, index) : source[index]!);
}
