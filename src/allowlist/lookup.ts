/**
 * What `AllowedIpList.check` looks addresses up in: the range table of the entries that apply, and the
 * answer of each of its rows. Internal to src/allowlist/.
 */
import { type Entry, resultOf } from './entry.js';
import { RangeTable } from './table.js';
import type { CheckResult, ListCategory } from './types.js';

/** A built table, the entry of each of its rows, and their answers as made so far. */
export interface Lookup {
  readonly table: RangeTable;
  readonly rows: readonly Entry[];
  /**
   * The shared, frozen answer of each row, made on the first check that lands on it: a check reads one
   * pointer and one small object, not the entry behind it.
   */
  readonly results: Array<CheckResult | undefined>;
}

/**
 * The table of the entries that apply to `category` (all of them without one), in list order. A module
 * function, not a closure in check(): a closure there would capture check()'s variables and cost an
 * allocation on every lookup.
 */
export function lookupOf(list: Entry[], category: ListCategory | undefined): Lookup {
  const rows =
    category === undefined ? list : list.filter((entry) => entry.category === null || entry.category === category);
  return { table: RangeTable.build(rows), rows, results: new Array<CheckResult | undefined>(rows.length) };
}

/** The answer of `row`, made on first use. */
export function resultAt(lookup: Lookup, row: number): CheckResult {
  return (lookup.results[row] ??= resultOf(lookup.rows[row]!));
}
