import { describe, expect, it } from 'vitest';
import { bigintToWords, parseAddress, parseBlock } from '../../src/allowlist/address.js';
import { compareEntries, makeEntry, toListEntry, unpack } from '../../src/allowlist/entry.js';
import { AllowedIpList } from '../../src/allowlist/list.js';
import { CATEGORIES, categoryOfRank } from '../../src/allowlist/categories.js';
import type { CheckResult, ListCategory, ListEntry } from '../../src/allowlist/types.js';
import { PackedBuilder } from '../../src/allowlist/packed.js';
import { addressText, prng, randomBlocks, randomSmallList } from '../support/random.js';

/** Adds `text` (a block) to `builder` as the full reader would. */
function add(builder: PackedBuilder, text: string, fields: { rank?: number; deny?: boolean; line?: number } = {}) {
  const block = parseBlock(text);
  const words = bigintToWords(block.family === 4 ? block.first << 96n : block.first);
  const line = fields.line ?? builder.count + 1;
  const item = { family: block.family, prefix: block.prefix, rank: fields.rank ?? 0, deny: !!fields.deny };
  builder.add({ ...item, description: null, line, lineStart: 0, offset: 0 }, words);
}

describe('PackedBuilder', () => {
  it('sorts random entries into the stable order of compareEntries', () => {
    const rnd = prng(5);
    const blocks = randomBlocks(rnd, 3000, 3000, { nest: 0.6, deny: 0.3, edges: true });
    const builder = new PackedBuilder(16);
    const expected = blocks.map((block, index) => {
      const rank = Math.floor(rnd() * 5);
      add(builder, block.text, { rank, deny: block.deny, line: index + 1 });
      const fields = {
        category: categoryOfRank(rank),
        description: null,
        action: block.deny ? 'deny' : 'allow',
      } as const;
      return makeEntry(parseBlock(block.text), fields);
    });
    const { packed, duplicates } = builder.finish();
    expect(duplicates).toEqual([]);
    expect(unpack(packed).map(toListEntry)).toEqual(expected.sort(compareEntries).map(toListEntry));
  });

  it('orders IPv6 blocks that share their top 39 bits by the whole address', () => {
    const builder = new PackedBuilder();
    const texts = ['2001:db8::9/128', '2001:db8::/32', '2001:db8::8/125', '2001:db8:0:1::/64', '2001:db8::1/128'];
    for (const text of texts) add(builder, text);
    const blocks = unpack(builder.finish().packed).map((entry) => entry.block);
    expect(blocks).toEqual([
      '2001:db8::/32',
      '2001:db8::1/128',
      '2001:db8::8/125',
      '2001:db8::9/128',
      '2001:db8:0:1::/64',
    ]);
  });

  it('finds duplicates after the sort, each naming the first line, and keeps one entry', () => {
    const builder = new PackedBuilder();
    add(builder, '10.0.0.0/8', { line: 2 });
    add(builder, '2001:db8::/32', { line: 3 });
    add(builder, '10.0.0.0/8', { line: 5 });
    add(builder, '10.0.0.0/8', { line: 6, deny: true }); // another action: not a duplicate
    add(builder, '10.0.0.0/8', { line: 7, rank: 1 }); // another category: not a duplicate
    add(builder, '2001:db8::/32', { line: 9 });
    add(builder, '10.0.0.0/8', { line: 11 });
    const { packed, duplicates } = builder.finish();
    expect(packed.count).toBe(4);
    expect(duplicates.map(({ line, firstLine }) => [line, firstLine])).toEqual([
      [5, 2],
      [9, 3],
      [11, 2],
    ]);
  });

  it('keeps each description once', () => {
    const list = AllowedIpList.fromText('10.0.0.0/8 Frankfurt\n11.0.0.0/8 Frankfurt\n12.0.0.0/8 - Paris\n13.0.0.0/8\n');
    expect(list.entries().map((entry) => entry.description)).toEqual(['Frankfurt', 'Frankfurt', 'Paris', null]);
  });
});

