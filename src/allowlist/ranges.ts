/**
 * Range arithmetic for diff and export. Ranges are inclusive [first, last] bigint pairs of one family;
 * every function here is pure and never mutates its input. Sort once, sweep once. Internal.
 */
import { familyBits, formatBlock, isMappedBlock } from './address.js';
import type { Family } from './types.js';

/** An inclusive range of addresses of one family. */
export interface AddressRange {
  first: bigint;
  last: bigint;
}

/** One aligned CIDR block: `first` has no bits set below the prefix. */
export interface CidrBlock {
  family: Family;
  first: bigint;
  prefix: number;
}

function byFirst(left: AddressRange, right: AddressRange): number {
  return left.first < right.first ? -1 : left.first > right.first ? 1 : 0;
}

/**
 * Sorted, disjoint ranges covering exactly the addresses of `ranges`: overlapping ranges and adjacent
 * ones (`…0/25` followed by `…128/25`) are merged into one.
 */
export function unionRanges(ranges: readonly AddressRange[]): AddressRange[] {
  const sorted = ranges.map((range) => ({ first: range.first, last: range.last })).sort(byFirst);
  const out: AddressRange[] = [];
  for (const range of sorted) {
    const prev = out[out.length - 1];
    if (prev !== undefined && range.first <= prev.last + 1n) {
      if (range.last > prev.last) prev.last = range.last;
    } else {
      out.push(range);
    }
  }
  return out;
}

/** The addresses of `from` that are not in `remove`, as sorted, disjoint, merged ranges. */
export function subtractRanges(from: readonly AddressRange[], remove: readonly AddressRange[]): AddressRange[] {
  const holes = unionRanges(remove);
  const out: AddressRange[] = [];
  let firstHole = 0;
  for (const range of unionRanges(from)) {
    let first = range.first;
    // Holes ending before this range can never matter again: both lists are sorted.
    while (firstHole < holes.length && holes[firstHole]!.last < first) firstHole++;
    let next = firstHole;
    while (first <= range.last) {
      const hole = holes[next];
      if (hole === undefined || hole.first > range.last) {
        out.push({ first, last: range.last });
        break;
      }
      if (hole.first > first) out.push({ first, last: hole.first - 1n });
      if (hole.last >= range.last) break;
      first = hole.last + 1n;
      next++;
    }
  }
  return out;
}

/** The addresses in both `left` and `right`, as sorted, disjoint, merged ranges. */
export function intersectRanges(left: readonly AddressRange[], right: readonly AddressRange[]): AddressRange[] {
  const lefts = unionRanges(left);
  const rights = unionRanges(right);
  const out: AddressRange[] = [];
  let atLeft = 0;
  let atRight = 0;
  while (atLeft < lefts.length && atRight < rights.length) {
    const one = lefts[atLeft]!;
    const other = rights[atRight]!;
    const first = one.first > other.first ? one.first : other.first;
    const last = one.last < other.last ? one.last : other.last;
    if (first <= last) out.push({ first, last });
    if (one.last < other.last) atLeft++;
    else atRight++;
  }
  return unionRanges(out);
}

/**
 * Whether `range` shares an address with `ranges`, which must be sorted and disjoint (as every
 * function here returns them). Binary search: O(log n).
 */
export function overlaps(ranges: readonly AddressRange[], range: AddressRange): boolean {
  // The first range that ends at or after range.first is the only candidate.
  let lo = 0;
  let hi = ranges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ranges[mid]!.last < range.first) lo = mid + 1;
    else hi = mid;
  }
  const candidate = ranges[lo];
  return candidate !== undefined && candidate.first <= range.last;
}

/** The number of addresses in `ranges` (which must be disjoint, as every function here returns them). */
export function countAddresses(ranges: readonly AddressRange[]): bigint {
  let count = 0n;
  for (const range of ranges) count += range.last - range.first + 1n;
  return count;
}

