/**
 * Building the range table (table.ts): the interval starts of one family cut at every entry boundary,
 * each interval painted with the entry that decides it, adjacent equal ones merged, and the 16-bit
 * bucket index over them. Linear but for two sorts of the boundaries. Internal to src/allowlist/.
 */
import { bigintToWords, wordsToBigint } from './address.js';
import type { Family } from './types.js';

/**
 * What a table is built from, as `packed.ts` stores entries: per row four big-endian 32-bit words of the
 * first address (IPv4: the address in word 0), and `prefix << 5 | category rank << 2 | (IPv6 ? 2 : 0) |
 * (deny ? 1 : 0)`.
 */
export interface TableRows {
  readonly count: number;
  readonly words: Uint32Array;
  readonly info: Uint16Array;
}

/** One family's table. */
export interface Built {
  /** Per interval: the start (1 word for IPv4, 4 for IPv6), then the deciding index + 1 (0: none). */
  data: Uint32Array;
  /** Number of intervals. */
  count: number;
  /**
   * For each value h of the top 16 bits, the interval holding the first address with those bits; entry
   * 65536 is the last interval. Stored at [2h]; at [2h + 1] the answer + 2 when the whole bucket lies
   * in one interval (0 otherwise), which answers without touching `data`. Else a lookup binary-searches
   * only between bucket[2h] and bucket[2h + 2].
   */
  bucket: Int32Array;
}

const compareBigint = (left: bigint, right: bigint): number => (left < right ? -1 : left > right ? 1 : 0);

/**
 * The rows of one family that `include` keeps, in the order they are painted: broad blocks first,
 * narrow ones over them; among equal prefixes, higher indexes first so the lowest index wins. A
 * counting sort by prefix: linear, where a comparison sort of a million rows is not.
 */
function paintOrder(rows: TableRows, family: Family, include: ((info: number) => boolean) | undefined): Uint32Array {
  const { count, info } = rows;
  const wide = family === 6 ? 2 : 0;
  const perPrefix = new Uint32Array(130);
  for (let row = 0; row < count; row++) {
    const bits = info[row]!;
    if ((bits & 2) === wide && (!include || include(bits))) perPrefix[(bits >>> 5) + 1]!++;
  }
  for (let prefix = 1; prefix < 130; prefix++) perPrefix[prefix]! += perPrefix[prefix - 1]!;
  const order = new Uint32Array(perPrefix[129]!);
  for (let row = count - 1; row >= 0; row--) {
    const bits = info[row]!;
    if ((bits & 2) === wide && (!include || include(bits))) order[perPrefix[bits >>> 5]!++] = row;
  }
  return order;
}

