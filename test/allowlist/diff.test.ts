import { BlockList } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { ListLike } from '../../src/allowlist/cover.js';
import { diffLists, formatDiff } from '../../src/allowlist/diff.js';
import type { Category, CategoryDiff, ListDiff, ListEntry } from '../../src/allowlist/types.js';
import { compactList as list } from '../support/lists.js';
import { coveredBy, prng, randomSmallList, SMALL_SPACE_ADDRESSES } from '../support/random.js';

function cat(partial: Partial<CategoryDiff>): CategoryDiff {
  return { added: [], removed: [], coverageGained: [], coverageLost: [], ...partial };
}

describe('diffLists', () => {
  it.each<[string, ListLike, ListLike, ListDiff]>([
    [
      'identical lists are no change and list no category',
      list('media 203.0.113.0/24'),
      list('media 203.0.113.0/24'),
      { changed: false, categories: {} },
    ],
    [
      'a /24 rewritten as two /25s is blocks added and removed but no change in coverage',
      list('media 203.0.113.0/24'),
      list('media 203.0.113.0/25', 'media 203.0.113.128/25'),
      {
        changed: false,
        categories: { media: cat({ added: ['203.0.113.0/25', '203.0.113.128/25'], removed: ['203.0.113.0/24'] }) },
      },
    ],
    [
      'a block inside an existing block is added but gains nothing',
      list('api 10.0.0.0/8'),
      list('api 10.0.0.0/8', 'api 10.1.0.0/16'),
      { changed: false, categories: { api: cat({ added: ['10.1.0.0/16'] }) } },
    ],
    [
      'an added category gains its blocks and leaves the other alone',
      list('media 203.0.113.0/24'),
      list('media 203.0.113.0/24', 'turn 198.51.100.0/24'),
      { changed: true, categories: { turn: cat({ added: ['198.51.100.0/24'], coverageGained: ['198.51.100.0/24'] }) } },
    ],
    [
      'a removed category loses its blocks',
      list('media 203.0.113.0/24', 'logging 192.0.2.0/28'),
      list('media 203.0.113.0/24'),
      { changed: true, categories: { logging: cat({ removed: ['192.0.2.0/28'], coverageLost: ['192.0.2.0/28'] }) } },
    ],
    [
      'a deny without a category carves a hole in every category',
      list('media 203.0.113.0/24', 'turn 203.0.113.0/24'),
      list('media 203.0.113.0/24', 'turn 203.0.113.0/24', 'deny 203.0.113.128/25'),
      {
        changed: true,
        categories: {
          media: cat({ coverageLost: ['203.0.113.128/25'] }),
          turn: cat({ coverageLost: ['203.0.113.128/25'] }),
        },
      },
    ],
    [
      'a deny in one category carves a hole in that category only',
      list('media 203.0.113.0/24', 'turn 203.0.113.0/24'),
      list('media 203.0.113.0/24', 'turn 203.0.113.0/24', 'deny media 203.0.113.7'),
      { changed: true, categories: { media: cat({ coverageLost: ['203.0.113.7/32'] }) } },
    ],
    [
      'removing a deny gains the hole back, as a minimal cover',
      list('media 10.0.0.0/24', 'deny media 10.0.0.1', 'deny media 10.0.0.2/31'),
      list('media 10.0.0.0/24'),
      { changed: true, categories: { media: cat({ coverageGained: ['10.0.0.1/32', '10.0.0.2/31'] }) } },
    ],
    [
      'IPv6 blocks come after IPv4 and are written in RFC 5952 form',
      list('media 2001:db8:0:1::/64'),
      list('media 2001:DB8:0:1::/64', 'media 2001:db8::/64', 'media 198.51.100.0/24'),
      {
        changed: true,
        categories: {
          media: cat({
            added: ['198.51.100.0/24', '2001:db8::/64'],
            coverageGained: ['198.51.100.0/24', '2001:db8::/64'],
          }),
        },
      },
    ],
    [
      'added blocks are sorted IPv4 first even before a numerically smaller IPv6 address (::1), then by address, then shorter prefix first',
      list('media 192.0.2.0/24'),
      list('media ::1', 'media 198.51.100.0/25', 'media 198.51.100.0/24', 'media 192.0.2.0/24'),
      {
        changed: true,
        categories: {
          media: cat({
            added: ['198.51.100.0/24', '198.51.100.0/25', '::1/128'],
            coverageGained: ['198.51.100.0/24', '::1/128'],
          }),
        },
      },
    ],
    [
      'IPv6 blocks merging with a neighbour gain only the new half',
      list('turn 2001:db8::/33'),
      list('turn 2001:db8::/32'),
      {
        changed: true,
        categories: {
          turn: cat({ added: ['2001:db8::/32'], removed: ['2001:db8::/33'], coverageGained: ['2001:db8:8000::/33'] }),
        },
      },
    ],
    [
      'an uncategorized block added is gained by uncategorized and by every category the lists name',
      list('media 203.0.113.0/24', '192.0.2.0/24'),
      list('media 203.0.113.0/24', '192.0.2.0/24', '198.51.100.0/24'),
      {
        changed: true,
        categories: {
          media: cat({ coverageGained: ['198.51.100.0/24'] }),
          uncategorized: cat({ added: ['198.51.100.0/24'], coverageGained: ['198.51.100.0/24'] }),
        },
      },
    ],
    [
      'moving a block from uncategorized to media loses it for the other categories only',
      list('198.51.100.0/24', 'turn 203.0.113.0/24'),
      list('media 198.51.100.0/24', 'turn 203.0.113.0/24'),
      {
        changed: true,
        categories: {
          media: cat({ added: ['198.51.100.0/24'] }),
          turn: cat({ coverageLost: ['198.51.100.0/24'] }),
          uncategorized: cat({ removed: ['198.51.100.0/24'], coverageLost: ['198.51.100.0/24'] }),
        },
      },
    ],
    [
      'a block turned from allow into deny is removed and lost',
      list('api 192.0.2.0/24'),
      list('deny api 192.0.2.0/24'),
      { changed: true, categories: { api: cat({ removed: ['192.0.2.0/24'], coverageLost: ['192.0.2.0/24'] }) } },
    ],
    [
      'an IPv6 block shrunk by the IPv4-mapped space alone (check() reads those addresses as IPv4) is no change in coverage',
      list('::fffe:0:0/95'),
      list('::fffe:0:0/96'),
      { changed: false, categories: { uncategorized: cat({ added: ['::fffe:0:0/96'], removed: ['::fffe:0:0/95'] }) } },
    ],
    [
      'a deny over the IPv4-mapped space loses only the IPv6 addresses check() reads as IPv6',
      list('::/0'),
      list('::/0', 'deny ::fffe:0:0/95'),
      { changed: true, categories: { uncategorized: cat({ coverageLost: ['::fffe:0:0/96'] }) } },
    ],
    [
      'a block holding the IPv4-mapped space is still reported whole when it changes',
      list('::/0'),
      list(),
      { changed: true, categories: { uncategorized: cat({ removed: ['::/0'], coverageLost: ['::/0'] }) } },
    ],
  ])('%s', (_name, before, after, expected) => {
    expect(diffLists(before, after)).toEqual(expected);
  });

  it('reads each list once through entries()', () => {
    let calls = 0;
    const counted: ListLike = { entries: () => (calls++, list('media 192.0.2.0/24').entries()) };
    diffLists(counted, counted);
    expect(calls).toBe(2);
  });

  const good = { block: '192.0.2.0/24', family: 4, prefix: 24, category: 'media', description: null, action: 'allow' };
  it.each<[string, unknown, RegExp]>([
    ['null', null, /^newList: expected an allowed IP list \(an object with an entries\(\) method\)$/],
    ['an object without entries()', { check: () => null }, /^newList: expected an allowed IP list/],
    [
      'entries() that is not an array',
      { entries: () => 'media 192.0.2.0/24' },
      /^newList\.entries\(\): expected an array of entries$/,
    ],
    [
      'an entry that is not an object',
      { entries: () => [good, 7] },
      /^newList\.entries\(\)\[1\]: expected an entry object$/,
    ],
    [
      'an entry without a block',
      { entries: () => [{ ...good, block: undefined }] },
      /^newList\.entries\(\)\[0\]\.block: expected CIDR text$/,
    ],
    [
      'an unknown category (instead of ignoring the entry)',
      { entries: () => [{ ...good, category: 'stun' }] },
      /^newList\.entries\(\)\[0\]\.category: stun is not one of media, turn, api, logging or null$/,
    ],
    [
      'a missing category',
      { entries: () => [{ ...good, category: undefined }] },
      /^newList\.entries\(\)\[0\]\.category: undefined is not one of/,
    ],
    [
      'an unknown action',
      { entries: () => [{ ...good, action: 'permit' }] },
      /^newList\.entries\(\)\[0\]\.action: permit is not 'allow' or 'deny'$/,
    ],
    [
      'a category object without a prototype',
      { entries: () => [{ ...good, category: Object.create(null) }] },
      /^newList\.entries\(\)\[0\]\.category: \[object Object\] is not one of/,
    ],
    [
      'an action object without a prototype',
      { entries: () => [{ ...good, action: Object.create(null) }] },
      /^newList\.entries\(\)\[0\]\.action: \[object Object\] is not 'allow'/,
    ],
    [
      'an IPv4-mapped IPv6 block (which check() would never match: an AllowedIpList refuses it)',
      { entries: () => [{ ...good, block: '::ffff:192.0.2.0/120', family: 6, prefix: 120 }] },
      /^newList\.entries\(\)\[0\]\.block: "::ffff:192\.0\.2\.0\/120" is an IPv4-mapped IPv6 block; write the IPv4 block 192\.0\.2\.0\/24 instead \(mapped addresses are checked as IPv4\)$/,
    ],
  ])('refuses as newList %s with a ListArgumentError naming it', (_name, newList, message) => {
    expect(() => diffLists(list(), newList as ListLike)).toThrow(
      expect.objectContaining({
        name: 'ListArgumentError',
        code: 'invalid-list-argument',
        message: expect.stringMatching(message),
      }),
    );
  });

  it('names oldList when the old list is at fault', () => {
    expect(() => diffLists(undefined as unknown as ListLike, list())).toThrow(/^oldList: /);
  });

  it('refuses an entry whose block is not a CIDR block, naming it', () => {
    const bad: ListLike = {
      entries: () => [
        { block: '203.0.113.0/33', family: 4, prefix: 33, category: 'media', description: null, action: 'allow' },
      ],
    };
    expect(() => diffLists(list(), bad)).toThrow(
      expect.objectContaining({ code: 'invalid-address', message: expect.stringContaining('203.0.113.0/33') }),
    );
  });
});

