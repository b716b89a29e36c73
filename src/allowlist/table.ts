/**
 * The lookup table behind `AllowedIpList.check`: per family, the address space cut into elementary
 * intervals at every entry boundary, each interval mapped to the entry that decides it (the most
 * specific deny entry if any covers it, else the most specific allow entry, else none); adjacent
 * intervals with the same answer are merged. A lookup parses the string straight into integers and
 * binary-searches the interval starts: no object, string or BigInt per lookup.
 *
 * Each interval is stored next to its answer in one Uint32Array (IPv4: start, answer + 1; IPv6: four
 * big-endian 32-bit words compared lexicographically, answer + 1), so the search ends on the cache line
 * that holds the answer. An IPv4-mapped IPv6 address (`::ffff:a.b.c.d`) is looked up in the IPv4 table.
 * Internal: not exported from the package.
 */
import { ipv4ToInt, ipv6ToWords, bigintToWords } from './address.js';
import type { Family } from './types.js';

/** What the table needs of an entry. */
export interface TableEntry {
  readonly family: Family;
  readonly first: bigint;
  readonly last: bigint;
  readonly prefix: number;
  readonly deny: boolean;
}

/** Lookup answer: no entry covers the address. */
export const NO_MATCH = -1;
/** Lookup answer: the text is not a strict address (the caller produces the reason). */
export const INVALID = -2;

const WORDS = /* @__PURE__ */ new Uint32Array(4);

interface Built {
  /** Per interval: the start (1 word for IPv4, 4 for IPv6), then the deciding index + 1 (0: none). */
  data: Uint32Array;
  /** Number of intervals. */
  count: number;
  /**
   * For each value h of the top 16 bits, the interval holding the first address with those bits; entry
   * 65536 is the last interval. Stored at [2h]; at [2h + 1] the answer + 2 when the whole bucket lies
   * in one interval (0 otherwise), which answers without touching `data`. Else a lookup binary-searches
   * only between bucket[2h] and bucket[2h + 2],
   * which is why 100,000 blocks cost about what 1,000 do.
   */
  bucket: Int32Array;
}

/** Immutable once built; rebuild after the entries change. */
export class RangeTable {
  private readonly v4: Built;
  private readonly v6: Built;

  private constructor(v4: Built, v6: Built) {
    this.v4 = v4;
    this.v6 = v6;
  }

  /**
   * Builds the table. Ties between entries with the same block and action go to the lower index, so the
   * caller decides precedence by order.
   */
  static build(entries: readonly TableEntry[]): RangeTable {
    return new RangeTable(buildFamily(entries, 4), buildFamily(entries, 6));
  }

  /** Number of merged intervals per family (for tests and the benchmark). */
  get intervals(): { v4: number; v6: number } {
    return { v4: this.v4.count, v6: this.v6.count };
  }

  /** Index of the deciding entry for `ip`, {@link NO_MATCH}, or {@link INVALID} when `ip` is not strict. */
  lookup(ip: string): number {
    if (typeof ip !== 'string') return INVALID;
    const v4 = ipv4ToInt(ip);
    if (v4 >= 0) return this.lookupV4(v4);
    const words = WORDS;
    if (!ipv6ToWords(ip, words)) return INVALID;
    return this.lookupWords(words[0]!, words[1]!, words[2]!, words[3]!);
  }

  /** Lookup of an unsigned 32-bit IPv4 value. */
  lookupV4(address: number): number {
    const { data, bucket } = this.v4;
    const slot = (address >>> 16) << 1;
    const direct = bucket[slot + 1]!;
    if (direct !== 0) return direct - 2;
    let low = bucket[slot]!;
    let high = bucket[slot + 2]!;
    while (low < high) {
      const mid = (low + high + 1) >>> 1;
      if (data[mid << 1]! <= address) low = mid;
      else high = mid - 1;
    }
    return data[(low << 1) + 1]! - 1;
  }

