/**
 * Strict IPv4/IPv6 address and CIDR block parsing, and canonical text (RFC 5952), with no runtime
 * dependency.
 *
 * One grammar: `ipv4ToInt` / `ipv6ToWords` / `scanPrefix`, the allocation-free scanners the lookup
 * table runs on every check, decide; when they refuse they leave a failure code and a position, and
 * address-reason.ts's one table turns those into words. test/allowlist/address.test.ts checks that every
 * refusal has a code, a position and words and no acceptance has any; differential.test.ts checks the
 * scanners against `net.isIP`, `net.BlockList` and ipaddr.js on hundreds of thousands of inputs.
 */
import { VideoAllowlistError } from '../errors.js';
import { type AddressFailure, describeFailure, explainAddress, failureName } from './address-reason.js';
import { FAILURE, formatIpv4, ipv4ToInt, ipv6ToWords, scanPrefix } from './address-scan.js';
import type { Family, ParseBlockOptions, ParsedAddress, ParsedBlock } from './types.js';

export * from './address-scan.js';
export { type AddressFailure, type AddressRefusal, explainAddress } from './address-reason.js';

/** Where the scanner refused an input: the failure code and the 0-based position in the input. */
export interface AddressFailurePlace {
  /** Why, as a stable code (`ipv4-leading-zero`, `host-bits`, ...). */
  failure: AddressFailure;
  /** Where in the input (0-based) the fault is. */
  at: number;
}

/**
 * Thrown for anything that is not a strict IPv4/IPv6 address or CIDR block. `code` is `invalid-address`;
 * the message names the input and the reason.
 */
export class AddressParseError extends VideoAllowlistError {
  /** The class name, written out so that a minifier's renaming does not reach `err.name`. */
  static override readonly name = 'AddressParseError';

  /** The text that was refused, as given. */
  readonly input: string;
  /** Why it was refused, in words (`part '04' has a leading zero ...`). */
  declare readonly reason: string;
  /** For a block with host bits set, the canonical block the writer probably meant; else null. */
  readonly suggestion: string | null;
  /** Why, as a stable code (`ipv4-leading-zero`, `host-bits`, ...); null when not told. */
  readonly failure: AddressFailure | null;
  /** Where in `input` (0-based) the fault is: the offending character or part; -1 when not told. */
  readonly at: number;

  declare readonly code: 'invalid-address';

  constructor(input: string, reason: string, suggestion: string | null = null, place?: AddressFailurePlace) {
    // Long input is cut to 80 characters in the message (`input` keeps all of it).
    super(
      'invalid-address',
      `${JSON.stringify(input.length > 80 ? `${input.slice(0, 77)}...` : input)} is not a valid IP address or block: ${reason}`,
      { reason, hint: suggestion === null ? '' : `Write ${suggestion}, or pass normalize: true to store it.` },
    );
    this.input = input;
    this.suggestion = suggestion;
    this.failure = place?.failure ?? null;
    this.at = place?.at ?? -1;
  }
}

/** Throws the error for `failure` at `at` in `input`, its words made from `text` (see address-reason.ts). */
function refuse(input: string, failure: AddressFailure, text: string, at = 0): never {
  throw new AddressParseError(input, describeFailure(failure, text, at, FAILURE.count), null, { failure, at });
}

