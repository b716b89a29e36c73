import { describe, expect, it } from 'vitest';
import {
  type AddressRange,
  blockRange,
  checkedCover,
  countAddresses,
  formatCidr,
  intersectRanges,
  minimalCover,
  overlaps,
  rangeToCidrs,
  subtractRanges,
  unionRanges,
} from '../../src/allowlist/cover.js';
import { familyBits } from '../../src/allowlist/address.js';
import type { Family } from '../../src/allowlist/types.js';
import { prng } from '../support/random.js';

// The oracle works on a /20 (4096 addresses) as a bit set; ranges are drawn inside it.
const SPACE = 4096;
const BASES: Record<Family, bigint> = {
  4: (10n << 24n) | (20n << 16n) | (0x30n << 8n), // 10.20.48.0/20
  6: 0x2001_0db8_0000_0000_0000_0000_0000_0000n | (0xabcn << 12n), // 2001:db8::a:b000/116
};

function randomRanges(rand: () => number, family: Family, maxCount: number): AddressRange[] {
  const n = Math.floor(rand() * (maxCount + 1));
  const out: AddressRange[] = [];
  for (let i = 0; i < n; i++) {
    const a = Math.floor(rand() * SPACE);
    // Mostly short ranges, sometimes long ones, so adjacency and overlap both happen often.
    const len = rand() < 0.7 ? Math.floor(rand() * 64) : Math.floor(rand() * SPACE);
    const b = Math.min(SPACE - 1, a + len);
    out.push({ first: BASES[family] + BigInt(a), last: BASES[family] + BigInt(b) });
  }
  return out;
}

function toBits(family: Family, ranges: readonly AddressRange[]): Uint8Array {
  const bits = new Uint8Array(SPACE);
  for (const r of ranges) bits.fill(1, Number(r.first - BASES[family]), Number(r.last - BASES[family]) + 1);
  return bits;
}

/** A bit set as a string of 0s and 1s: compares fast and shows where sets differ. */
function show(bits: Uint8Array): string {
  return bits.join('');
}

/** Sorted, disjoint, and at least one address apart (adjacent ranges must have been merged). */
function expectCanonical(ranges: readonly AddressRange[]): void {
  for (let i = 0; i < ranges.length; i++) {
    expect(ranges[i]!.first <= ranges[i]!.last).toBe(true);
    if (i > 0) expect(ranges[i]!.first > ranges[i - 1]!.last + 1n).toBe(true);
  }
}

/**
 * The unique minimal exact CIDR cover of a set, found the slow way: every aligned block that lies
 * wholly in the set while its parent block does not.
 */
function oracleCover(family: Family, bits: Uint8Array): string[] {
  const full = (start: number, size: number): boolean => {
    for (let i = start; i < start + size; i++) if (bits[i] !== 1) return false;
    return true;
  };
  const out: Array<{ start: number; size: number }> = [];
  for (let size = SPACE; size >= 1; size /= 2) {
    for (let start = 0; start < SPACE; start += size) {
      if (!full(start, size)) continue;
      const parentSize = size * 2;
      const parentStart = start - (start % parentSize);
      if (parentSize <= SPACE && full(parentStart, parentSize)) continue;
      out.push({ start, size });
    }
  }
  out.sort((a, b) => a.start - b.start);
  return out.map(({ start, size }) =>
    formatCidr({ family, first: BASES[family] + BigInt(start), prefix: familyBits(family) - Math.log2(size) }),
  );
}

const FAMILIES: Family[] = [4, 6];

describe('range arithmetic against a brute-force bit set on a /20', () => {
  it.each(FAMILIES)(
    'union merges overlapping and adjacent ranges into exactly the same addresses (IPv%i, 300 seeded cases)',
    (family) => {
      const rand = prng(1000 + family);
      for (let c = 0; c < 300; c++) {
        const ranges = randomRanges(rand, family, 12);
        const union = unionRanges(ranges);
        expectCanonical(union);
        expect(show(toBits(family, union))).toBe(show(toBits(family, ranges)));
      }
    },
  );

  it.each(FAMILIES)(
    'subtract leaves exactly the addresses of the first set not in the second (IPv%i, 300 seeded cases)',
    (family) => {
      const rand = prng(2000 + family);
      for (let c = 0; c < 300; c++) {
        const a = randomRanges(rand, family, 10);
        const b = randomRanges(rand, family, 10);
        const diff = subtractRanges(a, b);
        expectCanonical(diff);
        const bitsA = toBits(family, a);
        const bitsB = toBits(family, b);
        expect(show(toBits(family, diff))).toBe(show(bitsA.map((x, i) => (x === 1 && bitsB[i] === 0 ? 1 : 0))));
        expect(countAddresses(diff)).toBe(
          BigInt(bitsA.reduce((n, x, i) => n + (x === 1 && bitsB[i] === 0 ? 1 : 0), 0)),
        );
      }
    },
  );

  it.each(FAMILIES)('intersect keeps exactly the addresses in both sets (IPv%i, 300 seeded cases)', (family) => {
    const rand = prng(3000 + family);
    for (let c = 0; c < 300; c++) {
      const a = randomRanges(rand, family, 10);
      const b = randomRanges(rand, family, 10);
      const both = intersectRanges(a, b);
      expectCanonical(both);
      const bitsA = toBits(family, a);
      const bitsB = toBits(family, b);
      expect(show(toBits(family, both))).toBe(show(bitsA.map((x, i) => x & bitsB[i]!)));
    }
  });

  it.each(FAMILIES)('overlaps answers as a non-empty intersection would (IPv%i, 300 seeded cases)', (family) => {
    const rand = prng(6000 + family);
    for (let c = 0; c < 300; c++) {
      const ranges = unionRanges(randomRanges(rand, family, 10));
      for (const r of randomRanges(rand, family, 5)) {
        expect(overlaps(ranges, r)).toBe(intersectRanges(ranges, [r]).length > 0);
      }
    }
  });

  it.each(FAMILIES)('the CIDR cover is the unique minimal exact cover (IPv%i, 300 seeded cases)', (family) => {
    const rand = prng(4000 + family);
    for (let c = 0; c < 300; c++) {
      const ranges = randomRanges(rand, family, 8);
      const cover = minimalCover(family, ranges);
      expect(cover.map(formatCidr)).toEqual(oracleCover(family, toBits(family, ranges)));
      for (const block of cover) {
        // Aligned: the block's first address has no host bits (blockRange would otherwise straddle).
        const size = 1n << BigInt(familyBits(family) - block.prefix);
        expect(block.first % size).toBe(0n);
      }
      expect(show(toBits(family, cover.map(blockRange)))).toBe(show(toBits(family, ranges)));
    }
  });
});

