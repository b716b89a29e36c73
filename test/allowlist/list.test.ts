import { describe, expect, it } from 'vitest';
import { AllowedIpList } from '../../src/allowlist/list.js';
import { AddressParseError, parseBlock } from '../../src/allowlist/address.js';
import { ListEntryError, ListParseError } from '../../src/allowlist/errors.js';
import type { AllowedIpListJson, ListParseIssue } from '../../src/allowlist/types.js';
import { parseListText } from '../../src/preflight/list.js';

const SAMPLE = `# Vonage Video allowed IP list, pasted from the account page
10.99.0.0/16                 # uncategorized: applies to every server

Media servers
203.0.113.0/24   Frankfurt media
2001:DB8:10::/48 - Frankfurt media v6   # trailing comment
deny 203.0.113.128/25  maintenance window

TURN servers:
198.51.100.0/24
! 198.51.100.7

[api]
192.0.2.10  API server

logging servers
192.0.2.20/32
`;

function issuesOf(fn: () => unknown): ListParseIssue[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ListParseError);
    expect((err as ListParseError).code).toBe('list-parse');
    return (err as ListParseError).issues;
  }
  throw new Error('did not throw');
}

describe('AllowedIpList.fromText', () => {
  it('reads entries, headings, descriptions, comments and deny entries', () => {
    const list = AllowedIpList.fromText(SAMPLE);
    expect(list.size).toBe(8);
    expect(list.entries()).toEqual([
      { block: '10.99.0.0/16', family: 4, prefix: 16, category: null, description: null, action: 'allow' },
      {
        block: '203.0.113.0/24',
        family: 4,
        prefix: 24,
        category: 'media',
        description: 'Frankfurt media',
        action: 'allow',
      },
      {
        block: '203.0.113.128/25',
        family: 4,
        prefix: 25,
        category: 'media',
        description: 'maintenance window',
        action: 'deny',
      },
      {
        block: '2001:db8:10::/48',
        family: 6,
        prefix: 48,
        category: 'media',
        description: 'Frankfurt media v6',
        action: 'allow',
      },
      { block: '198.51.100.0/24', family: 4, prefix: 24, category: 'turn', description: null, action: 'allow' },
      { block: '198.51.100.7/32', family: 4, prefix: 32, category: 'turn', description: null, action: 'deny' },
      { block: '192.0.2.10/32', family: 4, prefix: 32, category: 'api', description: 'API server', action: 'allow' },
      { block: '192.0.2.20/32', family: 4, prefix: 32, category: 'logging', description: null, action: 'allow' },
    ]);
  });

  it.each([
    ['Media servers', 'media'],
    ['MEDIA SERVER', 'media'],
    ['[media]', 'media'],
    ['[ Media ]', 'media'],
    ['TURN servers', 'turn'],
    ['turn:', 'turn'],
    ['API server', 'api'],
    ['api servers', 'api'],
    ['Logging servers', 'logging'],
    ['Log servers', 'logging'],
    ['[logging]', 'logging'],
    ['All servers', null],
    ['[all]', null],
    ['Media \t  servers', 'media'],
  ])('reads the heading %j as category %j', (heading, category) => {
    const list = AllowedIpList.fromText(`[turn]\n${heading}\n192.0.2.1\n`);
    expect(list.entries()[0]!.category).toBe(category);
  });

  it.each([
    ['Log'],
    ['All server'],
    ['Uncategorized servers'],
    ['[media::]'],
    ['Media servers x'],
    ['[all servers x]'],
  ])('refuses %j, which is no heading, instead of taking a category from it', (heading) => {
    expect(issuesOf(() => AllowedIpList.fromText(`${heading}\n192.0.2.1\n`))).toEqual([
      {
        line: 1,
        column: 1,
        text: heading,
        reason: expect.stringMatching(/^(neither an IP block nor a known heading; )?headings are Media servers, /),
      },
    ]);
  });

  it.each([['uncategorized'], ['Log server'], ['[ALL]'], ['all servers :']])('reads %j as a heading', (heading) => {
    expect(AllowedIpList.fromText(`${heading}\n192.0.2.1\n`).size).toBe(1);
  });

  it('collects every problem with line, column, text and reason, and returns no list', () => {
    const text = [
      'Media servers',
      '10.0.0.1/8',
      '  127.1  loopback',
      'Databases',
      'deny',
      '192.0.2.0/24 198.51.100.0/24',
      '192.0.2.0/24',
      '192.0.2.0/24 - again',
      '::ffff:192.0.2.0/120',
      '[media',
      '1.2.3.04',
    ].join('\n');
    const issues = issuesOf(() => AllowedIpList.fromText(text));
    expect(issues).toEqual([
      { line: 2, column: 1, text: '10.0.0.1/8', reason: 'host bits set; did you mean 10.0.0.0/8?' },
      { line: 3, column: 3, text: '127.1', reason: expect.stringMatching(/has 2 parts/) },
      {
        line: 4,
        column: 1,
        text: 'Databases',
        reason: expect.stringMatching(/neither an IP block nor a known heading/),
      },
      { line: 5, column: 1, text: 'deny', reason: "'deny' must be followed by a block" },
      {
        line: 6,
        column: 1,
        text: '192.0.2.0/24',
        reason: expect.stringMatching(/a second block '198\.51\.100\.0\/24' on the same line/),
      },
      { line: 8, column: 1, text: '192.0.2.0/24', reason: 'duplicate of line 7 (same block, category and action)' },
      {
        line: 9,
        column: 1,
        text: '::ffff:192.0.2.0/120',
        reason: expect.stringMatching(/IPv4-mapped IPv6 block; write the IPv4 block 192\.0\.2\.0\/24/),
      },
      { line: 10, column: 1, text: '[media', reason: "a bracketed heading must end with ']'" },
      { line: 11, column: 1, text: '1.2.3.04', reason: expect.stringMatching(/leading zero/) },
    ]);
  });

  it('names the first issues in the error message', () => {
    expect(() => AllowedIpList.fromText('x\n10.0.0.1/8\n')).toThrow(
      /The allowed IP list text has 2 problems: line 1:1 "x": .*; line 2:1 "10\.0\.0\.1\/8": host bits set; did you mean 10\.0\.0\.0\/8\?/,
    );
  });

  it.each([
    ['192.0.2.0/24 Frankfurt 198.51.100.0/24 Paris', '198.51.100.0/24'],
    ['192.0.2.0/24 , 198.51.100.0/24', '198.51.100.0/24'],
    ['192.0.2.0/24 and 2001:db8::/32', '2001:db8::/32'],
    ['deny 192.0.2.7 - also 192.0.2.9', '192.0.2.9'],
    // trailing punctuation or host bits set: still a second block, named without the punctuation
    ['192.0.2.0/24 also 198.51.100.0/24;', '198.51.100.0/24'],
    ['192.0.2.0/24 also 198.51.100.0/24,', '198.51.100.0/24'],
    ['192.0.2.0/24 and 10.0.0.1/8', '10.0.0.1/8'],
  ])(
    'refuses a line with a second block anywhere after the first (%j), so a pasted list is never half read',
    (line, second) => {
      expect(issuesOf(() => AllowedIpList.fromText(`${line}\n`))).toEqual([
        expect.objectContaining({
          line: 1,
          reason: `a second block '${second}' on the same line; write one entry a line`,
        }),
      ]);
    },
  );

  it('normalizes host bits when asked', () => {
    expect(AllowedIpList.fromText('10.0.0.1/8\n', { normalize: true }).entries()[0]!.block).toBe('10.0.0.0/8');
  });

  it('accepts CRLF line ends and a byte order mark', () => {
    const list = AllowedIpList.fromText('\uFEFF10.0.0.0/8\r\n[turn]\r\n192.0.2.1\r\n');
    expect(list.entries().map((e) => [e.block, e.category])).toEqual([
      ['10.0.0.0/8', null],
      ['192.0.2.1/32', 'turn'],
    ]);
  });

  it('orders the entries of a category by address, then shorter prefix first, then allow before deny, whatever the text order', () => {
    const list = AllowedIpList.fromText('10.0.0.0/16\ndeny 10.0.0.0/8\n10.0.0.0/8\n9.0.0.0/8\n');
    expect(list.entries().map((e) => `${e.action} ${e.block}`)).toEqual([
      'allow 9.0.0.0/8',
      'allow 10.0.0.0/8',
      'deny 10.0.0.0/8',
      'allow 10.0.0.0/16',
    ]);
  });

  it('keeps the same block under two headings as two entries', () => {
    expect(AllowedIpList.fromText('[media]\n192.0.2.0/24\n[turn]\n192.0.2.0/24\n').size).toBe(2);
  });

  it.each([[null], [42], [undefined]])('refuses %j instead of text with list-parse', (value) => {
    expect(issuesOf(() => AllowedIpList.fromText(value as never))[0]!.reason).toMatch(/expected a string/);
  });

  it('reads an empty text as an empty list', () => {
    expect(AllowedIpList.fromText('# nothing\n\n').size).toBe(0);
  });

  it('orders IPv4 before IPv6 within a category even when the IPv6 address is numerically smaller', () => {
    const list = AllowedIpList.fromText('::/0\n::1.2.3.4\n10.0.0.0/8\n');
    expect(list.entries().map((e) => e.block)).toEqual(['10.0.0.0/8', '::/0', '::102:304/128']);
  });

  it.each([
    ['\t127.1', 2],
    [' \t 127.1', 4],
    ['\uFEFF127.1', 2],
    ['\uFEFF  127.1 # x', 4],
  ])('counts tabs and a byte order mark in the column of an issue (%j: column %d)', (line, column) => {
    expect(issuesOf(() => AllowedIpList.fromText(`${line}\n`))).toEqual([
      expect.objectContaining({ line: 1, column, text: '127.1' }),
    ]);
  });

  it.each([
    ['fe80::/10', 'fe80::/10', 'allow', null],
    ['FE80::1 link local', 'fe80::1/128', 'allow', 'link local'],
    ['abcd:ef01::/32 - v6', 'abcd:ef01::/32', 'allow', 'v6'],
    ['DENY 192.0.2.1', '192.0.2.1/32', 'deny', null],
    ['Deny fe80::/10', 'fe80::/10', 'deny', null],
    ['!192.0.2.1', '192.0.2.1/32', 'deny', null],
    ['192.0.2.0/24 \u2013 Frankfurt', '192.0.2.0/24', 'allow', 'Frankfurt'],
    ['192.0.2.0/24 - Frankfurt', '192.0.2.0/24', 'allow', 'Frankfurt'],
    ['192.0.2.0/24 -Frankfurt', '192.0.2.0/24', 'allow', '-Frankfurt'],
  ])('reads the line %j as %s (%s, description %j)', (line, block, action, description) => {
    expect(AllowedIpList.fromText(`${line}\n`).entries()).toEqual([
      expect.objectContaining({ block, action, description }),
    ]);
  });

  it.each([
    ['deny192.0.2.1', /unexpected character 'd' in part 'deny192'/],
    ['deny localhost', /^neither an IPv4 dotted quad nor an IPv6 address$/],
    ['! media', /^neither an IPv4 dotted quad nor an IPv6 address$/],
    ['ff/64', /^neither an IPv4 dotted quad nor an IPv6 address$/],
    ['x/24 media', /^neither an IPv4 dotted quad nor an IPv6 address$/],
    ['fe80::1%eth0', /zone ids/],
    ['abc', /^neither an IP block nor a known heading/],
  ])(
    'gives %j the reason of what it looks like (a block after deny, or with . : /), not a heading error',
    (line, reason) => {
      expect(issuesOf(() => AllowedIpList.fromText(`${line}\n`))).toEqual([
        expect.objectContaining({ line: 1, reason: expect.stringMatching(reason) }),
      ]);
    },
  );
});

