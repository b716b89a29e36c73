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
import { ipv4ToInt, ipv6ToWords } from './address.js';
import { type Built, buildFamily, type TableRows } from './table-build.js';

export type { TableRows };

/** Lookup answer: no entry covers the address. */
export const NO_MATCH = -1;
/** Lookup answer: the text is not a strict address (the caller produces the reason). */
export const INVALID = -2;

const WORDS = /* @__PURE__ */ new Uint32Array(4);

/** Immutable once built; rebuild after the entries change. */
export class RangeTable {
  private readonly v4: Built;
  private readonly v6: Built;

  private constructor(v4: Built, v6: Built) {
    this.v4 = v4;
    this.v6 = v6;
  }

  /**
   * Builds the table of the rows whose info bits `include` keeps (all without it); a lookup answers a
   * row's index in `rows`. Ties between rows with the same block and action go to the lower index, so
   * the caller decides precedence by order.
   */
  static fromRows(rows: TableRows, include?: (info: number) => boolean): RangeTable {
    return new RangeTable(buildFamily(rows, 4, include), buildFamily(rows, 6, include));
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
