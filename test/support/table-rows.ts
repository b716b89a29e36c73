/**
 * Range tables built from plain entry objects, for the table tests and the benchmark: the library
 * builds its tables from packed entries only (src/allowlist/lookup.ts).
 */
import { bigintToWords } from '../../src/allowlist/address.js';
import { RangeTable, type TableRows } from '../../src/allowlist/table.js';

/** What a test entry gives the table. */
export interface TableEntry {
  readonly family: 4 | 6;
  readonly first: bigint;
  readonly last: bigint;
  readonly prefix: number;
  readonly deny: boolean;
}

/** Entries packed as table rows (uncategorized), in their order. */
export function rowsOf(entries: readonly TableEntry[]): TableRows {
  const words = new Uint32Array(entries.length * 4);
  const info = new Uint16Array(entries.length);
  entries.forEach((entry, index) => {
    words.set(bigintToWords(entry.family === 4 ? entry.first << 96n : entry.first), index * 4);
    info[index] = (entry.prefix << 5) | (entry.family === 6 ? 2 : 0) | (entry.deny ? 1 : 0);
  });
  return { count: entries.length, words, info };
}

/** The table of `entries`; ties between the same block and action go to the lower index. */
export function buildTable(entries: readonly TableEntry[]): RangeTable {
  return RangeTable.fromRows(rowsOf(entries));
}
