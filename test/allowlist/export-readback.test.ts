/**
 * Issue 12, point 1: the rules a format writes allow exactly what `check` allows, never more. Each
 * rule format is read back by test/allowlist/rule-readers.ts (the list forms, text and json, by
 * `AllowedIpList.fromText` and `fromJSON`) and compared with `check` at every range edge
 * (of the entries and of the exported blocks, and one address either side) on random lists with deny
 * entries, for every port a category uses and a few it does not. Fixed fast-check seed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAddress, parseBlock } from '../../src/allowlist/address.js';
import { EXPORT_FORMATS, EXPORT_PORTS, exportRules } from '../../src/allowlist/export.js';
import { AllowedIpList } from '../../src/allowlist/list.js';
import type { Category, ExportOptions } from '../../src/allowlist/types.js';
import { accepts, READERS } from './rule-readers.js';

/** Runs per property: a few seconds in CI; `ALLOWLIST_LONG=1` for a long run. */
const RUNS = process.env.ALLOWLIST_LONG === '1' ? 400 : 8;

const CATEGORIES: Category[] = ['media', 'turn', 'api', 'logging'];
const PROBES: Array<['tcp' | 'udp', number]> = [
  ['udp', 1024],
  ['udp', 1025],
  ['udp', 65535],
  ['udp', 443],
  ['udp', 3478],
  ['tcp', 443],
  ['tcp', 3478],
  ['tcp', 80],
  ['tcp', 1025],
];

/** A block from a small space (so that entries overlap), or now and then a broad one. */
const blockArb = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(fc.integer({ min: 0, max: 511 }), fc.integer({ min: 23, max: 32 }))
      .map(([offset, prefix]) => v4(offset, prefix)),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.integer({ min: 0, max: 511 }), fc.integer({ min: 119, max: 128 }))
      .map(([offset, prefix]) => v6(offset, prefix)),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom('0.0.0.0/0', '10.0.0.0/8', '::/0', '::/1', '::fffe:0:0/95', '2001:db8::/32'),
  },
);

function v4(offset: number, prefix: number): string {
  const host = 2 ** (32 - prefix);
  const start = Math.floor(offset / host) * host;
  return `10.0.${start >> 8}.${start & 255}/${prefix}`;
}

function v6(offset: number, prefix: number): string {
  const host = 2 ** (128 - prefix);
  return `2001:db8::${(Math.floor(offset / host) * host).toString(16)}/${prefix}`;
}

const listArb = fc
  .array(
    fc.record({
      block: blockArb,
      category: fc.constantFrom<Category | null>(null, ...CATEGORIES),
      deny: fc.boolean(),
    }),
    { minLength: 1, maxLength: 10 },
  )
  .map((specs) => {
    const list = new AllowedIpList();
    for (const spec of specs) list.add(spec.block, { category: spec.category, action: spec.deny ? 'deny' : 'allow' });
    return list;
  });

/** Every range edge of `blocks`, and the address on either side, in canonical text. */
function edges(blocks: readonly string[]): string[] {
  const out = new Set<string>();
  for (const text of blocks) {
    const block = parseBlock(text);
    const top = (1n << (block.family === 4 ? 32n : 128n)) - 1n;
    for (const value of [block.first - 1n, block.first, block.last, block.last + 1n]) {
      if (value >= 0n && value <= top) out.add(formatAddress(block.family, value));
    }
  }
  return [...out];
}

/** The blocks every read-back rule holds. */
function ruleBlocks(out: string, format: keyof typeof READERS): string[] {
  return READERS[format](out).flatMap((rule) => rule.blocks);
}

const MAPPED_FIRST = 0xffffn << 32n;
const MAPPED_LAST = MAPPED_FIRST | 0xffffffffn;

