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
    const w = WORDS;
    if (!ipv6ToWords(ip, w)) return INVALID;
    return this.lookupWords(w[0]!, w[1]!, w[2]!, w[3]!);
  }

  /** Lookup of an unsigned 32-bit IPv4 value. */
  lookupV4(x: number): number {
    const { data, bucket } = this.v4;
    const b2 = (x >>> 16) << 1;
    const direct = bucket[b2 + 1]!;
    if (direct !== 0) return direct - 2;
    let lo = bucket[b2]!;
    let hi = bucket[b2 + 2]!;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (data[mid << 1]! <= x) lo = mid;
      else hi = mid - 1;
    }
    return data[(lo << 1) + 1]! - 1;
  }

  /** Lookup of an IPv6 address as four words; IPv4-mapped addresses go to the IPv4 table. */
  lookupWords(w0: number, w1: number, w2: number, w3: number): number {
    if (w0 === 0 && w1 === 0 && w2 === 0xffff) return this.lookupV4(w3);
    const { data: starts, bucket } = this.v6;
    const b2 = (w0 >>> 16) << 1;
    const direct = bucket[b2 + 1]!;
    if (direct !== 0) return direct - 2;
    let lo = bucket[b2]!;
    let hi = bucket[b2 + 2]!;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      const b = mid * 5;
      const s0 = starts[b]!;
      let le: boolean;
      if (s0 !== w0) le = s0 < w0;
      else {
        const s1 = starts[b + 1]!;
        if (s1 !== w1) le = s1 < w1;
        else {
          const s2 = starts[b + 2]!;
          if (s2 !== w2) le = s2 < w2;
          else le = starts[b + 3]! <= w3;
        }
      }
      if (le) lo = mid;
      else hi = mid - 1;
    }
    return starts[lo * 5 + 4]! - 1;
  }
}

const compareBigint = (left: bigint, right: bigint): number => (left < right ? -1 : left > right ? 1 : 0);

function buildFamily(entries: readonly TableEntry[], family: Family): Built {
  const top = family === 4 ? 1n << 32n : 1n << 128n;
  const idx: number[] = [];
  for (let i = 0; i < entries.length; i++) if (entries[i]!.family === family) idx.push(i);

  // Interval starts: 0, every first, every last + 1 below the top of the space.
  let bounds: bigint[] | Float64Array;
  let count: number;
  if (family === 4) {
    const raw = new Float64Array(idx.length * 2 + 1);
    let n = 1;
    for (const i of idx) {
      const e = entries[i]!;
      const last = e.last;
      raw[n++] = Number(e.first);
      if (last + 1n < top) raw[n++] = Number(last) + 1;
    }
    const sorted = raw.subarray(0, n).sort();
    count = dedupe(sorted);
    bounds = sorted.subarray(0, count);
  } else {
    const raw: bigint[] = [0n];
    for (const i of idx) {
      const e = entries[i]!;
      const last = e.last;
      raw.push(e.first);
      if (last + 1n < top) raw.push(last + 1n);
    }
    raw.sort(compareBigint);
    count = dedupe(raw);
    raw.length = count;
    bounds = raw;
  }
  const find = (v: bigint): number => {
    // exact position of a boundary
    let lo = 0;
    let hi = count - 1;
    const isNum = family === 4;
    const target = isNum ? Number(v) : v;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((bounds[mid] as number | bigint) <= target) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };

  // Paint broad blocks first, narrow ones over them; among equal prefixes, higher indexes first so the
  // lowest index wins. CIDR blocks are nested or disjoint, so each interval is painted at most once per
  // enclosing entry.
  idx.sort((a, b) => entries[a]!.prefix - entries[b]!.prefix || b - a);
  const allow = new Int32Array(count).fill(-1);
  const deny = new Int32Array(count).fill(-1);
  for (const i of idx) {
    const e = entries[i]!;
    const from = find(e.first);
    const after = e.last + 1n;
    const to = after < top ? find(after) : count;
    (e.deny ? deny : allow).fill(i, from, to);
  }

  // Merge adjacent intervals with the same answer.
  const keep: number[] = [];
  let prev = -3;
  for (let k = 0; k < count; k++) {
    const hit = deny[k]! >= 0 ? deny[k]! : allow[k]!;
    if (hit !== prev) {
      keep.push(k);
      prev = hit;
    }
  }
  const stride = family === 4 ? 2 : 5;
  const data = new Uint32Array(keep.length * stride);
  const w = new Uint32Array(4);
  for (let j = 0; j < keep.length; j++) {
    const k = keep[j]!;
    data[j * stride + stride - 1] = (deny[k]! >= 0 ? deny[k]! : allow[k]!) + 1;
    if (family === 4) data[j * 2] = (bounds as Float64Array)[k]!;
    else {
      bigintToWords((bounds as bigint[])[k]!, w);
      data.set(w, j * 5);
    }
  }
  return { data, count: keep.length, bucket: buildBucket(data, stride) };
}

function buildBucket(starts: Uint32Array, stride: number): Int32Array {
  const n = starts.length / stride;
  const wide = stride === 5;
  const bucket = new Int32Array(65537 * 2);
  let i = 0; // invariant: starts[i] <= (h << 16) as the first address of the bucket
  for (let h = 0; h < 65536; h++) {
    const target = h * 65536;
    while (i + 1 < n && atOrBelow(starts, (i + 1) * stride, wide, target)) i++;
    bucket[h << 1] = i;
  }
  bucket[65536 << 1] = n - 1;
  for (let h = 0; h < 65536; h++) {
    const first = bucket[h << 1]!;
    // One interval for the whole bucket when the next bucket starts in the same interval (the last
    // bucket: when its interval is the last one).
    const single = h < 65535 ? bucket[(h + 1) << 1] === first : first === n - 1;
    if (single) bucket[(h << 1) + 1] = starts[first * stride + stride - 1]! + 1; // (answer + 1) + 1
  }
  return bucket;
}

/** Whether the start at `base` is at or below the first address whose top 32 bits are `target`. */
function atOrBelow(starts: Uint32Array, base: number, wide: boolean, target: number): boolean {
  const s0 = starts[base]!;
  if (s0 !== target) return s0 < target;
  return !wide || (starts[base + 1] === 0 && starts[base + 2] === 0 && starts[base + 3] === 0);
}

function dedupe(a: Float64Array | bigint[]): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    if (i === 0 || a[i] !== a[n - 1]) a[n++] = a[i]!;
  }
  return n;
}
