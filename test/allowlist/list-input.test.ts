/**
 * The list's text and JSON readers on the inputs of issue 12: every line break an editor writes, a
 * second block next to punctuation, control characters, and JSON syntax errors located by line and
 * column from our own scanner.
 */
import { describe, expect, it } from 'vitest';
import { AllowedIpList } from '../../src/allowlist/list.js';
import { ListParseError } from '../../src/allowlist/errors.js';
import { findJsonSyntaxError } from '../../src/allowlist/json-syntax.js';
import type { AllowedIpListJson, ListParseIssue } from '../../src/allowlist/types.js';

function issuesOf(fn: () => unknown): ListParseIssue[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ListParseError);
    return (err as ListParseError).issues;
  }
  throw new Error('did not throw');
}

const BREAKS: Array<[string, string]> = [
  ['LF', '\n'],
  ['CRLF', '\r\n'],
  ['a lone CR', '\r'],
  ['vertical tab', '\v'],
  ['form feed', '\f'],
  ['NEL (U+0085)', '\u0085'],
  ['LINE SEPARATOR (U+2028)', '\u2028'],
  ['PARAGRAPH SEPARATOR (U+2029)', '\u2029'],
];

describe('line breaks', () => {
  it.each(BREAKS)('%s ends a line, so no entry hides in a description or a comment', (_name, lineBreak) => {
    const text = ['10.0.0.0/8 Frankfurt', '10.1.0.0/16', '# a comment', '[turn]', '10.2.0.0/16'].join(lineBreak);
    const list = AllowedIpList.fromText(text);
    expect(list.entries().map((entry) => [entry.block, entry.category, entry.description])).toEqual([
      ['10.0.0.0/8', null, 'Frankfurt'],
      ['10.1.0.0/16', null, null],
      ['10.2.0.0/16', 'turn', null],
    ]);
  });

  it.each(BREAKS)('after %s, an error names the next line and its column', (_name, lineBreak) => {
    expect(issuesOf(() => AllowedIpList.fromText(`10.0.0.0/8${lineBreak}  127.1`))).toEqual([
      expect.objectContaining({ line: 2, column: 3, text: '127.1' }),
    ]);
  });

  it.each([
    ['NUL', '\0'],
    ['escape', '\x1b'],
    ['DEL', '\x7f'],
    ['a C1 control', '\x9b'],
  ])('refuses %s inside an entry, naming its line and column', (_name, char) => {
    expect(issuesOf(() => AllowedIpList.fromText(`# list\n10.0.0.0/8 Frank${char}furt`))).toEqual([
      {
        line: 2,
        column: 17,
        text: `10.0.0.0/8 Frank${char}furt`,
        reason: expect.stringMatching(/^a control character \(U\+00/),
      },
    ]);
  });

  it('keeps a tab inside a description, which every form reads back', () => {
    const list = AllowedIpList.fromText('10.0.0.0/8 Frank\tfurt');
    expect(list.entries()[0]!.description).toBe('Frank\tfurt');
    expect(AllowedIpList.fromJSON(list.toJSON()).entries()).toEqual(list.entries());
  });

  it.each(['\r', '\v', '\f', '\u0085', '\u2028', '\u2029', '\x01'])(
    'refuses a description holding %j in add and fromJSON, as the text form cannot carry it',
    (char) => {
      expect(() => new AllowedIpList().add('10.0.0.0/8', { description: `a${char}b` })).toThrow(/description/);
      const json: AllowedIpListJson = {
        schemaVersion: 1,
        syncToken: '1',
        createDate: '2026-01-02-03-04-05',
        prefixes: [{ ip_prefix: '10.0.0.0/8', category: null, description: `a${char}b` }],
        ipv6_prefixes: [],
      };
      expect(issuesOf(() => AllowedIpList.fromJSON(json))[0]!.reason).toMatch(/line break|control character/);
    },
  );
});

describe('a second block next to punctuation', () => {
  it.each([
    ['10.0.0.0/8,10.1.0.0/16', '10.0.0.0/8'],
    ['10.0.0.0/8;10.1.0.0/16', '10.0.0.0/8'],
    ['10.0.0.0/8(10.1.0.0/16)', '10.0.0.0/8'],
    ['10.0.0.0/8, 10.1.0.0/16', '10.0.0.0/8'],
    ['10.0.0.0/8 (10.1.0.0/16)', '10.0.0.0/8'],
    ['10.0.0.0/8 Frankfurt;10.1.0.0/16', '10.0.0.0/8'],
    ['10.0.0.0/8 Frankfurt,10.1.0.0/16 Paris', '10.0.0.0/8'],
    ['10.0.0.0/8 - see (10.1.0.0/16)', '10.0.0.0/8'],
    ['10.0.0.0/8 x:2001:db8::/32.', '10.0.0.0/8'],
    ['deny 10.0.0.0/8;10.1.0.0/16', '10.0.0.0/8'],
  ])('refuses %j as a second block on the line', (line, first) => {
    expect(issuesOf(() => AllowedIpList.fromText(line))).toEqual([
      expect.objectContaining({
        line: 1,
        text: first,
        reason: expect.stringMatching(/^a second block '.+' on the same line/),
      }),
    ]);
  });

  it.each([['v1.2 (rack 3)'], ['at 10:30; backup'], ['(Frankfurt), 2nd'], ['cafe, beef']])(
    'keeps a description with punctuation and no block (%j)',
    (description) => {
      expect(AllowedIpList.fromText(`10.0.0.0/8 ${description}`).entries()[0]!.description).toBe(description);
    },
  );
});

describe('JSON syntax errors', () => {
  it.each([
    ['{\n  "schemaVersion": 1,\n  oops\n}', 3, 3, /expected a key in double quotes/],
    ['{"schemaVersion": 1,}', 1, 21, /expected a key in double quotes, found character "}"/],
    ['{\r\n"prefixes": [1 2]}', 2, 16, /expected ',' or '\]'/],
    ['{\r"a": tru}', 2, 6, /expected a value/],
    ['{"a": "x\ny"}', 1, 9, /control character in a string/],
    ['{"a": 01}', 1, 8, /expected ',' or '}'/],
    ['{"a": 1', 1, 8, /found end of input/],
    ['\uFEFF{"a": 1}}', 1, 9, /expected nothing after the value/],
  ])('locates %j at line %i, column %i', (text, line, column, reason) => {
    expect(issuesOf(() => AllowedIpList.fromJSON(text))).toEqual([
      { line, column, text: '$', reason: expect.stringMatching(/^not valid JSON: /) },
    ]);
    expect(issuesOf(() => AllowedIpList.fromJSON(text))[0]!.reason).toMatch(reason);
  });

  it('finds no error in valid JSON of every kind of value', () => {
    for (const text of [
      '{}',
      '[]',
      '0',
      '-1.5e+3',
      '"\\u0041\\n"',
      'true',
      'null',
      '{"a":[1,{"b":[]}],"c":false}',
      '[[[]]]',
    ])
      expect(findJsonSyntaxError(text)).toBeNull();
  });

  it('locates an error after 100,000 nested arrays without running out of stack', () => {
    expect(findJsonSyntaxError(`${'['.repeat(100_000)}x`)).toEqual({ offset: 100_000, reason: expect.any(String) });
  });
});

describe('errors carry code, path, reason and hint as data', () => {
  function caught(fn: () => unknown): Record<string, unknown> {
    try {
      fn();
    } catch (err) {
      return err as Record<string, unknown>;
    }
    throw new Error('did not throw');
  }

  it.each<[string, () => unknown, Record<string, unknown>]>([
    [
      'a text issue at its line and column',
      () => AllowedIpList.fromText('10.0.0.0/8\n  127.1'),
      { code: 'list-parse', path: ['line', 2, 'column', 3], reason: expect.stringMatching(/has 2 parts/) },
    ],
    [
      'a JSON syntax error at its line and column',
      () => AllowedIpList.fromJSON('{\n  oops'),
      { code: 'list-parse', path: ['line', 2, 'column', 3] },
    ],
    [
      'a JSON field by its keys',
      () =>
        AllowedIpList.fromJSON({
          schemaVersion: 1,
          syncToken: '1',
          createDate: '2026-01-02-03-04-05',
          prefixes: [{ ip_prefix: '10.0.0.1/8', category: null }],
          ipv6_prefixes: [],
        }),
      { code: 'list-parse', path: ['prefixes', 0, 'ip_prefix'], reason: expect.stringMatching(/^host bits set/) },
    ],
    [
      'an entry field',
      () => new AllowedIpList().add('10.0.0.0/8', { category: 'video' as never }),
      { code: 'invalid-entry', path: ['category'], reason: expect.stringMatching(/^"video" is not one of/) },
    ],
    [
      'an address with host bits, with a hint',
      () => new AllowedIpList().add('10.0.0.1/8'),
      { code: 'invalid-address', hint: 'Write 10.0.0.0/8, or pass normalize: true to store it.' },
    ],
  ])('%s', (_name, fn, expected) => {
    expect(caught(fn)).toMatchObject(expected);
  });
});