/** `String(value)`, or `[object Object]` for an object `String` cannot convert (no prototype). Internal. */
export function asText(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

// ---------------------------------------------------------------------------------------------
// Parsing: the scanners decide, and say why they refuse.
// ---------------------------------------------------------------------------------------------

const WORDS = /* @__PURE__ */ new Uint32Array(4);

/** Throws the typed error for a value that is not a string. */
function assertString(text: unknown): asserts text is string {
  if (typeof text !== 'string') refuse(asText(text), 'not-a-string', text === null ? 'null' : typeof text, -1);
}

/** Family and value of the strict address `text`; else throws the reason, naming `input`. */
function parseAddressPart(text: string, input: string): [Family, bigint] {
  const v4 = ipv4ToInt(text);
  if (v4 >= 0) return [4, BigInt(v4)];
  if (ipv6ToWords(text, WORDS)) return [6, WORDS.reduce((value, word) => (value << 32n) | BigInt(word), 0n)];
  const { failure, at, reason } = explainAddress(text)!;
  throw new AddressParseError(input, reason, null, { failure, at });
}

/**
 * Parses one strict IPv4 or IPv6 address.
 *
 * IPv4: a dotted quad of four decimal parts 0-255 without leading zeros (`127.1`, `0x7f.0.0.1`,
 * `0177.0.0.1`, `2130706433`, `1.2.3.04` are refused). IPv6: the RFC 4291 text forms in any case, with
 * at most one `::` and an optional IPv4 tail; no zone id, no brackets. No surrounding whitespace.
 *
 * @param text The address as written.
 * @returns Family, canonical text (RFC 5952 for IPv6), value, and the IPv4 address an IPv4-mapped
 *   IPv6 address carries.
 * @throws {@link AddressParseError} (`invalid-address`) naming the input and the reason.
 */
export function parseAddress(text: string): ParsedAddress {
  assertString(text);
  if (text.includes('/')) refuse(text, 'block-not-address', text, text.indexOf('/'));
  const [family, value] = parseAddressPart(text, text);
  return {
    family,
    text: formatAddress(family, value),
    value,
    mappedIpv4: family === 6 && value >> 32n === 0xffffn ? formatAddress(4, value & 0xffffffffn) : null,
  };
}

/**
 * Parses a CIDR block (`203.0.113.0/24`, `2001:db8::/32`); a bare address is a /32 or /128 block.
 *
 * The prefix length is decimal, 0-32 or 0-128, without sign or leading zeros. A block with host bits set
 * (`10.0.0.1/8`) is refused with an error naming the canonical block, unless `options.normalize` is true.
 *
 * @param text The block as written.
 * @param options See {@link ParseBlockOptions}.
 * @throws {@link AddressParseError} (`invalid-address`) naming the input and the reason.
 */
export function parseBlock(text: string, options?: ParseBlockOptions | null): ParsedBlock {
  assertString(text);
  const slash = text.indexOf('/');
  const [family, value] = parseAddressPart(slash < 0 ? text : text.slice(0, slash), text);
  const bits = familyBits(family);
  let prefix: number = bits;
  if (slash >= 0) {
    prefix = scanPrefix(text, slash + 1, bits);
    if (prefix < 0) refuse(text, failureName(FAILURE.code), text, FAILURE.at);
  }
  const host = BigInt(bits - prefix);
  const first = (value >> host) << host;
  // A valid IPv4 block without host bits is canonical as written (and the table keys stay flat strings).
  const canonical = family < 6 && slash > 0 && first === value ? text : formatBlock(family, first, prefix);
  if (first !== value && options?.normalize !== true) {
    const place = { failure: 'host-bits' as const, at: slash };
    throw new AddressParseError(text, describeFailure('host-bits', canonical), canonical, place);
  }
  return { family, text: canonical, prefix, first, last: first | ((1n << host) - 1n) };
}

// ---------------------------------------------------------------------------------------------
// Conversions and canonical text
// ---------------------------------------------------------------------------------------------

/** The four 32-bit words of a 128-bit BigInt. */
export function bigintToWords(value: bigint, out: Uint32Array = new Uint32Array(4)): Uint32Array {
  for (let word = 3; word >= 0; word--, value >>= 32n) out[word] = Number(value & 0xffffffffn);
  return out;
}

/** The 128-bit BigInt of four 32-bit words at `at` of `words` (the inverse of {@link bigintToWords}). */
export function wordsToBigint(words: Uint32Array, at: number): bigint {
  const high = (BigInt(words[at]!) << 96n) | (BigInt(words[at + 1]!) << 64n) | (BigInt(words[at + 2]!) << 32n);
  return high | BigInt(words[at + 3]!);
}

/**
 * Canonical text of an address given as a BigInt (32 bits for IPv4, 128 for IPv6): RFC 5952 for IPv6
 * (lower case, no leading zeros, the first longest run of two or more zero groups as `::`), and
 * `::ffff:a.b.c.d` for an IPv4-mapped address.
 */
export function formatAddress(family: Family, value: bigint): string {
  if (family === 4) return formatIpv4(Number(value));
  if (value >> 32n === 0xffffn) return `::ffff:${formatIpv4(Number(value & 0xffffffffn))}`;
  // Eight groups without leading zeros ('\b0+\B': the zeros at a group's start that are not all of it).
  const text = value
    .toString(16)
    .padStart(32, '0')
    .replace(/.{4}(?!$)/g, '$&:')
    .replace(/\b0+\B/g, '');
  // Runs of two or more zero groups with their ':'s (runs are apart, so matches do not overlap); the
  // first longest becomes '::'. A run of n groups is 2n or 2n + 1 characters long. Any earlier text equal
  // to it would be an earlier run at least as long, so replace() finds this one.
  let run = '';
  for (const zeros of text.match(/(^|:)0(:0)+(:|$)/g) ?? []) if (zeros.length >> 1 > run.length >> 1) run = zeros;
  return run ? text.replace(run, '::') : text;
}

/** Canonical CIDR text of a block given by its first address and prefix (host bits must be zero). */
export function formatBlock(family: Family, first: bigint, prefix: number): string {
  return `${formatAddress(family, first)}/${prefix}`;
}

/** Number of address bits of a family: 32 or 128. */
export function familyBits(family: Family): 32 | 128 {
  return family === 4 ? 32 : 128;
}

/**
 * Whether a block lies inside the IPv4-mapped space `::ffff:0:0/96`. `AllowedIpList.check` reads an
 * address there as the IPv4 address it carries and never matches it against IPv6 entries, so such a
 * block allows nothing. Internal.
 */
export function isMappedBlock(block: { family: Family; first: bigint; prefix: number }): boolean {
  return block.family === 6 && block.prefix >= 96 && block.first >> 32n === 0xffffn;
}

/** Why an IPv4-mapped IPv6 block is refused as a list entry (naming the IPv4 block to write), or null. Internal. */
export function mappedBlockReason(block: { family: Family; first: bigint; prefix: number }): string | null {
  if (!isMappedBlock(block)) return null;
  const ipv4 = formatBlock(4, block.first & 0xffffffffn, block.prefix - 96);
  return `an IPv4-mapped IPv6 block; write the IPv4 block ${ipv4} instead (mapped addresses are checked as IPv4)`;
}