describe('fromText: the fast line path and the full reader agree', () => {
  // A '#' comment sends a line to the full reader; the same line without it takes the fast path.
  const rnd = prng(8);
  const blocks = randomBlocks(rnd, 400, 400, { nest: 0.5, edges: true });
  const written = blocks.map((block) => {
    const slash = block.text.indexOf('/');
    const address = addressText(rnd, block.family, block.first);
    const prefix = rnd() < 0.2 && block.prefix === (block.family === 4 ? 32 : 128) ? '' : block.text.slice(slash);
    const description = rnd() < 0.3 ? `${rnd() < 0.5 ? ' - ' : '\t'}site ${Math.floor(rnd() * 9)}` : '';
    return `${rnd() < 0.2 ? '  ' : ''}${address}${prefix}${description}`;
  });

  it('reads the same entries from random lines', () => {
    const fast = AllowedIpList.fromText(written.join('\n'));
    const full = AllowedIpList.fromText(written.map((line) => `${line} #`).join('\n'));
    expect(fast.entries()).toEqual(full.entries());
    expect(fast.size).toBe(new Set(blocks.map((block) => block.text)).size);
  });

  it.each([
    ['host bits', '10.0.0.1/8'],
    ['a leading zero', '10.0.0.01/8'],
    ['a prefix out of range', '10.0.0.0/33'],
    ['a mapped block', '::ffff:10.0.0.0/104'],
    ['IPv6 host bits', '2001:db8::1/32'],
    ['a second block', '10.0.0.0/8 then 11.0.0.0/8'],
    ['a duplicate', '10.0.0.0/8\n10.0.0.0/8'],
  ])('reports %s at the same line and column either way', (_name, text) => {
    const issues = (input: string) => {
      try {
        AllowedIpList.fromText(input);
      } catch (err) {
        return (err as { issues: unknown[] }).issues;
      }
      return [];
    };
    const fast = issues(`192.0.2.0/24\n  ${text}`);
    expect(fast).not.toEqual([]);
    expect(fast).toEqual(issues(`192.0.2.0/24 #\n  ${text.replace(/\n|$/g, ' #$&')}`));
  });
});

describe('check on a list read by fromText (its table built from the packed entries)', () => {
  /** The check rule written the slow, obvious way over `entries()` (docs of AllowedIpList). */
  function slowCheck(list: AllowedIpList, ip: string, category?: ListCategory): CheckResult {
    const address = parseAddress(ip);
    const target = address.mappedIpv4 ? parseAddress(address.mappedIpv4) : address;
    const applies = list
      .entries()
      .filter((entry) => category === undefined || entry.category === null || entry.category === category)
      .filter((entry) => {
        const block = parseBlock(entry.block);
        return block.family === target.family && block.first <= target.value && target.value <= block.last;
      });
    const best = (action: string) =>
      applies
        .filter((entry) => entry.action === action)
        .reduce<ListEntry | null>((found, entry) => (found && found.prefix >= entry.prefix ? found : entry), null);
    const decider = best('deny') ?? best('allow');
    if (!decider) return { allowed: false, block: null, category: null, description: null };
    const result = {
      allowed: decider.action === 'allow',
      block: decider.block,
      category: decider.category,
      description: decider.description,
    };
    if (category !== undefined || result.allowed || result.category === null) return result;
    // Without a category, a category's deny entry closes the address for that category only.
    for (const other of CATEGORIES) {
      const answer = other === result.category ? result : slowCheck(list, ip, other);
      if (answer.allowed) return answer;
    }
    return result;
  }

  it('answers every address and category as the rule written slowly, and as the same list held as entry objects', () => {
    const rnd = prng(12);
    const addresses = [
      ...Array.from({ length: 512 }, (_, host) => `10.0.${host >> 8}.${host & 255}`),
      ...Array.from({ length: 512 }, (_, host) => `2001:db8::${host.toString(16)}`),
      '::ffff:10.0.1.7',
      '10.0.2.0',
    ];
    const same = (left: object, right: object) => JSON.stringify(left) === JSON.stringify(right);
    const differences: string[] = [];
    let denied = 0;
    for (let run = 0; run < 20; run++) {
      const objects = randomSmallList(rnd, { categories: [null, ...CATEGORIES], maxEntries: 12 });
      // Half the entries described (adding the same entry again sets its description), some alike.
      for (const { block, category, action } of objects.entries()) {
        if (rnd() < 0.5) objects.add(block, { category, action, description: `site ${Math.floor(rnd() * 3)}` });
      }
      const packed = AllowedIpList.fromText(objects.toText());
      for (const category of [undefined, ...CATEGORIES]) {
        for (const ip of addresses) {
          const expected = slowCheck(objects, ip, category);
          if (expected.block !== null && !expected.allowed) denied++;
          for (const [name, list] of [
            ['packed', packed],
            ['objects', objects],
          ] as const) {
            const got = list.check(ip, { category });
            if (!same(got, expected))
              differences.push(`${name} ${ip} ${category}: ${JSON.stringify(got)}\n${objects.toText()}`);
          }
        }
      }
    }
    expect(differences.slice(0, 3)).toEqual([]);
    // The lists hold deny entries that decide some addresses: the comparison covers both answers.
    expect(denied).toBeGreaterThan(1000);
  });
});
