/**
 * Seeded, deterministic generators for the allowed IP list tests and bench/allowlist.ts: a PRNG,
 * random blocks and addresses (in every written form), near misses of them (small edits that make
 * most of them invalid, to test the refusals), and small random lists with the address space they
 * are drawn in. Same seed, same data, on every machine.
 */
import { BlockList } from 'node:net';
import { formatAddress, parseBlock } from '../../src/allowlist/address.js';
import { AllowedIpList } from '../../src/allowlist/list.js';
import type { Category } from '../../src/allowlist/types.js';

/** mulberry32: a small seeded PRNG returning numbers in [0, 1); good enough to draw test data reproducibly. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A generated block. */
export interface GenBlock {
  family: 4 | 6;
  first: bigint;
  prefix: number;
  last: bigint;
  text: string;
  deny: boolean;
}

const MAPPED_FIRST = 0xffffn << 32n;
const MAPPED_LAST = MAPPED_FIRST | 0xffffffffn;

function randomBits(rnd: () => number, bits: number): bigint {
  let v = 0n;
  for (let k = 0; k < bits; k += 16) v = (v << 16n) | BigInt(Math.floor(rnd() * 65536));
  return v;
}

function makeBlock(family: 4 | 6, value: bigint, prefix: number, deny: boolean): GenBlock {
  const bits = family === 4 ? 32 : 128;
  const host = BigInt(bits - prefix);
  const first = (value >> host) << host;
  const last = first | ((1n << host) - 1n);
  return { family, first, prefix, last, text: `${formatAddress(family, first)}/${prefix}`, deny };
}

/**
 * Random blocks: IPv4 prefixes mostly /8-/32, IPv6 mostly /16-/128 inside 2000::/3 (some anywhere);
 * `nest` of them are drawn inside an earlier block so that most-specific matching matters; `deny` of
 * them are deny entries. Edge blocks (0.0.0.0/0 ... /128 at the top) when `edges`. No IPv6 block
 * inside ::ffff:0:0/96 (the list refuses those: mapped addresses are IPv4).
 */
export function randomBlocks(
  rnd: () => number,
  v4: number,
  v6: number,
  options: { nest?: number; deny?: number; edges?: boolean } = {},
): GenBlock[] {
  const nest = options.nest ?? 0.3;
  const denyShare = options.deny ?? 0;
  const out: GenBlock[] = [];
  const seen = new Set<string>();
  const push = (b: GenBlock) => {
    if (b.family === 6 && b.prefix >= 96 && b.first >= MAPPED_FIRST && b.last <= MAPPED_LAST) return false;
    const key = `${b.text}|${b.deny}`;
    if (seen.has(key)) return false;
    seen.add(key);
    out.push(b);
    return true;
  };
  if (options.edges) {
    for (const [f, t, p] of [
      [4, 0n, 0],
      [4, 0xffffffffn, 32],
      [4, 0n, 32],
      [6, 0n, 0],
      [6, 0n, 128],
      [6, (1n << 128n) - 1n, 128],
      [6, 0n, 80],
    ] as const) {
      push(makeBlock(f, t, p, false));
    }
  }
  for (const [family, count] of [
    [4, v4],
    [6, v6],
  ] as const) {
    const bits = family === 4 ? 32 : 128;
    const same = out.filter((b) => b.family === family);
    let made = 0;
    let guard = 0;
    while (made < count && guard++ < count * 20) {
      const deny = rnd() < denyShare;
      let b: GenBlock;
      if (same.length > 0 && rnd() < nest) {
        const parent = same[Math.floor(rnd() * Math.min(same.length, 64)) + Math.max(0, same.length - 64)] ?? same[0]!;
        const prefix = Math.min(bits, parent.prefix + 1 + Math.floor(rnd() * (family === 4 ? 8 : 24)));
        const span = parent.last - parent.first + 1n;
        b = makeBlock(family, parent.first + (randomBits(rnd, bits) % span), prefix, deny);
      } else if (family === 4) {
        b = makeBlock(4, randomBits(rnd, 32), 8 + Math.floor(rnd() * 25), deny);
      } else {
        const anywhere = rnd() < 0.1;
        const v = anywhere ? randomBits(rnd, 128) : (0x2n << 124n) | (randomBits(rnd, 128) >> 3n);
        b = makeBlock(6, v, anywhere ? Math.floor(rnd() * 129) : 16 + Math.floor(rnd() * 113), deny);
      }
      if (push(b)) {
        made++;
        same.push(b);
      }
    }
  }
  return out;
}

/** An address as text in one of its valid forms (for IPv6: canonical, upper case, expanded, tail, ...). */
export function addressText(rnd: () => number, family: 4 | 6, v: bigint): string {
  if (family === 4) return formatAddress(4, v);
  const groups: string[] = [];
  for (let k = 7; k >= 0; k--) groups.push(((v >> BigInt(k * 16)) & 0xffffn).toString(16));
  const r = rnd();
  if (r < 0.4) return formatAddress(6, v);
  if (r < 0.5) return formatAddress(6, v).toUpperCase();
  if (r < 0.6) return groups.map((g) => g.padStart(4, '0')).join(':');
  if (r < 0.7) return groups.join(':');
  if (r < 0.8) return `${groups.slice(0, 6).join(':')}:${formatAddress(4, v & 0xffffffffn)}`;
  // compress a random run of zero groups (even a single one, which RFC 4291 allows on input)
  const zeros = groups.map((g, i) => (g === '0' ? i : -1)).filter((i) => i >= 0);
  if (zeros.length === 0) return groups.join(':');
  const start = zeros[Math.floor(rnd() * zeros.length)]!;
  let end = start;
  while (end + 1 < 8 && groups[end + 1] === '0' && rnd() < 0.8) end++;
  return `${groups.slice(0, start).join(':')}::${groups.slice(end + 1).join(':')}`;
}

