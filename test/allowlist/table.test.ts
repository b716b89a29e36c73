import { describe, expect, it } from 'vitest';
import { INVALID, NO_MATCH } from '../../src/allowlist/table.js';
import { buildTable, type TableEntry } from '../support/table-rows.js';
import { formatAddress, parseAddress, parseBlock } from '../../src/allowlist/address.js';
import { prng, randomAddresses, randomBlocks } from '../support/random.js';

function entry(text: string, deny = false): TableEntry {
  const b = parseBlock(text);
  return { family: b.family, first: b.first, last: b.last, prefix: b.prefix, deny };
}

/** The rule, written the slow obvious way: most specific deny, else most specific allow, ties to the lower index. */
function naive(entries: TableEntry[], family: 4 | 6, v: bigint): number {
  let best = -1;
  for (const wantDeny of [true, false]) {
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i]!;
      if (e.family !== family || e.deny !== wantDeny || v < e.first || v > e.last) continue;
      if (best < 0 || e.prefix > entries[best]!.prefix) best = i;
    }
    if (best >= 0) return best;
  }
  return NO_MATCH;
}

describe('RangeTable', () => {
  it('answers NO_MATCH on an empty table and INVALID for loose text', () => {
    const t = buildTable([]);
    expect(t.lookup('1.2.3.4')).toBe(NO_MATCH);
    expect(t.lookup('::1')).toBe(NO_MATCH);
    expect(t.lookup('127.1')).toBe(INVALID);
    expect(t.lookup('fe80::1%eth0')).toBe(INVALID);
    expect(t.lookup(42 as unknown as string)).toBe(INVALID);
  });

  it.each([
    ['0.0.0.0', 0],
    ['9.255.255.255', 0],
    ['10.0.0.0', 1],
    ['10.1.2.3', 2],
    ['10.1.255.255', 2],
    ['10.2.0.0', 1],
    ['10.255.255.255', 1],
    ['11.0.0.0', 0],
    ['255.255.255.255', 3],
    ['::ffff:10.1.0.1', 2],
    ['::', 4],
    ['2001:db8::1', 5],
    ['2001:db8:ffff:ffff:ffff:ffff:ffff:ffff', 5],
    ['2001:db9::', 4],
    ['ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 6],
  ])('looks up %j in nested blocks up to the top of each space', (ip, expected) => {
    const entries = [
      '0.0.0.0/0',
      '10.0.0.0/8',
      '10.1.0.0/16',
      '255.255.255.255/32',
      '::/0',
      '2001:db8::/32',
      'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128',
    ].map((b) => entry(b));
    expect(buildTable(entries).lookup(ip)).toBe(expected);
  });

  it('merges adjacent intervals with the same answer', () => {
    const t = buildTable([entry('10.0.0.0/25'), entry('10.0.0.128/25')]);
    expect(t.intervals.v4).toBe(4); // none, /25, other /25, none
    const one = buildTable([entry('10.0.0.0/8'), entry('10.1.0.0/16', true), entry('10.1.0.0/24', false)]);
    expect(one.lookup('10.1.0.1')).toBe(1); // deny wins over the narrower allow
    expect(one.intervals.v4).toBe(5); // none, /8, deny /16 (the /24 inside merged into it), /8, none
  });

  it('gives a tie on the same block to the lower index', () => {
    const t = buildTable([entry('10.0.0.0/8'), entry('10.0.0.0/8')]);
    expect(t.lookup('10.0.0.1')).toBe(0);
  });

  it.each([[1], [2], [3]])('agrees with the naive rule on random nested blocks (seed %i)', (seed) => {
    const rnd = prng(seed);
    const entries: TableEntry[] = [];
    // Few distinct high bits so blocks nest and overlap a lot.
    for (let i = 0; i < 400; i++) {
      const family = rnd() < 0.7 ? 4 : 6;
      const bits = family === 4 ? 32 : 128;
      const prefix = Math.floor(rnd() * (bits + 1));
      let v = 0n;
      for (let k = 0; k < bits; k += 8) v = (v << 8n) | BigInt(k < 16 ? 10 : Math.floor(rnd() * 4));
      const host = BigInt(bits - prefix);
      const first = (v >> host) << host;
      entries.push({ family, first, last: first | ((1n << host) - 1n), prefix, deny: rnd() < 0.2 });
    }
    const t = buildTable(entries);
    for (let k = 0; k < 5000; k++) {
      const e = entries[Math.floor(rnd() * entries.length)]!;
      const bits = e.family === 4 ? 32 : 128;
      const span = e.last - e.first;
      const r = BigInt(Math.floor(rnd() * 2 ** 30));
      const candidates = [e.first, e.last, e.first - 1n, e.last + 1n, e.first + (span > 0n ? r % span : 0n)];
      for (const v of candidates) {
        if (v < 0n || v >= 1n << BigInt(bits)) continue;
        expect(t.lookup(formatAddress(e.family, v))).toBe(naive(entries, e.family, v));
      }
    }
  });

  it.each([[4], [5]])(
    'agrees with the naive rule on blocks spread over the whole space, across 16-bit buckets (seed %i)',
    (seed) => {
      const rnd = prng(seed);
      const blocks = randomBlocks(rnd, 600, 200, { deny: 0.15, edges: true });
      const entries: TableEntry[] = blocks.map((b) => ({
        family: b.family,
        first: b.first,
        last: b.last,
        prefix: b.prefix,
        deny: b.deny,
      }));
      const t = buildTable(entries);
      for (const ip of randomAddresses(rnd, blocks, 20_000, { mapped: 0.1 })) {
        const a = parseAddress(ip);
        const [family, v] = a.mappedIpv4 !== null ? [4 as const, a.value & 0xffffffffn] : [a.family, a.value];
        expect(t.lookup(ip)).toBe(naive(entries, family, v));
      }
    },
  );

  it.each([
    ['0.0.255.255', 0],
    ['0.1.0.0', 1],
    ['0.1.255.255', 1],
    ['0.2.0.0', -1],
    ['::ffff', 2],
    ['0:1::', 3],
    ['0:1:ffff:ffff:ffff:ffff:ffff:ffff', 3],
    ['0:2::', -1],
  ])('finds %j at a 16-bit bucket boundary', (ip, expected) => {
    const t = buildTable([entry('0.0.0.0/16'), entry('0.1.0.0/16'), entry('::/32'), entry('0:1::/32')]);
    expect(t.lookup(ip)).toBe(expected);
  });
});