describe('round trips', () => {
  it('text -> list -> text is stable and keeps every entry', () => {
    const list = AllowedIpList.fromText(SAMPLE);
    const text = list.toText();
    expect(text).toBe(
      [
        '10.99.0.0/16',
        '',
        'Media servers',
        '203.0.113.0/24 - Frankfurt media',
        'deny 203.0.113.128/25 - maintenance window',
        '2001:db8:10::/48 - Frankfurt media v6',
        '',
        'TURN servers',
        '198.51.100.0/24',
        'deny 198.51.100.7/32',
        '',
        'API server',
        '192.0.2.10/32 - API server',
        '',
        'Logging servers',
        '192.0.2.20/32',
        '',
      ].join('\n'),
    );
    const again = AllowedIpList.fromText(text);
    expect(again.entries()).toEqual(list.entries());
    expect(again.toText()).toBe(text);
  });

  it('keeps a description that itself starts with a dash', () => {
    const list = new AllowedIpList();
    list.add('192.0.2.0/24', { description: '- odd' });
    expect(AllowedIpList.fromText(list.toText()).entries()[0]!.description).toBe('- odd');
  });

  it.each([
    ...[
      ['10.0.0.0/8 backup'],
      ['192.0.2.1'],
      ['::1 loopback'],
      ['10.0.0.0/8, old'],
      ['site 10.0.0.0/8'],
      ['NAT for 192.0.2.1'],
    ].map(
      ([d]) => [d!, 'a block, which the text form would read as a second block', /cannot hold an IP block/] as const,
    ),
    ...[[' Frankfurt'], ['Frankfurt '], ['   '], ['\u00a0Frankfurt'], ['Frankfurt\t']].map(
      ([d]) => [d!, 'whitespace at either end, which the text form would trim', /whitespace/] as const,
    ),
  ])('refuses the description %j in add and fromJSON (%s)', (description, _why, reason) => {
    const list = new AllowedIpList();
    expect(() => list.add('192.0.2.0/24', { description })).toThrow(ListEntryError);
    const json: AllowedIpListJson = {
      schemaVersion: 1,
      syncToken: '1',
      createDate: '2026-01-02-03-04-05',
      prefixes: [{ ip_prefix: '192.0.2.0/24', category: null, description }],
      ipv6_prefixes: [],
    };
    expect(issuesOf(() => AllowedIpList.fromJSON(json))).toEqual([
      {
        line: 0,
        column: 0,
        text: `$.prefixes[0].description = ${JSON.stringify(description)}`,
        reason: expect.stringMatching(reason),
      },
    ]);
  });

  it.each([['v1.2 rack'], ['1.2'], ['at 10:30'], ['a:b'], ['10.0.0.0.0'], ['a\tb  c']])(
    'keeps a description with a dot or colon that is not a block (%j) through text',
    (description) => {
      const list = new AllowedIpList();
      list.add('192.0.2.0/24', { description });
      expect(AllowedIpList.fromText(list.toText()).entries()).toEqual(list.entries());
    },
  );

  it('JSON -> list -> JSON is identical, and text and JSON carry the same entries', () => {
    const list = AllowedIpList.fromText(SAMPLE);
    const json = list.toJSON({ createDate: new Date(Date.UTC(2026, 10, 23, 15, 4, 5)) });
    expect(json.createDate).toBe('2026-11-23-15-04-05');
    expect(json.syncToken).toBe(String(Date.UTC(2026, 10, 23, 15, 4, 5) / 1000));
    expect(json.prefixes[0]).toEqual({ ip_prefix: '10.99.0.0/16', category: null });
    expect(json.prefixes[2]).toEqual({
      ip_prefix: '203.0.113.128/25',
      category: 'media',
      description: 'maintenance window',
      action: 'deny',
    });
    expect(json.ipv6_prefixes).toEqual([
      { ipv6_prefix: '2001:db8:10::/48', category: 'media', description: 'Frankfurt media v6' },
    ]);
    const back = AllowedIpList.fromJSON(JSON.stringify(json));
    expect(back.toJSON()).toEqual(json);
    expect(AllowedIpList.fromJSON(json).entries()).toEqual(list.entries());
  });

  it('reads JSON text that starts with a byte order mark, as fromText does', () => {
    const text = JSON.stringify(AllowedIpList.fromText('[media]\n192.0.2.0/24\n').toJSON());
    expect(AllowedIpList.fromJSON(`\uFEFF${text}`).entries()).toEqual(AllowedIpList.fromJSON(text).entries());
  });

  it.each<[string, object, string]>([
    ['an empty syncToken', { syncToken: '' }, 'syncToken'],
    ['a syncToken that is not a string', { syncToken: 42 }, 'syncToken'],
    ['a createDate that is not a Date', { createDate: '2026-01-02' }, 'createDate'],
    ['an invalid Date', { createDate: new Date(Number.NaN) }, 'createDate'],
    ['a createDate after year 9999', { createDate: new Date(Date.UTC(10000, 0, 1)) }, 'createDate'],
    ['a createDate before year 1000', { createDate: new Date(Date.UTC(999, 0, 1)) }, 'createDate'],
  ])('toJSON refuses %s with invalid-entry instead of writing JSON fromJSON refuses', (_name, options, field) => {
    const list = AllowedIpList.fromText('192.0.2.0/24\n');
    expect(() => list.toJSON(options as never)).toThrow(ListEntryError);
    expect(() => list.toJSON(options as never)).toThrow(expect.objectContaining({ code: 'invalid-entry', field }));
  });

  it.each([[new Date(Date.UTC(1000, 0, 1))], [new Date(Date.UTC(9999, 11, 31, 23, 59, 59))]])(
    'toJSON writes a createDate fromJSON reads back at the edge of 4-digit years (%s)',
    (createDate) => {
      const json = AllowedIpList.fromText('192.0.2.0/24\n').toJSON({ createDate });
      expect(AllowedIpList.fromJSON(json).toJSON()).toEqual(json);
    },
  );

  it('writes a new createDate once the list read from JSON changes', () => {
    const json = AllowedIpList.fromText('192.0.2.0/24\n').toJSON({ createDate: new Date(0) });
    const list = AllowedIpList.fromJSON(json);
    list.add('198.51.100.0/24');
    expect(list.toJSON().createDate).not.toBe('1970-01-01-00-00-00');
  });
});

