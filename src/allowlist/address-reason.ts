/**
 * The words for every refusal of an address or block: one table, a row per failure code, and
 * `explainAddress`, which asks the scanner (address-scan.ts) why it refused a text. No grammar here:
 * the scanner gives the code and the position; this file only names the character found there
 * (white space, '%', a bracket, the 'x' of '0x') and quotes the part the position points into.
 * Internal: runs once per error, so strings and regexes are fine.
 */
import { FAILURE, formatIpv4, ipv4ToInt, ipv6ToWords } from './address-scan.js';

/** What a message is made from: the scanned text (see each row), and the scanner's `at` and `count`. */
type Words = (text: string, at: number, count: number) => string;

/** The run of `pattern` characters in `text` from `at`. */
function runAt(text: string, at: number, pattern: RegExp): string {
  pattern.lastIndex = at;
  return pattern.exec(text)![0];
}

/** The dot-separated piece of an IPv4 text (or IPv4 tail) around `at`. */
function pieceAt(text: string, at: number): string {
  return runAt(text, Math.max(text.lastIndexOf('.', at - 1), text.lastIndexOf(':', at - 1)) + 1, /[^.:]*/y);
}

/** The prefix length as written in a block text. */
function prefixOf(block: string): string {
  return block.slice(block.indexOf('/') + 1);
}

const TABLE = [
  // What the scanners write, in the order of their numbers (address-scan.ts).
  ['empty', () => 'empty'],
  [
    'ipv4-character',
    (text, at) => `unexpected character '${text[at]}' in part '${pieceAt(text, at)}'; an IPv4 part is 0-255 in decimal`,
  ],
  [
    'ipv4-too-few-parts',
    (_text, _at, count) => `has ${count} parts; an IPv4 address has exactly 4 (shorthand like 127.1 is not accepted)`,
  ],
  ['ipv4-too-many-parts', () => 'has more than 4 parts; an IPv4 address has exactly 4'],
  ['ipv4-empty-part', (_text, _at, count) => `part ${count} is empty`],
  [
    'ipv4-leading-zero',
    (text, at) => {
      const part = runAt(text, at, /\d*/y);
      return `part '${part}' has a leading zero (some parsers read it as octal); write '${Number(part)}'`;
    },
  ],
  ['ipv4-over-255', (text, at) => `part '${runAt(text, at, /\d*/y)}' is greater than 255`],
  ['ipv6-character', (text, at) => `unexpected character '${text[at]}' at position ${at + 1}`],
  ['ipv6-leading-colon', () => "starts with a single ':'"],
  ['ipv6-trailing-colon', () => "ends with a single ':'"],
  ['ipv6-triple-colon', () => "':::' is not valid; '::' stands for any run of zero groups"],
  ['ipv6-second-gap', () => "'::' may appear only once"],
  ['ipv6-group-digits', (text, at) => `group '${runAt(text, at, /[\da-f]*/iy)}' has more than 4 hex digits`],
  [
    'ipv6-too-few-groups',
    (_text, _at, count) => `has ${count} groups of 16 bits; a full IPv6 address has 8 (or use '::' for a run of zeros)`,
  ],
  ['ipv6-too-many-groups', () => 'has more than 8 groups of 16 bits; an IPv6 address has 8'],
  ['ipv6-no-zero-group', () => "'::' must stand for at least one zero group, but the other groups already make 8"],
  [
    'ipv6-tail-not-last',
    (text, at) => `an embedded IPv4 address ('${runAt(text, at, /[^:]*/y)}') is allowed only as the last 32 bits`,
  ],
  ['prefix-missing', () => "missing prefix length after '/'"],
  ['prefix-second-slash', () => "more than one '/'"],
  ['prefix-not-decimal', (block) => `prefix length '${prefixOf(block)}' is not a decimal number`],
  [
    'prefix-leading-zero',
    (block) => `prefix length '${prefixOf(block)}' has a leading zero; write '${Number(prefixOf(block))}'`,
  ],
  [
    'prefix-range',
    (block, _at, bits) => `prefix length ${prefixOf(block)} is out of range 0-${bits} for IPv${bits === 32 ? 4 : 6}`,
  ],
  // What explainAddress names more exactly, and what parseAddress and parseBlock add.
  ['not-a-string', (type) => `expected a string, got ${type}`],
  ['block-not-address', () => "a block (with '/'), not a single address"],
  ['not-an-address', () => 'neither an IPv4 dotted quad nor an IPv6 address'],
  [
    'whitespace',
    (text, at) => `contains ${at === 0 ? 'leading' : /^\s+$/.test(text.slice(at)) ? 'trailing' : 'inner'} whitespace`,
  ],
  [
    'zone-id',
    (text, at) =>
      `zone ids ('${text.slice(at)}') are not accepted: they only mean something on one host; write the address without it`,
  ],
  ['brackets', () => "brackets are URL syntax; write the address without '[' and ']'"],
  [
    'ipv4-hex',
    (text, at) =>
      pieceAt(text, at) === text
        ? 'hexadecimal numbers are not IPv4 addresses; write the dotted quad'
        : `part '${pieceAt(text, at)}' is hexadecimal; only decimal parts are accepted`,
  ],
  [
    'ipv4-single-number',
    (text) => {
      const hint = Number(text) <= 0xffffffff && !/^0\d/.test(text) ? ` (${formatIpv4(Number(text))})` : '';
      return `a single number is not an IPv4 address; write the dotted quad${hint}`;
    },
  ],
  ['host-bits', (canonical) => `host bits set; did you mean ${canonical}?`],
] as const satisfies ReadonlyArray<readonly [string, Words]>;