// Coverage against an independent oracle: node:net BlockList holding each entry, and the rule written
// in the TSDoc (own + uncategorized allows, minus own + uncategorized denies), on random small lists.
describe('diffLists coverage agrees with a BlockList oracle', () => {
  const CATS: Array<Category | null> = ['media', 'turn', null];

  function randomList(rand: () => number): ReturnType<typeof list> {
    const lines: string[] = [];
    const n = 1 + Math.floor(rand() * 6);
    for (let i = 0; i < n; i++) {
      const prefix = 24 + Math.floor(rand() * 9); // /24 - /32 inside 10.0.0.0/23
      const offset = Math.floor(rand() * 512) & ~((1 << (32 - prefix)) - 1);
      const c = CATS[Math.floor(rand() * CATS.length)];
      const deny = rand() < 0.3 ? 'deny ' : '';
      lines.push(`${deny}${c ?? ''}${c ? ' ' : ''}10.0.${offset >> 8}.${offset & 255}/${prefix}`);
    }
    return list(...lines);
  }

  function blockList(entries: ListEntry[]): BlockList {
    const b = new BlockList();
    for (const e of entries) b.addSubnet(e.block.split('/')[0]!, e.prefix, 'ipv4');
    return b;
  }

  /** One character per address of 10.0.0.0/23: 1 where `test` holds. */
  function bits(test: (ip: string) => boolean): string {
    let out = '';
    for (let i = 0; i < 512; i++) out += test(`10.0.${i >> 8}.${i & 255}`) ? '1' : '0';
    return out;
  }

  function allowed(entries: ListEntry[], c: Category | 'uncategorized'): string {
    const applies = (e: ListEntry) => e.category === null || e.category === c;
    const allow = blockList(entries.filter((e) => applies(e) && e.action === 'allow'));
    const deny = blockList(entries.filter((e) => applies(e) && e.action === 'deny'));
    return bits((ip) => allow.check(ip, 'ipv4') && !deny.check(ip, 'ipv4'));
  }

  it('gained is exactly allowed-after-and-not-before and lost the reverse, for every address (60 seeded pairs)', () => {
    const rand = prng(77);
    for (let c = 0; c < 60; c++) {
      const before = randomList(rand);
      const after = randomList(rand);
      const diff = diffLists(before, after);
      const named = new Set([...before.all, ...after.all].map((e) => e.category ?? 'uncategorized'));
      let anyChange = false;
      for (const category of ['media', 'turn', 'uncategorized'] as const) {
        if (!named.has(category)) {
          expect(diff.categories[category]).toBeUndefined(); // a category neither list names is not reported
          continue;
        }
        const d = diff.categories[category];
        const gained = blockList(list(...(d?.coverageGained ?? [])).all);
        const lost = blockList(list(...(d?.coverageLost ?? [])).all);
        const was = allowed(before.all, category);
        const is = allowed(after.all, category);
        const expectGained = [...is].map((x, i) => (x === '1' && was[i] === '0' ? '1' : '0')).join('');
        const expectLost = [...was].map((x, i) => (x === '1' && is[i] === '0' ? '1' : '0')).join('');
        expect(
          bits((ip) => gained.check(ip, 'ipv4')),
          `${category} gained`,
        ).toBe(expectGained);
        expect(
          bits((ip) => lost.check(ip, 'ipv4')),
          `${category} lost`,
        ).toBe(expectLost);
        if (was !== is) anyChange = true;
      }
      expect(diff.changed).toBe(anyChange);
    }
  });
});