describe('every export allows exactly what check allows (read back, at every range edge)', () => {
  it.each(Object.keys(READERS) as Array<keyof typeof READERS>)(
    '%s, per category on its ports: a port opens an address exactly when a category using it allows it',
    (format) => {
      fc.assert(
        fc.property(listArb, (list) => {
          const out = exportRules(list, format);
          const accepted = accepts(READERS[format](out));
          for (const ip of edges([...list.entries().map((entry) => entry.block), ...ruleBlocks(out, format)])) {
            for (const [protocol, port] of PROBES) {
              const want = CATEGORIES.some(
                (category) =>
                  EXPORT_PORTS[category].some(
                    (rule) => rule.protocol === protocol && rule.ports.some(([from, to]) => from <= port && port <= to),
                  ) && list.check(ip, { category }).allowed,
              );
              expect(accepted(ip, protocol, port), `${ip} ${protocol}/${port}\n${list.toText()}\n${out}`).toBe(want);
            }
          }
        }),
        { seed: 1201, numRuns: RUNS },
      );
    },
  );

  it.each(Object.keys(READERS) as Array<keyof typeof READERS>)(
    '%s with allPorts: an address is open on every port exactly when check(ip) allows it',
    (format) => {
      const options: ExportOptions = { allPorts: true };
      fc.assert(
        fc.property(listArb, (list) => {
          const out = exportRules(list, format, options);
          const accepted = accepts(READERS[format](out));
          for (const ip of edges([...list.entries().map((entry) => entry.block), ...ruleBlocks(out, format)])) {
            expect(accepted(ip, 'udp', 5000), `${ip}\n${list.toText()}\n${out}`).toBe(list.check(ip).allowed);
          }
        }),
        { seed: 1202, numRuns: RUNS },
      );
    },
  );

  it.each(Object.keys(READERS) as Array<keyof typeof READERS>)(
    '%s never puts an IPv4-mapped address in an IPv6 rule (check answers those from IPv4 entries)',
    (format) => {
      fc.assert(
        fc.property(listArb, fc.boolean(), (list, allPorts) => {
          for (const text of ruleBlocks(exportRules(list, format, { allPorts }), format)) {
            const block = parseBlock(text);
            if (block.family === 6) expect(block.last < MAPPED_FIRST || block.first > MAPPED_LAST, text).toBe(true);
          }
        }),
        { seed: 1203, numRuns: RUNS },
      );
    },
  );

  it.each([
    ['text', AllowedIpList.fromText],
    ['json', AllowedIpList.fromJSON],
  ] as const)('%s, read back as a list: every category allows the same addresses at every edge', (format, read) => {
    fc.assert(
      fc.property(listArb, (list) => {
        const out = exportRules(list, format);
        const back = read(out);
        const blocks = [...list.entries(), ...back.entries()].map((entry) => entry.block);
        for (const ip of edges(blocks)) {
          for (const category of CATEGORIES) {
            expect(back.check(ip, { category }).allowed, `${ip} ${category}\n${list.toText()}\n${out}`).toBe(
              list.check(ip, { category }).allowed,
            );
          }
        }
      }),
      { seed: 1204, numRuns: RUNS },
    );
  });

  it('covers every format exportRules writes: the rule formats here, the list forms above', () => {
    expect([...Object.keys(READERS), 'text', 'json'].sort()).toEqual([...EXPORT_FORMATS].sort());
  });

  it('the list that opened ::ffff:0.0.0.1 through ::/0 no longer does', () => {
    const list = AllowedIpList.fromText('::/0\n10.0.0.0/8\n[media]\ndeny 10.0.0.0/16\n');
    for (const allPorts of [false, true]) {
      const open = accepts(READERS.nftables(exportRules(list, 'nftables', { allPorts })));
      expect(list.check('::ffff:0.0.0.1').allowed).toBe(false);
      expect(open('::ffff:0.0.0.1', 'udp', 5000)).toBe(false);
      expect(open('::1', 'udp', 5000)).toBe(true);
    }
  });
});
