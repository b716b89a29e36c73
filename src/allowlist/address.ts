/**
 * Strict IPv4/IPv6 address and CIDR block parsing, with no runtime dependency.
 *
 * One parser decides: `ipv4ToInt` / `ipv6ToWords`, the allocation-free scanners the lookup table runs on
 * every check. `parseAddress` / `parseBlock` use them too, and only when they refuse does
 * `addressReason` work out *why* (split and regexes are fine there: it runs once per error).
 * test/allowlist/address.test.ts checks on fuzzed input that `addressReason` finds no reason exactly
 * for what the scanners accept; differential.test.ts checks the scanners against `net.isIP`,
 * `net.BlockList` and ipaddr.js on hundreds of thousands of inputs.
 */
import { VideoAllowlistError } from '../errors.js';
import { addressReason } from './address-reason.js';
import { familyBits, formatAddress, formatBlock, ipv4ToInt, ipv6ToWords } from './address-scan.js';
import type { Family, ParseBlockOptions, ParsedAddress, ParsedBlock } from './types.js';

export * from './address-scan.js';
export { addressReason } from './address-reason.js';

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

  declare readonly code: 'invalid-address';

  constructor(input: string, reason: string, suggestion: string | null = null) {
    // Long input is cut to 80 characters in the message (`input` keeps all of it).
    super(
      'invalid-address',
      `${JSON.stringify(input.length > 80 ? `${input.slice(0, 77)}...` : input)} is not a valid IP address or block: ${reason}`,
      { reason, hint: suggestion === null ? '' : `Write ${suggestion}, or pass normalize: true to store it.` },
    );
    this.input = input;
    this.suggestion = suggestion;
  }
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
// Parsing: the fast path decides, addressReason explains.
// ---------------------------------------------------------------------------------------------

const WORDS = /* @__PURE__ */ new Uint32Array(4);

/** Throws the typed error for a value that is not a string. */
function assertString(text: unknown): asserts text is string {
  if (typeof text !== 'string') {
    throw new AddressParseError(asText(text), `expected a string, got ${text === null ? 'null' : typeof text}`);
  }
}

/** Family and value of the strict address `text`; else throws the reason, naming `input`. */
function parseAddressPart(text: string, input: string): [Family, bigint] {
  const v4 = ipv4ToInt(text);
  if (v4 >= 0) return [4, BigInt(v4)];
  if (ipv6ToWords(text, WORDS)) return [6, WORDS.reduce((a, x) => (a << 32n) | BigInt(x), 0n)];
  throw new AddressParseError(input, addressReason(text));
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
  if (text.includes('/')) throw new AddressParseError(text, "a block (with '/'), not a single address");
  const [family, value] = parseAddressPart(text, text);
  return {
    family,
    text: formatAddress(family, value),
    value,
    mappedIpv4: family === 6 && value >> 32n === 0xffffn ? formatAddress(4, value & 0xffffffffn) : null,
  };
}

/** The decimal prefix length in `text` from `start` to its end, at most `bits`, no leading zero; else -1. */
function prefixLength(text: string, start: number, bits: number): number {
  const end = text.length;
  if (start === end || end - start > 3 || (text.charCodeAt(start) === 48 && end - start > 1)) return -1;
  let value = 0;
  for (let at = start; at < end; at++) {
    const digit = text.charCodeAt(at) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value <= bits ? value : -1;
}

/** Why a prefix length the scanner refused is refused. */
function prefixReason(written: string, family: Family): string {
  const bits = familyBits(family);
  if (!written) return "missing prefix length after '/'";
  if (written.includes('/')) return "more than one '/'";
  if (/\D/.test(written)) return `prefix length '${written}' is not a decimal number`;
  if (/^0./.test(written)) return `prefix length '${written}' has a leading zero; write '${Number(written)}'`;
  return `prefix length ${written} is out of range 0-${bits} for IPv${family}`;
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
    prefix = prefixLength(text, slash + 1, bits);
    if (prefix < 0) throw new AddressParseError(text, prefixReason(text.slice(slash + 1), family));
  }
  const host = BigInt(bits - prefix);
  const first = (value >> host) << host;
  // A valid IPv4 block without host bits is canonical as written (and the table keys stay flat strings).
  const canonical = family < 6 && slash > 0 && first === value ? text : formatBlock(family, first, prefix);
  if (first !== value && options?.normalize !== true) {
    throw new AddressParseError(text, `host bits set; did you mean ${canonical}?`, canonical);
  }
  return { family, text: canonical, prefix, first, last: first | ((1n << host) - 1n) };
}