describe('formatDiff', () => {
  it('says what was gained and lost per block with its size, what was rewritten, and where coverage changed', () => {
    const before = list('media 203.0.113.0/24', 'turn 198.51.100.0/24', 'api 2001:db8::/32');
    const after = list(
      'media 203.0.113.0/25',
      'media 192.0.2.0/24',
      'turn 198.51.100.0/25',
      'turn 198.51.100.128/25',
      'api 2001:db8::/32',
      'deny api 2001:db8:1::/48',
    );
    expect(formatDiff(diffLists(before, after))).toBe(
      [
        'media: +192.0.2.0/24 (256 addresses gained)',
        'media: -203.0.113.128/25 (128 addresses lost)',
        'media: blocks added 192.0.2.0/24, 203.0.113.0/25; removed 203.0.113.0/24',
        'turn: blocks added 198.51.100.0/25, 198.51.100.128/25; removed 198.51.100.0/24; no change in coverage',
        'api: -2001:db8:1::/48 (2^80 addresses lost)',
        'coverage changed in media, api',
        '',
      ].join('\n'),
    );
  });

  it.each<[string, ListLike, ListLike, string]>([
    ['identical lists', list('media 203.0.113.0/24'), list('media 203.0.113.0/24'), 'no change in coverage\n'],
    [
      'a rewrite alone',
      list('203.0.113.0/24'),
      list('203.0.113.0/25', '203.0.113.128/25'),
      'uncategorized: blocks added 203.0.113.0/25, 203.0.113.128/25; removed 203.0.113.0/24; no change in coverage\nno change in coverage\n',
    ],
    [
      'one address',
      list('logging 192.0.2.0/24'),
      list('logging 192.0.2.0/24', 'logging 192.0.3.0/32'),
      'logging: +192.0.3.0/32 (1 address gained)\nlogging: blocks added 192.0.3.0/32\ncoverage changed in logging\n',
    ],
    [
      'a removal only',
      list('api 192.0.2.0/31'),
      list(),
      'api: -192.0.2.0/31 (2 addresses lost)\napi: blocks removed 192.0.2.0/31\ncoverage changed in api\n',
    ],
    [
      'a deny added (only the coverage says so)',
      list('media 203.0.113.0/24'),
      list('media 203.0.113.0/24', 'deny media 203.0.113.7'),
      'media: -203.0.113.7/32 (1 address lost)\ncoverage changed in media\n',
    ],
    [
      'an IPv6 /64 gained',
      list(),
      list('turn 2001:db8::/64'),
      'turn: +2001:db8::/64 (2^64 addresses gained)\nturn: blocks added 2001:db8::/64\ncoverage changed in turn\n',
    ],
    [
      'the whole IPv4 space',
      list(),
      list('0.0.0.0/0'),
      'uncategorized: +0.0.0.0/0 (2^32 addresses gained)\nuncategorized: blocks added 0.0.0.0/0\ncoverage changed in uncategorized\n',
    ],
  ])('words %s', (_name, before, after, text) => {
    expect(formatDiff(diffLists(before, after))).toBe(text);
  });
});