describe('AllowedIpList.fromJSON validation', () => {
  const good = (): AllowedIpListJson => ({
    schemaVersion: 1,
    syncToken: '1',
    createDate: '2026-01-02-03-04-05',
    prefixes: [{ ip_prefix: '192.0.2.0/24', category: 'media' }],
    ipv6_prefixes: [],
  });

  it.each([
    ['schemaVersion 2', (j: any) => (j.schemaVersion = 2), '$.schemaVersion = 2', /unknown schemaVersion/],
    [
      'a bad createDate',
      (j: any) => (j.createDate = '2026-02-30-00-00-00'),
      '$.createDate = "2026-02-30-00-00-00"',
      /YYYY-MM-DD-hh-mm-ss/,
    ],
    [
      'a createDate at hour 24',
      (j: any) => (j.createDate = '2026-01-02-24-00-00'),
      '$.createDate = "2026-01-02-24-00-00"',
      /YYYY-MM-DD-hh-mm-ss/,
    ],
    [
      'a createDate at minute 60',
      (j: any) => (j.createDate = '2026-01-02-03-60-00'),
      '$.createDate = "2026-01-02-03-60-00"',
      /YYYY-MM-DD-hh-mm-ss/,
    ],
    [
      'a createDate at second 60',
      (j: any) => (j.createDate = '2026-01-02-03-04-60'),
      '$.createDate = "2026-01-02-03-04-60"',
      /YYYY-MM-DD-hh-mm-ss/,
    ],
    ['an empty syncToken', (j: any) => (j.syncToken = ''), '$.syncToken = ""', /non-empty string/],
    ['an unknown top-level field', (j: any) => (j.region = 'x'), '$.region = "x"', /unknown field/],
    [
      'a loose address',
      (j: any) => (j.prefixes[0].ip_prefix = '127.1/32'),
      '$.prefixes[0].ip_prefix = "127.1/32"',
      /has 2 parts/,
    ],
    [
      'host bits',
      (j: any) => (j.prefixes[0].ip_prefix = '192.0.2.1/24'),
      '$.prefixes[0].ip_prefix = "192.0.2.1/24"',
      /did you mean 192\.0\.2\.0\/24/,
    ],
    [
      'IPv6 in prefixes',
      (j: any) => (j.prefixes[0].ip_prefix = '2001:db8::/32'),
      '$.prefixes[0].ip_prefix = "2001:db8::/32"',
      /put it in ipv6_prefixes/,
    ],
    [
      'IPv4 in ipv6_prefixes',
      (j: any) => j.ipv6_prefixes.push({ ipv6_prefix: '10.0.0.0/8', category: null }),
      '$.ipv6_prefixes[0].ipv6_prefix = "10.0.0.0/8"',
      /put it in prefixes/,
    ],
    [
      'an unknown category',
      (j: any) => (j.prefixes[0].category = 'video'),
      '$.prefixes[0].category = "video"',
      /is not one of media, turn, api, logging or null/,
    ],
    [
      'a missing category',
      (j: any) => delete j.prefixes[0].category,
      '$.prefixes[0].category = undefined',
      /is not one of media, turn, api, logging or null/,
    ],
    [
      'a bad action',
      (j: any) => (j.prefixes[0].action = 'block'),
      '$.prefixes[0].action = "block"',
      /'allow' or 'deny'/,
    ],
    [
      'a description with #',
      (j: any) => (j.prefixes[0].description = 'a # b'),
      '$.prefixes[0].description = "a # b"',
      /cannot contain '#'/,
    ],
    [
      'an unknown entry field',
      (j: any) => (j.prefixes[0].region = 'eu'),
      '$.prefixes[0].region = "eu"',
      /unknown field/,
    ],
    [
      'a duplicate',
      (j: any) => j.prefixes.push({ ip_prefix: '192.0.2.0/24', category: 'media' }),
      '$.prefixes[1].ip_prefix = "192.0.2.0/24"',
      /duplicate of \$\.prefixes\[0\]/,
    ],
    ['prefixes not an array', (j: any) => (j.prefixes = {}), '$.prefixes = {}', /expected an array/],
  ])('refuses %s, naming the JSON path', (_name, mutate, text, reason) => {
    const j = good();
    mutate(j);
    const issues = issuesOf(() => AllowedIpList.fromJSON(j));
    expect(issues).toEqual([{ line: 0, column: 0, text, reason: expect.stringMatching(reason) }]);
  });

  it.each([
    ['0999-12-31-23-59-59', true],
    ['0100-01-01-00-00-00', true],
    ['0099-01-01-00-00-00', false],
    ['2024-02-29-00-00-00', true],
    ['2023-02-29-00-00-00', false],
    ['2026-1-02-03-04-05', false],
    ['2026-01-02T03:04:05', false],
  ])('reads the createDate %j: %j (a real date, four-digit year, not 0000-0099)', (createDate, ok) => {
    const j = { ...good(), createDate };
    if (ok) expect(AllowedIpList.fromJSON(j).toJSON().createDate).toBe(createDate);
    else
      expect(issuesOf(() => AllowedIpList.fromJSON(j)).map((i) => i.text)).toEqual([`$.createDate = "${createDate}"`]);
  });

  it.each<[string, (j: any) => void, string]>([
    ['a BigInt schemaVersion', (j) => (j.schemaVersion = 1n), '$.schemaVersion = 1n'],
    [
      'a circular value',
      (j) => {
        j.prefixes[0].region = j;
      },
      '$.prefixes[0].region = [object Object]',
    ],
    [
      'an object without a prototype',
      (j) => {
        j.prefixes[0].region = Object.create(null);
      },
      '$.prefixes[0].region = {}',
    ],
  ])('names %s in the issue instead of throwing a bare TypeError', (_name, mutate, text) => {
    const j = good();
    mutate(j);
    expect(issuesOf(() => AllowedIpList.fromJSON(j)).map((i) => i.text)).toEqual([text]);
  });

  it.each<[string, () => unknown, string]>([
    ['add with a BigInt category', () => new AllowedIpList().add('10.0.0.0/8', { category: 1n as never }), 'category'],
    ['add with a BigInt action', () => new AllowedIpList().add('10.0.0.0/8', { action: 1n as never }), 'action'],
    [
      'check with a BigInt category',
      () => new AllowedIpList().check('10.0.0.1', { category: 1n as never }),
      'category',
    ],
  ])('%s is refused with ListEntryError, not a bare TypeError', (_name, call, field) => {
    expect(call).toThrow(
      expect.objectContaining({ code: 'invalid-entry', field, message: expect.stringContaining('1n') }),
    );
  });

  it('collects several problems at once', () => {
    const j = good() as any;
    j.schemaVersion = 3;
    j.prefixes.push({ ip_prefix: '0177.0.0.1', category: 'turn' }, { ip_prefix: '10.0.0.0/8', category: 'x' });
    expect(issuesOf(() => AllowedIpList.fromJSON(j)).map((i) => i.text)).toEqual([
      '$.schemaVersion = 3',
      '$.prefixes[1].ip_prefix = "0177.0.0.1"',
      '$.prefixes[2].category = "x"',
    ]);
  });

  it('locates a JSON syntax error by line and column', () => {
    const issues = issuesOf(() => AllowedIpList.fromJSON('{\n  "schemaVersion": 1,\n  oops\n}'));
    expect(issues[0]).toMatchObject({
      line: 3,
      column: 3,
      text: '$',
      reason: expect.stringMatching(/^not valid JSON/),
    });
  });

  it.each([['[]'], ['null'], ['"x"']])('refuses %s as not an object', (text) => {
    expect(issuesOf(() => AllowedIpList.fromJSON(text))[0]!.reason).toBe('expected an object');
  });

  it('reports the top-level JSON fields in schema order: schemaVersion, syncToken, createDate, prefixes, ipv6_prefixes', () => {
    const json = { ipv6_prefixes: 1, prefixes: 2, createDate: 'x', syncToken: '', schemaVersion: 2 };
    expect(issuesOf(() => AllowedIpList.fromJSON(json as never)).map((i) => i.text)).toEqual([
      '$.schemaVersion = 2',
      '$.syncToken = ""',
      '$.createDate = "x"',
      '$.prefixes = 2',
      '$.ipv6_prefixes = 1',
    ]);
  });

  it.each([
    [58, `"${'x'.repeat(58)}"`],
    [59, `"${'x'.repeat(56)}...`],
    [100, `"${'x'.repeat(56)}...`],
  ])('shows an unknown field holding %d characters as %j', (n, shown) => {
    const json = {
      schemaVersion: 1,
      syncToken: '1',
      createDate: '2026-01-02-03-04-05',
      prefixes: [],
      ipv6_prefixes: [],
      region: 'x'.repeat(n),
    };
    expect(issuesOf(() => AllowedIpList.fromJSON(json as never)).map((i) => i.text)).toEqual([`$.region = ${shown}`]);
  });

  describe('refuses a bad entry with one issue each, and never also as a duplicate', () => {
    const doc = (prefixes: unknown[], ipv6_prefixes: unknown[] = []) => ({
      schemaVersion: 1,
      syncToken: '1',
      createDate: '2026-01-02-03-04-05',
      prefixes,
      ipv6_prefixes,
    });

    it.each<[string, unknown[], unknown[], [string, RegExp][]]>([
      [
        'a string, an array and a number as entries',
        ['10.0.0.0/8', [], 5],
        [],
        [
          ['$.prefixes[0] = "10.0.0.0/8"', /^expected an object$/],
          ['$.prefixes[1] = []', /^expected an object$/],
          ['$.prefixes[2] = 5', /^expected an object$/],
        ],
      ],
      [
        'a block that is not a string',
        [{ ip_prefix: 42, category: null }],
        [],
        [['$.prefixes[0].ip_prefix = 42', /^expected a CIDR block string$/]],
      ],
      [
        'an IPv4-mapped IPv6 block',
        [],
        [{ ipv6_prefix: '::ffff:192.0.2.0/120', category: null }],
        [
          [
            '$.ipv6_prefixes[0].ipv6_prefix = "::ffff:192.0.2.0/120"',
            /IPv4-mapped IPv6 block; write the IPv4 block 192\.0\.2\.0\/24/,
          ],
        ],
      ],
      [
        'two bad blocks (each once, never also as a duplicate)',
        [
          { ip_prefix: 'x', category: null },
          { ip_prefix: 'y', category: null },
        ],
        [],
        [
          ['$.prefixes[0].ip_prefix = "x"', /neither an IPv4/],
          ['$.prefixes[1].ip_prefix = "y"', /neither an IPv4/],
        ],
      ],
    ])('refuses %s with one issue each', (_name, prefixes, ipv6, want) => {
      expect(
        issuesOf(() => AllowedIpList.fromJSON(doc(prefixes, ipv6) as never)).map((i) => [i.text, i.reason]),
      ).toEqual(want.map(([text, reason]) => [text, expect.stringMatching(reason)]));
    });
  });

  describe('refuses a bad field value with one issue naming its JSON path', () => {
    const doc = (change: Record<string, unknown>, entry: Record<string, unknown> = {}) => ({
      schemaVersion: 1,
      syncToken: '1',
      createDate: '2026-01-02-03-04-05',
      prefixes: [{ ip_prefix: '192.0.2.0/24', category: null, ...entry }],
      ipv6_prefixes: [],
      ...change,
    });
    it.each<[string, Record<string, unknown>, Record<string, unknown>, string, RegExp]>([
      ['schemaVersion "1" (a string)', { schemaVersion: '1' }, {}, '$.schemaVersion = "1"', /unknown schemaVersion/],
      ['action null', {}, { action: null }, '$.prefixes[0].action = null', /is not 'allow' or 'deny'/],
      ['description null', {}, { description: null }, '$.prefixes[0].description = null', /^is not a string$/],
      ['description 5', {}, { description: 5 }, '$.prefixes[0].description = 5', /^is not a string$/],
      [
        'a description with a carriage return',
        {},
        { description: 'a\rb' },
        '$.prefixes[0].description = "a\\rb"',
        /line break/,
      ],
      [
        'a description with a line feed',
        {},
        { description: 'a\nb' },
        '$.prefixes[0].description = "a\\nb"',
        /line break/,
      ],
      [
        'a createDate with text after it',
        { createDate: '2026-01-02-03-04-05x' },
        {},
        '$.createDate = "2026-01-02-03-04-05x"',
        /YYYY-MM-DD-hh-mm-ss/,
      ],
      [
        'a createDate in an array',
        { createDate: ['2026-01-02-03-04-05'] },
        {},
        '$.createDate = ["2026-01-02-03-04-05"]',
        /YYYY-MM-DD-hh-mm-ss/,
      ],
      ['an unknown field holding a symbol', { region: Symbol('x') }, {}, '$.region = Symbol(x)', /^unknown field$/],
    ])('refuses %s', (_name, change, entry, text, reason) => {
      expect(issuesOf(() => AllowedIpList.fromJSON(doc(change, entry) as never))).toEqual([
        { line: 0, column: 0, text, reason: expect.stringMatching(reason) },
      ]);
    });
  });
});