/** The table of one family over the rows `include` keeps (all of that family without it). */
export function buildFamily(rows: TableRows, family: Family, include: ((info: number) => boolean) | undefined): Built {
  const { words, info } = rows;
  const order = paintOrder(rows, family, include);
  const host = (row: number) => (family === 4 ? 32 : 128) - (info[row]! >>> 5);
  // Each row's first address and the address after its last (null at the top of the space), once.
  let starts: number[] | bigint[];
  let nexts: Array<number | bigint | null>;
  if (family === 4) {
    const firsts = Array.from(order, (row) => words[row * 4]!);
    nexts = firsts.map((start, position) => {
      const next = start + 2 ** host(order[position]!);
      return next < 2 ** 32 ? next : null;
    });
    starts = firsts;
  } else {
    const firsts = Array.from(order, (row) => wordsToBigint(words, row * 4));
    nexts = firsts.map((start, position) => {
      const next = start + (1n << BigInt(host(order[position]!)));
      return next < 1n << 128n ? next : null;
    });
    starts = firsts;
  }
  // Interval starts: 0, every first, every address after a last below the top of the space.
  let bounds: bigint[] | Float64Array;
  let count: number;
  if (family === 4) {
    const raw = new Float64Array(order.length * 2 + 1);
    raw.set(starts as number[], 1);
    let filled = order.length + 1;
    for (const next of nexts) if (next !== null) raw[filled++] = next as number;
    const sorted = raw.subarray(0, filled).sort();
    count = dedupe(sorted);
    bounds = sorted.subarray(0, count);
  } else {
    const raw = [0n, ...(starts as bigint[]), ...(nexts.filter((next) => next !== null) as bigint[])];
    raw.sort(compareBigint);
    count = dedupe(raw);
    raw.length = count;
    bounds = raw;
  }
  /** The position of a boundary (exact: every first and address after a last is one). */
  const find = (boundary: number | bigint): number => {
    let low = 0;
    let high = count - 1;
    while (low < high) {
      const mid = (low + high + 1) >>> 1;
      if ((bounds[mid] as number | bigint) <= boundary) low = mid;
      else high = mid - 1;
    }
    return low;
  };

  // CIDR blocks are nested or disjoint, so each interval is painted at most once per enclosing row.
  const allow = new Int32Array(count).fill(-1);
  const deny = new Int32Array(count).fill(-1);
  order.forEach((row, position) => {
    const next = nexts[position]!;
    const to = next === null ? count : find(next);
    (info[row]! & 1 ? deny : allow).fill(row, find(starts[position]!), to);
  });

  // Merge adjacent intervals with the same answer.
  const keep: number[] = [];
  let previous = -3;
  for (let interval = 0; interval < count; interval++) {
    const hit = deny[interval]! >= 0 ? deny[interval]! : allow[interval]!;
    if (hit !== previous) {
      keep.push(interval);
      previous = hit;
    }
  }
  const stride = family === 4 ? 2 : 5;
  const data = new Uint32Array(keep.length * stride);
  const scratch = new Uint32Array(4);
  for (let row = 0; row < keep.length; row++) {
    const interval = keep[row]!;
    data[row * stride + stride - 1] = (deny[interval]! >= 0 ? deny[interval]! : allow[interval]!) + 1;
    if (family === 4) data[row * 2] = (bounds as Float64Array)[interval]!;
    else data.set(bigintToWords((bounds as bigint[])[interval]!, scratch), row * 5);
  }
  return { data, count: keep.length, bucket: buildBucket(data, stride) };
}

function buildBucket(starts: Uint32Array, stride: number): Int32Array {
  const count = starts.length / stride;
  const wide = stride === 5;
  const bucket = new Int32Array(65537 * 2);
  let interval = 0; // invariant: its start is at or below the first address of the bucket
  for (let top = 0; top < 65536; top++) {
    const target = top * 65536;
    while (interval + 1 < count && atOrBelow(starts, (interval + 1) * stride, wide, target)) interval++;
    bucket[top << 1] = interval;
  }
  bucket[65536 << 1] = count - 1;
  for (let top = 0; top < 65536; top++) {
    const first = bucket[top << 1]!;
    // One interval for the whole bucket when the next bucket starts in the same interval (the last
    // bucket: when its interval is the last one).
    const single = top < 65535 ? bucket[(top + 1) << 1] === first : first === count - 1;
    if (single) bucket[(top << 1) + 1] = starts[first * stride + stride - 1]! + 1; // (answer + 1) + 1
  }
  return bucket;
}

/** Whether the start at `base` is at or below the first address whose top 32 bits are `target`. */
function atOrBelow(starts: Uint32Array, base: number, wide: boolean, target: number): boolean {
  const start0 = starts[base]!;
  if (start0 !== target) return start0 < target;
  return !wide || (starts[base + 1] === 0 && starts[base + 2] === 0 && starts[base + 3] === 0);
}

/** Moves the distinct values of a sorted array to its front; returns how many there are. */
function dedupe(values: Float64Array | bigint[]): number {
  let distinct = 0;
  for (let index = 0; index < values.length; index++) {
    if (index === 0 || values[index] !== values[distinct - 1]) values[distinct++] = values[index]!;
  }
  return distinct;
}