  /** Lookup of an IPv6 address as four words; IPv4-mapped addresses go to the IPv4 table. */
  lookupWords(w0: number, w1: number, w2: number, w3: number): number {
    if (w0 === 0 && w1 === 0 && w2 === 0xffff) return this.lookupV4(w3);
    const { data: starts, bucket } = this.v6;
    const slot = (w0 >>> 16) << 1;
    const direct = bucket[slot + 1]!;
    if (direct !== 0) return direct - 2;
    let low = bucket[slot]!;
    let high = bucket[slot + 2]!;
    while (low < high) {
      const mid = (low + high + 1) >>> 1;
      const at = mid * 5;
      const start0 = starts[at]!;
      let atOrBelowAddress: boolean;
      if (start0 !== w0) atOrBelowAddress = start0 < w0;
      else {
        const start1 = starts[at + 1]!;
        if (start1 !== w1) atOrBelowAddress = start1 < w1;
        else {
          const start2 = starts[at + 2]!;
          if (start2 !== w2) atOrBelowAddress = start2 < w2;
          else atOrBelowAddress = starts[at + 3]! <= w3;
        }
      }
      if (atOrBelowAddress) low = mid;
      else high = mid - 1;
    }
    return starts[low * 5 + 4]! - 1;
  }
}

const compareBigint = (left: bigint, right: bigint): number => (left < right ? -1 : left > right ? 1 : 0);

function buildFamily(entries: readonly TableEntry[], family: Family): Built {
  const top = family === 4 ? 1n << 32n : 1n << 128n;
  const indexes: number[] = [];
  for (let index = 0; index < entries.length; index++) if (entries[index]!.family === family) indexes.push(index);

  // Interval starts: 0, every first, every last + 1 below the top of the space.
  let bounds: bigint[] | Float64Array;
  let count: number;
  if (family === 4) {
    const raw = new Float64Array(indexes.length * 2 + 1);
    let filled = 1;
    for (const index of indexes) {
      const entry = entries[index]!;
      const last = entry.last;
      raw[filled++] = Number(entry.first);
      if (last + 1n < top) raw[filled++] = Number(last) + 1;
    }
    const sorted = raw.subarray(0, filled).sort();
    count = dedupe(sorted);
    bounds = sorted.subarray(0, count);
  } else {
    const raw: bigint[] = [0n];
    for (const index of indexes) {
      const entry = entries[index]!;
      const last = entry.last;
      raw.push(entry.first);
      if (last + 1n < top) raw.push(last + 1n);
    }
    raw.sort(compareBigint);
    count = dedupe(raw);
    raw.length = count;
    bounds = raw;
  }
  /** The position of a boundary (exact: every first and last + 1 is one). */
  const find = (boundary: bigint): number => {
    let low = 0;
    let high = count - 1;
    const target = family === 4 ? Number(boundary) : boundary;
    while (low < high) {
      const mid = (low + high + 1) >>> 1;
      if ((bounds[mid] as number | bigint) <= target) low = mid;
      else high = mid - 1;
    }
    return low;
  };

  // Paint broad blocks first, narrow ones over them; among equal prefixes, higher indexes first so the
  // lowest index wins. CIDR blocks are nested or disjoint, so each interval is painted at most once per
  // enclosing entry.
  indexes.sort((left, right) => entries[left]!.prefix - entries[right]!.prefix || right - left);
  const allow = new Int32Array(count).fill(-1);
  const deny = new Int32Array(count).fill(-1);
  for (const index of indexes) {
    const entry = entries[index]!;
    const from = find(entry.first);
    const after = entry.last + 1n;
    const to = after < top ? find(after) : count;
    (entry.deny ? deny : allow).fill(index, from, to);
  }

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
  const words = new Uint32Array(4);
  for (let row = 0; row < keep.length; row++) {
    const interval = keep[row]!;
    data[row * stride + stride - 1] = (deny[interval]! >= 0 ? deny[interval]! : allow[interval]!) + 1;
    if (family === 4) data[row * 2] = (bounds as Float64Array)[interval]!;
    else {
      bigintToWords((bounds as bigint[])[interval]!, words);
      data.set(words, row * 5);
    }
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