describe('add, remove and entries', () => {
  it('add puts a new entry in order and replaces the description of a duplicate', () => {
    const list = new AllowedIpList();
    list.add('198.51.100.0/24', { category: 'turn' });
    list.add('192.0.2.0/24', { category: 'media', description: 'one' });
    list.add('192.0.2.0/24', { category: 'media', description: 'two' });
    list.add('2001:db8::/32');
    expect(list.size).toBe(3);
    expect(list.entries().map((e) => `${e.category}:${e.block}:${e.description}`)).toEqual([
      'null:2001:db8::/32:null',
      'media:192.0.2.0/24:two',
      'turn:198.51.100.0/24:null',
    ]);
    expect(list.check('192.0.2.9')).toEqual({
      allowed: true,
      block: '192.0.2.0/24',
      category: 'media',
      description: 'two',
    });
  });

  it.each([
    ['an unknown category', { category: 'video' }, 'category', /not one of media, turn, api, logging/],
    ['an unknown action', { action: 'drop' }, 'action', /not 'allow' or 'deny'/],
    ['a description with a line break', { description: 'a\nb' }, 'description', /line break/],
    ['a description with #', { description: 'a#b' }, 'description', /'#'/],
  ])('add refuses %s', (_n, options, field, message) => {
    const list = new AllowedIpList();
    try {
      list.add('192.0.2.0/24', options as never);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ListEntryError);
      expect(err).toMatchObject({ code: 'invalid-entry', field });
      expect((err as Error).message).toMatch(message);
    }
    expect(list.size).toBe(0);
  });

  it.each<[string, unknown, string]>([
    ['an unknown category', { category: 'Media' }, 'category'],
    ['an unknown action', { action: 'Deny' }, 'action'],
    ['a query that is not an object', null, 'query'],
  ])('entries and remove refuse %s with invalid-entry instead of matching nothing', (_n, query, field) => {
    const list = AllowedIpList.fromText('[media]\n192.0.2.0/24\ndeny 192.0.2.7\n');
    for (const call of [() => list.entries(query as never), () => list.remove(query as never)]) {
      expect(call).toThrow(ListEntryError);
      expect(call).toThrow(expect.objectContaining({ code: 'invalid-entry', field }));
    }
    expect(list.size).toBe(2);
  });

  it('add refuses a malformed block and an IPv4-mapped block', () => {
    const list = new AllowedIpList();
    expect(() => list.add('10.0.0.1/8')).toThrow(AddressParseError);
    expect(() => list.add('::ffff:10.0.0.0/104')).toThrow(/write the IPv4 block 10\.0\.0\.0\/8/);
    expect(list.add('10.0.0.1/8', { normalize: true }).block).toBe('10.0.0.0/8');
  });

  it('remove(block) removes every entry of that block and returns the count', () => {
    const list = AllowedIpList.fromText(
      '[media]\n192.0.2.0/24\ndeny 192.0.2.0/24\n[turn]\n192.0.2.0/24\n198.51.100.0/24\n',
    );
    expect(list.remove('192.0.2.0/24')).toBe(3);
    expect(list.remove('192.0.2.0/24')).toBe(0);
    expect(list.entries().map((e) => e.block)).toEqual(['198.51.100.0/24']);
    expect(list.check('192.0.2.1').allowed).toBe(false);
  });

  it('remove({ containsIp }) removes every block holding the address, mapped addresses as IPv4', () => {
    const list = AllowedIpList.fromText('10.0.0.0/8\n10.1.0.0/16\n10.2.0.0/16\n2001:db8::/32\n');
    expect(list.remove({ containsIp: '::ffff:10.1.2.3' })).toBe(2);
    expect(list.entries().map((e) => e.block)).toEqual(['10.2.0.0/16', '2001:db8::/32']);
    expect(list.check('10.1.2.3').allowed).toBe(false);
    expect(list.check('10.2.2.3').allowed).toBe(true);
  });

  it('remove by category and action', () => {
    const list = AllowedIpList.fromText(SAMPLE);
    expect(list.remove({ category: 'media', action: 'deny' })).toBe(1);
    expect(list.check('203.0.113.200').allowed).toBe(true);
    expect(list.remove({ category: 'media' })).toBe(2);
    expect(list.size).toBe(5);
  });

  it.each([[{}], [{ category: undefined }]])('remove refuses a query matching everything (%j)', (q) => {
    const list = AllowedIpList.fromText(SAMPLE);
    expect(() => list.remove(q)).toThrow(ListEntryError);
    expect(list.size).toBe(8);
  });

  it('entries filters by category (exactly), containsIp and action', () => {
    const list = AllowedIpList.fromText(SAMPLE);
    expect(list.entries({ category: 'turn' }).map((e) => e.block)).toEqual(['198.51.100.0/24', '198.51.100.7/32']);
    expect(list.entries({ category: null }).map((e) => e.block)).toEqual(['10.99.0.0/16']);
    expect(list.entries({ containsIp: '203.0.113.200' }).map((e) => e.block)).toEqual([
      '203.0.113.0/24',
      '203.0.113.128/25',
    ]);
    expect(list.entries({ containsIp: '2001:db8:10::5', action: 'allow' }).map((e) => e.block)).toEqual([
      '2001:db8:10::/48',
    ]);
    expect(list.entries({ action: 'deny' })).toHaveLength(2);
    expect(() => list.entries({ containsIp: '127.1' })).toThrow(AddressParseError);
  });

  it('entries returns copies that cannot change the list', () => {
    const list = AllowedIpList.fromText('192.0.2.0/24\n');
    list.entries()[0]!.block = '0.0.0.0/0';
    expect(list.check('198.51.100.1').allowed).toBe(false);
  });

  it('gives entries their fields in ListEntry order: block, family, prefix, category, description, action', () => {
    const list = AllowedIpList.fromText('[media]\n192.0.2.0/24 - x\n');
    const keys = ['block', 'family', 'prefix', 'category', 'description', 'action'];
    expect(Object.keys(list.entries()[0]!)).toEqual(keys);
    expect(Object.keys(new AllowedIpList().add('10.0.0.0/8'))).toEqual(keys);
  });

  it('adds blocks in any order into the same order fromText gives, and replaces each equal entry in place', () => {
    const order = [5, 1, 9, 3, 7, 0, 8, 2, 6, 4, 12, 10, 11];
    const list = new AllowedIpList();
    for (const i of order) list.add(`10.${i}.0.0/16`);
    const text = order.map((i) => `10.${i}.0.0/16`).join('\n');
    expect(list.entries()).toEqual(AllowedIpList.fromText(text).entries());
    for (const i of order) list.add(`10.${i}.0.0/16`, { description: `n${i}` });
    expect(list.entries().map((e) => `${e.block} ${e.description}`)).toEqual(
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((i) => `10.${i}.0.0/16 n${i}`),
    );
  });

  it.each([
    ['192.0.2.1', '192.0.2.1/32'],
    ['2001:DB8::/32', '2001:db8::/32'],
    ['2001:0db8:0:0::/32', '2001:db8::/32'],
  ])('remove(%j) matches the entry by its canonical block %j', (target, block) => {
    const list = AllowedIpList.fromText(`${block}\n[turn]\n${block}\n198.51.100.0/24\n`);
    expect(list.remove(target)).toBe(2);
    expect(list.entries().map((e) => e.block)).toEqual(['198.51.100.0/24']);
  });

  it('a remove that removes nothing leaves the list unchanged, with the createDate and syncToken read by fromJSON', () => {
    const json = {
      schemaVersion: 1 as const,
      syncToken: 'abc',
      createDate: '2026-01-02-03-04-05',
      prefixes: [{ ip_prefix: '192.0.2.0/24', category: null }],
      ipv6_prefixes: [],
    };
    const list = AllowedIpList.fromJSON(json);
    expect(list.remove('10.0.0.0/8')).toBe(0);
    expect(list.remove({ category: 'media' })).toBe(0);
    expect(list.toJSON()).toEqual(json);
  });

  it.each([
    ['10.0.0.0', ['10.0.0.0/8']],
    ['10.255.255.255', ['10.0.0.0/8']],
    ['192.0.2.1', ['192.0.2.1/32']],
    ['9.255.255.255', []],
    ['11.0.0.0', []],
    ['::a00:1', ['::/0']],
    ['::ffff:10.0.0.1', ['10.0.0.0/8']],
  ])(
    'entries({ containsIp: %j }) holds exactly %j (bounds inclusive, IPv4 never matched to IPv6 blocks)',
    (ip, blocks) => {
      const list = AllowedIpList.fromText('10.0.0.0/8\n192.0.2.1\n::/0\n');
      expect(list.entries({ containsIp: ip }).map((e) => e.block)).toEqual(blocks);
    },
  );
});