/** Addresses: half inside a random block, a quarter on or next to a block edge, the rest anywhere; some IPv4 written IPv4-mapped. */
export function randomAddresses(
  rnd: () => number,
  blocks: GenBlock[],
  n: number,
  options: { mapped?: number; v6share?: number } = {},
): string[] {
  const mapped = options.mapped ?? 0.05;
  const v6share = options.v6share ?? 1 / 6;
  const out: string[] = new Array(n);
  const by4 = blocks.filter((b) => b.family === 4);
  const by6 = blocks.filter((b) => b.family === 6);
  for (let i = 0; i < n; i++) {
    const family: 4 | 6 = rnd() < v6share && by6.length > 0 ? 6 : 4;
    const pool = family === 4 ? by4 : by6;
    const bits = family === 4 ? 32 : 128;
    const top = (1n << BigInt(bits)) - 1n;
    const r = rnd();
    let v: bigint;
    if (r < 0.5 && pool.length > 0) {
      const b = pool[Math.floor(rnd() * pool.length)]!;
      v = b.first + (randomBits(rnd, bits) % (b.last - b.first + 1n));
    } else if (r < 0.75 && pool.length > 0) {
      const b = pool[Math.floor(rnd() * pool.length)]!;
      const edge = [b.first, b.last, b.first - 1n, b.last + 1n][Math.floor(rnd() * 4)]!;
      v = edge < 0n ? 0n : edge > top ? top : edge;
    } else {
      v = randomBits(rnd, bits);
    }
    if (family === 4 && rnd() < mapped) {
      const m = MAPPED_FIRST | v;
      out[i] = rnd() < 0.5 ? `::ffff:${formatAddress(4, v)}` : addressText(rnd, 6, m);
    } else {
      out[i] = addressText(rnd, family, v);
    }
  }
  return out;
}

const NEAR_MISS_CHARS = '0123456789abcdefABCDEF:.:.%/ x-+[]';

/**
 * A near miss of a valid address: one character added, dropped or changed, a leading zero, or a
 * doubled dot. Most results are invalid, a few stay valid.
 */
export function nearMiss(rnd: () => number, text: string): string {
  const at = Math.floor(rnd() * (text.length + 1));
  const char = NEAR_MISS_CHARS[Math.floor(rnd() * NEAR_MISS_CHARS.length)]!;
  const edit = rnd();
  if (edit < 0.3) return text.slice(0, at) + char + text.slice(at);
  if (edit < 0.55) return text.slice(0, at) + text.slice(at + 1);
  if (edit < 0.8) return text.slice(0, at) + char + text.slice(at + 1);
  if (edit < 0.9) return text.replace(/(^|[.:])(\d)/, '$10$2'); // a leading zero
  return text.replace('.', '..');
}

// ---------------------------------------------------------------------------------------------
// Small lists over a space small enough to compare address by address
// ---------------------------------------------------------------------------------------------

/** Every address of 10.0.0.0/23 and of 2001:db8::/119 (512 each): the space {@link randomSmallList} draws in. */
export const SMALL_SPACE_ADDRESSES: readonly string[] = [
  ...Array.from({ length: 512 }, (_, i) => `10.0.${i >> 8}.${i & 255}`),
  ...Array.from({ length: 512 }, (_, i) => `2001:db8::${i.toString(16)}`),
];

/**
 * A random list of 1 to `maxEntries` blocks inside 10.0.0.0/23 and 2001:db8::/119 (/24-/32 and
 * /120-/128; 30% IPv6), each in one of `categories` (null: uncategorized), 30% of them deny entries.
 * A block drawn twice for one category is left out.
 */
export function randomSmallList(
  rand: () => number,
  options: { categories: ReadonlyArray<Category | null>; maxEntries: number },
): AllowedIpList {
  const { categories, maxEntries } = options;
  const list = new AllowedIpList();
  const n = 1 + Math.floor(rand() * maxEntries);
  for (let i = 0; i < n; i++) {
    const v6 = rand() < 0.3;
    const prefix = (v6 ? 120 : 24) + Math.floor(rand() * 9);
    const bits = v6 ? 128 - prefix : 32 - prefix;
    const offset = Math.floor(rand() * 512) & ~((1 << bits) - 1);
    const block = v6 ? `2001:db8::${offset.toString(16)}/${prefix}` : `10.0.${offset >> 8}.${offset & 255}/${prefix}`;
    const category = categories[Math.floor(rand() * categories.length)]!;
    const action = rand() < 0.3 ? 'deny' : 'allow';
    if (list.entries().some((e) => e.block === parseBlock(block).text && e.category === category)) continue;
    list.add(block, { category, action });
  }
  return list;
}

/** Membership in the union of CIDR blocks (`203.0.113.0/24`, `2001:db8::/32`), answered by `net.BlockList`: the oracle for exported covers. */
export function coveredBy(blocks: readonly string[]): (ip: string) => boolean {
  const b = new BlockList();
  for (const text of blocks) {
    const [addr, prefix] = text.split('/');
    b.addSubnet(addr!, Number(prefix), addr!.includes(':') ? 'ipv6' : 'ipv4');
  }
  return (ip) => b.check(ip, ip.includes(':') ? 'ipv6' : 'ipv4');
}
