/**
 * Issue 12, point 3: for every list `fromText` accepts, `fromJSON(toJSON(l))` and `fromText(toText(l))`
 * equal `l`. Lines are built from blocks, headings, deny markers and descriptions of any characters
 * (control characters, every line break, '#', dashes, blocks), joined by any line break; the texts
 * fromText refuses are skipped, the others must round-trip. Fixed fast-check seed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AllowedIpList } from '../../src/allowlist/list.js';
import { ListParseError } from '../../src/allowlist/errors.js';

const RUNS = process.env.ALLOWLIST_LONG === '1' ? 20_000 : 400;

const pieces = fc.constantFrom(
  ' ',
  '\t',
  '-',
  '\u2013',
  '#',
  ',',
  ';',
  '(',
  ')',
  ':',
  '.',
  '10.1.0.0/16',
  '\r',
  '\v',
  '\f',
  '\u0085',
  '\u2028',
  '\u2029',
  '\x01',
  '\u00a0',
  '\uFEFF',
  'deny',
  '!',
  'Frankfurt',
  'a:b',
);
const description = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.array(pieces, { maxLength: 6 }).map((parts) => parts.join('')),
);
const line = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('', 'deny ', '!', '  '),
      fc.constantFrom('10.0.0.0/8', '192.0.2.1', '2001:db8::/32', '::1', '10.0.0.0/24', '198.51.100.0/24'),
      fc.constantFrom('', ' ', ' - ', '\t'),
      description,
    )
    .map((parts) => parts.join('')),
  fc.constantFrom('Media servers', '[turn]', 'API server:', 'logging', '[all]', '# comment', ''),
);
const text = fc
  .tuple(fc.array(line, { maxLength: 8 }), fc.constantFrom('\n', '\r\n', '\r', '\u2028', '\v'))
  .map(([lines, lineBreak]) => lines.join(lineBreak));

describe('round trips of every list fromText accepts', () => {
  it('fromJSON(toJSON(l)) and fromText(toText(l)) give the same entries, and toText is stable', () => {
    let accepted = 0;
    fc.assert(
      fc.property(text, (input) => {
        let list: AllowedIpList;
        try {
          list = AllowedIpList.fromText(input);
        } catch (err) {
          if (err instanceof ListParseError) return;
          throw err;
        }
        accepted++;
        const viaJson = AllowedIpList.fromJSON(JSON.stringify(list.toJSON()));
        expect(viaJson.entries()).toEqual(list.entries());
        const viaText = AllowedIpList.fromText(list.toText());
        expect(viaText.entries()).toEqual(list.entries());
        expect(viaText.toText()).toBe(list.toText());
      }),
      { seed: 1203, numRuns: RUNS },
    );
    expect(accepted).toBeGreaterThan(RUNS / 10);
  });
});