describe('null options', () => {
  it.each<[string, () => unknown]>([
    ['fromText', () => AllowedIpList.fromText('10.0.0.0/8\n', null)],
    ['add', () => new AllowedIpList().add('10.0.0.0/8', null)],
    ['toJSON', () => AllowedIpList.fromText('10.0.0.0/8\n').toJSON(null)],
    ['check', () => AllowedIpList.fromText('10.0.0.0/8\n').check('10.0.0.1', null as never)],
    ['parseBlock', () => parseBlock('10.0.0.0/8', null)],
  ])('%s takes null options as the defaults (no bare TypeError)', (_name, call) => {
    expect(call).not.toThrow();
  });
});

describe('check', () => {
  const list = AllowedIpList.fromText(SAMPLE);
  it.each([
    ['203.0.113.5', undefined, true, '203.0.113.0/24', 'media', 'Frankfurt media'],
    ['203.0.113.200', undefined, false, '203.0.113.128/25', 'media', 'maintenance window'],
    ['198.51.100.7', undefined, false, '198.51.100.7/32', 'turn', null],
    ['198.51.100.8', undefined, true, '198.51.100.0/24', 'turn', null],
    ['::ffff:198.51.100.8', undefined, true, '198.51.100.0/24', 'turn', null],
    ['::FFFF:c633:6408', undefined, true, '198.51.100.0/24', 'turn', null],
    ['2001:db8:10:ffff::1', undefined, true, '2001:db8:10::/48', 'media', 'Frankfurt media v6'],
    ['2001:db8:11::1', undefined, false, null, null, null],
    ['10.99.1.1', undefined, true, '10.99.0.0/16', null, null],
    ['10.99.1.1', 'turn', true, '10.99.0.0/16', null, null],
    ['192.0.2.10', undefined, true, '192.0.2.10/32', 'api', 'API server'],
    ['192.0.2.10', 'api', true, '192.0.2.10/32', 'api', 'API server'],
    ['192.0.2.10', 'media', false, null, null, null],
    ['203.0.113.5', 'turn', false, null, null, null],
    ['8.8.8.8', undefined, false, null, null, null],
  ] as const)('check(%j, %j) -> allowed %j by %j', (ip, category, allowed, block, cat, description) => {
    expect(list.check(ip, category ? { category } : undefined)).toEqual({ allowed, block, category: cat, description });
  });

  it('answers with the most specific allow block', () => {
    const l = AllowedIpList.fromText('10.0.0.0/8 - wide\n10.1.0.0/16 - narrow\n10.1.2.0/24 - narrowest\n');
    expect(l.check('10.1.2.3').description).toBe('narrowest');
    expect(l.check('10.1.3.3').description).toBe('narrow');
    expect(l.check('10.2.3.3').description).toBe('wide');
  });

  it('lets a deny entry win over a narrower allow entry', () => {
    const l = AllowedIpList.fromText('deny 10.0.0.0/8\n10.1.2.0/24\n');
    expect(l.check('10.1.2.3')).toMatchObject({ allowed: false, block: '10.0.0.0/8' });
  });

  it('without a category, a deny of one category closes the address for that category only (the union a firewall opens)', () => {
    const l = AllowedIpList.fromText(
      '[turn]\n198.51.100.0/24 relays\n[media]\n198.51.100.0/24 media\ndeny 198.51.100.0/25\n',
    );
    expect(l.check('198.51.100.7')).toMatchObject({
      allowed: true,
      block: '198.51.100.0/24',
      category: 'turn',
      description: 'relays',
    });
    expect(l.check('198.51.100.7', { category: 'media' })).toMatchObject({
      allowed: false,
      block: '198.51.100.0/25',
      category: 'media',
    });
    expect(l.check('198.51.100.200')).toMatchObject({ allowed: true, block: '198.51.100.0/24' });
    // Only media holds it: media's deny decides.
    const mediaOnly = AllowedIpList.fromText('[media]\n198.51.100.0/24\ndeny 198.51.100.0/25\n');
    expect(mediaOnly.check('198.51.100.7')).toMatchObject({ allowed: false, block: '198.51.100.0/25' });
    // An uncategorized allow serves every category; a media deny leaves it open for the others.
    const shared = AllowedIpList.fromText('198.51.100.0/24\n[media]\ndeny 198.51.100.0/25\n');
    expect(shared.check('198.51.100.7')).toMatchObject({ allowed: true, block: '198.51.100.0/24', category: null });
    // A deny without a category closes it for every category.
    const everywhere = AllowedIpList.fromText('deny 198.51.100.0/25\n[turn]\n198.51.100.0/24\n');
    expect(everywhere.check('198.51.100.7')).toMatchObject({
      allowed: false,
      block: '198.51.100.0/25',
      category: null,
    });
  });

  it('does not match a mapped address against IPv6 blocks that contain it', () => {
    const l = AllowedIpList.fromText('::/0\n');
    expect(l.check('::ffff:1.2.3.4').allowed).toBe(false);
    expect(l.check('::1.2.3.4').allowed).toBe(true);
  });

  it.each([['127.1'], ['fe80::1%eth0'], ['10.0.0.0/8'], [''], [' 1.2.3.4']])('throws invalid-address for %j', (ip) => {
    expect(() => list.check(ip)).toThrow(AddressParseError);
  });

  it.each([['media'], [1]])('refuses options %j that are not an object instead of ignoring the category', (options) => {
    const list = AllowedIpList.fromText('[turn]\n192.0.2.0/24\n');
    expect(() => list.check('192.0.2.1', options as never)).toThrow(
      expect.objectContaining({ code: 'invalid-entry', field: 'options' }),
    );
  });

  it('refuses an unknown category option with invalid-entry', () => {
    expect(() => list.check('192.0.2.1', { category: 'video' as never })).toThrow(
      expect.objectContaining({ code: 'invalid-entry', field: 'category' }),
    );
  });

  it('returns a new object on every check: changing one changes no later answer', () => {
    const first = list.check('203.0.113.5');
    const missed = list.check('192.0.2.200');
    expect(list.check('203.0.113.6')).not.toBe(first);
    first.allowed = false;
    first.block = '0.0.0.0/0';
    missed.allowed = true;
    expect(list.check('203.0.113.5')).toMatchObject({ allowed: true, block: '203.0.113.0/24' });
    expect(list.check('192.0.2.200')).toMatchObject({ allowed: false, block: null });
  });

  it('stays correct after add and remove', () => {
    const l = new AllowedIpList();
    expect(l.check('10.1.1.1').allowed).toBe(false);
    l.add('10.0.0.0/8');
    expect(l.check('10.1.1.1').allowed).toBe(true);
    l.add('10.1.0.0/16', { action: 'deny' });
    expect(l.check('10.1.1.1')).toMatchObject({ allowed: false, block: '10.1.0.0/16' });
    expect(l.check('10.2.1.1')).toMatchObject({ allowed: true, block: '10.0.0.0/8' });
    l.remove('10.1.0.0/16');
    expect(l.check('10.1.1.1')).toMatchObject({ allowed: true, block: '10.0.0.0/8' });
    l.add('10.1.1.0/24', { category: 'turn' });
    expect(l.check('10.1.1.1', { category: 'turn' })).toMatchObject({ block: '10.1.1.0/24' });
    expect(l.check('10.1.1.1', { category: 'media' })).toMatchObject({ block: '10.0.0.0/8' });
    l.remove({ containsIp: '10.1.1.1' });
    expect(l.check('10.1.1.1').allowed).toBe(false);
    expect(l.size).toBe(0);
  });

  it('check throws the specific reason for a malformed address, naming it', () => {
    const list = AllowedIpList.fromText('10.0.0.0/8\n');
    for (const [ip, reason] of [
      ['127.1', /has 2 parts/],
      ['1.2.3.04', /leading zero/],
      ['::1::', /only once/],
    ] as const) {
      expect(() => list.check(ip)).toThrow(
        expect.objectContaining({ input: ip, reason: expect.stringMatching(reason) }),
      );
    }
  });

  it('a category table built before a change is rebuilt after it', () => {
    const list = AllowedIpList.fromText('[media]\n192.0.2.0/24\n');
    expect(list.check('198.51.100.1', { category: 'media' }).allowed).toBe(false);
    list.add('198.51.100.0/24', { category: 'media' });
    expect(list.check('198.51.100.1', { category: 'media' }).allowed).toBe(true);
    list.remove('192.0.2.0/24');
    expect(list.check('192.0.2.1', { category: 'media' }).allowed).toBe(false);
  });
});