// The list's own check() is the reference for what a category allows before and after.
describe('diffLists agrees with AllowedIpList.check', () => {
  const CATS: Array<Category | null> = ['media', 'turn', null];

  it('a named category gains exactly the addresses check(ip, { category }) newly allows, and loses the reverse (60 seeded pairs, IPv4 and IPv6)', () => {
    const rand = prng(4242);
    for (let c = 0; c < 60; c++) {
      const before = randomSmallList(rand, { categories: CATS, maxEntries: 7 });
      const after = randomSmallList(rand, { categories: CATS, maxEntries: 7 });
      const diff = diffLists(before, after);
      const named = new Set([...before.entries(), ...after.entries()].map((e) => e.category ?? 'uncategorized'));
      for (const category of ['media', 'turn'] as const) {
        if (!named.has(category)) continue;
        const d = diff.categories[category];
        const gained = coveredBy(d?.coverageGained ?? []);
        const lost = coveredBy(d?.coverageLost ?? []);
        const was = (ip: string) => before.check(ip, { category }).allowed;
        const is = (ip: string) => after.check(ip, { category }).allowed;
        const context = `${category}:\n${before.toText()}---\n${after.toText()}`;
        expect(SMALL_SPACE_ADDRESSES.filter(gained), context).toEqual(
          SMALL_SPACE_ADDRESSES.filter((ip) => is(ip) && !was(ip)),
        );
        expect(SMALL_SPACE_ADDRESSES.filter(lost), context).toEqual(
          SMALL_SPACE_ADDRESSES.filter((ip) => was(ip) && !is(ip)),
        );
      }
    }
  });
});