/** The number of trailing zero bits of `value`, at most `max`. */
function trailingZeros(value: bigint, max: number): number {
  if (value === 0n) return max;
  let zeros = 0;
  while (zeros < max && (value & 1n) === 0n) {
    value >>= 1n;
    zeros++;
  }
  return zeros;
}

/**
 * The minimal list of CIDR blocks covering exactly `range`, in address order: at each step the
 * largest block that starts at the current address (aligned to its own size) and does not run past
 * the end. The greedy choice is optimal, since any exact cover must contain that block or split it.
 *
 * @throws RangeError when the range is empty or outside the family's address space (a bug in the
 *   caller, never user input: user input is parsed before it gets here).
 */
export function rangeToCidrs(family: Family, range: AddressRange): CidrBlock[] {
  const bits = familyBits(family);
  const max = (1n << BigInt(bits)) - 1n;
  if (range.first < 0n || range.last > max || range.first > range.last) {
    throw new RangeError(`not a range of IPv${family} addresses: ${range.first}-${range.last}`);
  }
  const out: CidrBlock[] = [];
  let first = range.first;
  for (;;) {
    let size = trailingZeros(first, bits);
    while (size > 0 && first + (1n << BigInt(size)) - 1n > range.last) size--;
    out.push({ family, first, prefix: bits - size });
    const next = first + (1n << BigInt(size));
    if (next > range.last) return out;
    first = next;
  }
}

/** The minimal CIDR cover of `ranges`: merged first, so adjacent and overlapping ranges share blocks. */
export function minimalCover(family: Family, ranges: readonly AddressRange[]): CidrBlock[] {
  return unionRanges(ranges).flatMap((r) => rangeToCidrs(family, r));
}

/** The IPv4-mapped IPv6 space `::ffff:0:0/96`. */
const MAPPED: AddressRange = { first: 0xffffn << 32n, last: (0xffffn << 32n) | 0xffffffffn };

/**
 * The fewest CIDR blocks that cover exactly the addresses of `ranges` that `AllowedIpList.check` can
 * match, in address order. For IPv6 the mapped space ({@link isMappedBlock}) is free: no block lies
 * inside it, and a block may hold it if that saves blocks (`::/0` stays one block, where leaving the
 * /96 out would take 97). On a tie the cover without the mapped space wins.
 */
export function checkedCover(family: Family, ranges: readonly AddressRange[]): CidrBlock[] {
  if (family === 4) return minimalCover(4, ranges);
  const exact = minimalCover(6, subtractRanges(ranges, [MAPPED]));
  let best = exact;
  for (const loose of [minimalCover(6, ranges), minimalCover(6, [...ranges, MAPPED])]) {
    const kept = loose.filter((b) => !isMappedBlock(b));
    if (kept.length < best.length) best = kept;
  }
  return best;
}

/**
 * The fewest CIDR blocks that cover exactly the addresses of `ranges` that `AllowedIpList.check` can
 * match, and nothing else: for IPv6 the mapped space is left out even where holding it would save
 * blocks (`::/0` becomes 96 blocks), since `check` answers a mapped address from the IPv4 entries.
 * What exports write: a firewall rule never opens an address `check` refuses.
 */
export function exactCover(family: Family, ranges: readonly AddressRange[]): CidrBlock[] {
  return family === 4 ? minimalCover(4, ranges) : minimalCover(6, subtractRanges(ranges, [MAPPED]));
}

/** The first and last address of a CIDR block. */
export function blockRange(block: CidrBlock): AddressRange {
  const size = 1n << BigInt(familyBits(block.family) - block.prefix);
  return { first: block.first, last: block.first + size - 1n };
}

/** Canonical CIDR text of a block: `203.0.113.0/24`, `2001:db8::/32`. */
export function formatCidr(block: CidrBlock): string {
  return formatBlock(block.family, block.first, block.prefix);
}