describe('parseListText (preflight)', () => {
  it('returns a list that checks', () => {
    expect(parseListText('[media]\n192.0.2.0/24\n').check('192.0.2.1', { category: 'media' }).allowed).toBe(true);
  });

  it('turns a parse error into invalid-option on list naming the first issues', () => {
    expect(() => parseListText('127.1\n10.0.0.1/8\nfoo\nbar\n')).toThrow(
      expect.objectContaining({
        code: 'invalid-option',
        option: 'list',
        message: expect.stringMatching(
          /^list: the list text has 4 problems: line 1:1 "127\.1": .*line 2:1 .*line 3:1 .*; and 1 more$/,
        ),
      }),
    );
  });
});

describe('toText writes each category under its heading, in category order', () => {
  it.each([
    ['[media]\n192.0.2.0/24\n', 'Media servers\n192.0.2.0/24\n'],
    ['[logging]\n192.0.2.0/24\n[turn]\n::/0\n', 'TURN servers\n::/0\n\nLogging servers\n192.0.2.0/24\n'],
    ['192.0.2.0/24\n', '192.0.2.0/24\n'],
    ['', ''],
  ])('writes %j as exactly %j (no blank line before the first heading)', (text, want) => {
    expect(AllowedIpList.fromText(text).toText()).toBe(want);
  });
});