/**
 * Why an address or block is refused: one code per situation, the names in the table above. The
 * scanners write the `empty`, `ipv4-*`, `ipv6-*` and `prefix-*` codes; `explainAddress` turns a
 * scanner's `*-character` into `whitespace`, `zone-id`, `brackets`, `ipv4-hex` or `not-an-address`,
 * and a lone number's refusal into `ipv4-single-number`; parseAddress and parseBlock add the rest.
 */
export type AddressFailure = (typeof TABLE)[number][0];

/** A refusal: its code, where in the text (0-based), and its words. */
export interface AddressRefusal {
  failure: AddressFailure;
  at: number;
  reason: string;
}

/** The name of a scanner's failure code (its row in the table). Internal. */
export function failureName(code: number): AddressFailure {
  return TABLE[code]![0];
}

/** The words for `failure` (see the table for what `text` is in each row). Internal. */
export function describeFailure(failure: AddressFailure, text: string, at = 0, count = 0): string {
  return (TABLE.find(([name]) => name === failure)![1] as Words)(text, at, count);
}

/** The code for what the scanner found at `at`, named more exactly where the text says more. */
function refine(text: string, failure: AddressFailure, at: number): AddressFailure {
  const char = text[at]!;
  if (failure === 'ipv4-character' || failure === 'ipv6-character') {
    if (/\s/.test(char)) return 'whitespace';
    if (char === '%') return 'zone-id';
    if (char === '[' || char === ']') return 'brackets';
    if (failure === 'ipv6-character') return failure;
    if (/^0x/i.test(pieceAt(text, at))) return 'ipv4-hex';
    return text.includes('.') ? failure : 'not-an-address';
  }
  const lone = failure === 'ipv4-too-few-parts' || failure === 'ipv4-leading-zero' || failure === 'ipv4-over-255';
  return lone && /^\d+$/.test(text) ? 'ipv4-single-number' : failure;
}

const WORDS = /* @__PURE__ */ new Uint32Array(4);

/**
 * Why the scanners refuse `text` (one address, no '/'), or null when they accept it. The text is read
 * as IPv6 when it has a ':', else as IPv4 (as the scanners accept it). Internal.
 */
export function explainAddress(text: string): AddressRefusal | null {
  FAILURE.tail = -1;
  if (text.includes(':') ? ipv6ToWords(text, WORDS) : ipv4ToInt(text) >= 0) return null;
  const { at, count, tail } = FAILURE;
  const failure = refine(text, failureName(FAILURE.code), at);
  const reason = describeFailure(failure, text, at, count);
  if (tail < 0 || !failure.startsWith('ipv4-')) return { failure, at, reason };
  return { failure, at, reason: `the IPv4 tail '${runAt(text, tail, /[^:]*/y)}' ${reason}` };
}