describe('rangeToCidrs', () => {
  const V4_MAX = (1n << 32n) - 1n;
  const V6_MAX = (1n << 128n) - 1n;
  it.each<[string, Family, AddressRange, string[]]>([
    ['the whole IPv4 space is 0.0.0.0/0', 4, { first: 0n, last: V4_MAX }, ['0.0.0.0/0']],
    ['the whole IPv6 space is ::/0', 6, { first: 0n, last: V6_MAX }, ['::/0']],
    ['one address is a /32', 4, { first: 0xc0000201n, last: 0xc0000201n }, ['192.0.2.1/32']],
    ['one IPv6 address is a /128', 6, { first: V6_MAX, last: V6_MAX }, ['ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128']],
    [
      'an unaligned range splits into growing then shrinking blocks',
      4,
      { first: 0xc0000201n, last: 0xc0000206n }, // 192.0.2.1 - 192.0.2.6
      ['192.0.2.1/32', '192.0.2.2/31', '192.0.2.4/31', '192.0.2.6/32'],
    ],
    [
      'a range ending at the top of the space',
      4,
      { first: V4_MAX - 2n, last: V4_MAX },
      ['255.255.255.253/32', '255.255.255.254/31'],
    ],
  ])('%s', (_name, family, range, expected) => {
    expect(rangeToCidrs(family, range).map(formatCidr)).toEqual(expected);
  });

  it('covers everything but the first and last IPv4 address with 62 blocks (31 up, 31 down)', () => {
    expect(rangeToCidrs(4, { first: 1n, last: V4_MAX - 1n })).toHaveLength(62);
  });

  it.each<[string, Family, AddressRange]>([
    ['an empty range', 4, { first: 5n, last: 4n }],
    ['a range past the IPv4 space', 4, { first: 0n, last: V4_MAX + 1n }],
    ['a negative address', 6, { first: -1n, last: 4n }],
  ])('refuses %s with a RangeError', (_name, family, range) => {
    expect(() => rangeToCidrs(family, range)).toThrow(RangeError);
  });
});

describe('checkedCover', () => {
  const r = (first: bigint, last: bigint): AddressRange => ({ first, last });
  const M = 0xffffn << 32n;
  const V6_ALL = (1n << 128n) - 1n;
  it.each<[string, Family, AddressRange[], string[]]>([
    ['leaves out a block inside the IPv4-mapped space', 6, [r(M, M + 255n)], []],
    ['keeps the IPv4 cover as it is', 4, [r(0n, 0xffffffffn)], ['0.0.0.0/0']],
    ['keeps ::/0 whole rather than 97 blocks around the mapped /96', 6, [r(0n, V6_ALL)], ['::/0']],
    [
      'writes the IPv6 half of a /95 that holds the mapped /96 as that half alone',
      6,
      [r(M - (1n << 32n), M + 0xffffffffn)],
      ['::fffe:0:0/96'],
    ],
    [
      'covers the blocks on both sides of the mapped /96 without it',
      6,
      [r(M - (1n << 32n), M - 1n), r(M + (1n << 32n), M + (2n << 32n) - 1n)],
      ['::fffe:0:0/96', '::1:0:0:0/96'],
    ],
    [
      'leaves IPv6 blocks away from the mapped space alone',
      6,
      [r(0x20010db8n << 96n, (0x20010db8n << 96n) + 255n)],
      ['2001:db8::/120'],
    ],
  ])('%s', (_name, family, ranges, expected) => {
    expect(checkedCover(family, ranges).map(formatCidr)).toEqual(expected);
  });

  it('covers exactly the same addresses outside the mapped /96, in no more blocks than leaving it out (500 seeded ranges around it)', () => {
    let seed = 7;
    const next = (n: bigint): bigint => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return BigInt(seed) % n;
    };
    const outside = (rs: readonly AddressRange[]) => subtractRanges(rs, [r(M, M + 0xffffffffn)]);
    for (let i = 0; i < 500; i++) {
      // Up to 2^36 around the /96 (2^32 addresses) and up to 2^35 long, so most ranges touch it.
      const first = M - (1n << 34n) + next(1n << 31n) * 32n + next(32n);
      const ranges = [r(first, first + next(1n << 31n) * 16n + next(16n))];
      const cover = checkedCover(6, ranges);
      expect(outside(cover.map(blockRange))).toEqual(outside(ranges));
      expect(cover.length).toBeLessThanOrEqual(minimalCover(6, outside(ranges)).length);
    }
  });
});