describe('toJSON keeps the createDate and syncToken it read until the list changes or is told', () => {
  const read = () =>
    AllowedIpList.fromJSON({
      schemaVersion: 1,
      syncToken: 'abc',
      createDate: '2026-01-02-03-04-05',
      prefixes: [],
      ipv6_prefixes: [],
    });

  it('keeps the createDate and syncToken read by fromJSON while unchanged, and writes a given createDate instead of them', () => {
    expect(read().toJSON()).toMatchObject({ createDate: '2026-01-02-03-04-05', syncToken: 'abc' });
    const createDate = new Date(Date.UTC(2030, 0, 1));
    expect(read().toJSON({ createDate })).toMatchObject({
      createDate: '2030-01-01-00-00-00',
      syncToken: String(Date.UTC(2030, 0, 1) / 1000),
    });
    expect(read().toJSON({ syncToken: 'x' })).toMatchObject({ createDate: '2026-01-02-03-04-05', syncToken: 'x' });
  });

  it('writes the syncToken as whole epoch seconds, rounded down (999 ms still count as the same second)', () => {
    const createDate = new Date(Date.UTC(2026, 0, 1, 0, 0, 0, 999));
    expect(new AllowedIpList().toJSON({ createDate })).toMatchObject({
      createDate: '2026-01-01-00-00-00',
      syncToken: String(Date.UTC(2026, 0, 1) / 1000),
    });
  });
});
