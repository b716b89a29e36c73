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
import type { Family, ParseBlockOptions, ParsedAddress, ParsedBlock } from './types.js';

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

  constructor(input: string, reason: string, suggestion: string | null = null) {
    // Long input is cut to 80 characters in the message (`input` keeps all of it).
    super(
      'invalid-address',
      `${JSON.stringify(input.length > 80 ? `${input.slice(0, 77)}...` : input)} is not a valid IP address or block: ${reason}`,
      { reason },
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
// Fast path: no objects, no strings, no BigInt.
// ---------------------------------------------------------------------------------------------

/**
 * Parses a strict dotted quad in `s[start, end)` to an unsigned 32-bit integer (as a non-negative
 * number), or returns -1. Internal: the lookup table's hot path.
 */
export function ipv4RangeToInt(s: string, start: number, end: number): number {
  if (end - start > 15) return -1; // an IPv6 address, mostly: no need to read it
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = start; i < end; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d === -2) {
      // '.': after a part, at most 3
      if (!digits || dots++ > 2) return -1;
      value = value * 256 + part;
      part = digits = 0;
    } else if (d >>> 0 > 9 || (digits && !part) || (part = part * 10 + d) > 255) {
      return -1; // not a digit, a digit after a leading zero, or over 255
    } else digits++;
  }
  return digits && dots > 2 ? value * 256 + part : -1;
}

/** `ipv4RangeToInt` over the whole string: the unsigned 32-bit value, or -1. Internal. */
export function ipv4ToInt(s: string): number {
  return ipv4RangeToInt(s, 0, s.length);
}

const GROUPS = /* @__PURE__ */ new Uint32Array(8);

/**
 * Parses a strict IPv6 address (RFC 4291 text forms, any case, `::`, IPv4 tail; no zone id) into four
 * big-endian 32-bit words in `out`. Returns false (and leaves `out` unspecified) when invalid. Internal.
 */
export function ipv6ToWords(s: string, out: Uint32Array): boolean {
  const n = s.length;
  const G = GROUPS;
  let g = 0;
  let dbl = 9; // the group '::' stands before; 9: none (8 would be after eight groups)
  let i = 0;
  if (s.charCodeAt(0) === 58) {
    if (s.charCodeAt(1) !== 58) return false;
    dbl = 0;
    i = 2;
  }
  while (i < n) {
    const start = i;
    let v = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      const l = c | 32; // 'A'-'F' to 'a'-'f'
      const h = (c - 48) >>> 0 < 10 ? c - 48 : (l - 97) >>> 0 < 6 ? l - 87 : -1;
      if (h < 0) break;
      v = (v << 4) | h;
    }
    if (i < n && s.charCodeAt(i) === 46) {
      // An IPv4 tail: the rest of the text, as the last two groups (more than 4 digits fail there too).
      const v4 = g < 7 ? ipv4RangeToInt(s, start, n) : -1;
      if (v4 < 0) return false;
      G[g++] = v4 >>> 16;
      G[g++] = v4 & 0xffff;
      break;
    }
    if (i === start || i - start > 4 || g > 7) return false;
    G[g++] = v;
    if (i === n) break;
    // A ':' and not a trailing single one; then maybe the one '::'.
    if (s.charCodeAt(i++) !== 58 || i === n) return false;
    if (s.charCodeAt(i) === 58) {
      if (dbl < 9) return false;
      dbl = g;
      i++;
    }
  }
  // Eight groups, or fewer and '::' standing for at least one zero group: move the groups after it to
  // the end (from the last down, so that none is overwritten before it moves) and zero the gap.
  if (dbl > 8 ? g < 8 : g > 7) return false;
  for (let k = 7; k >= dbl; k--) G[k] = k - 8 + g >= dbl ? G[k - 8 + g]! : 0;
  for (let k = 0; k < 4; k++) out[k] = (G[2 * k]! << 16) | G[2 * k + 1]!;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Conversions and canonical text
// ---------------------------------------------------------------------------------------------

/** Canonical dotted quad of an unsigned 32-bit value. */
export function formatIpv4(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** The four 32-bit words of a 128-bit BigInt. */
export function bigintToWords(v: bigint, out: Uint32Array = new Uint32Array(4)): Uint32Array {
  for (let i = 3; i >= 0; i--, v >>= 32n) out[i] = Number(v & 0xffffffffn);
  return out;
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
  for (const m of text.match(/(^|:)0(:0)+(:|$)/g) ?? []) if (m.length >> 1 > run.length >> 1) run = m;
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
  const v4 = formatBlock(4, block.first & 0xffffffffn, block.prefix - 96);
  return `an IPv4-mapped IPv6 block; write the IPv4 block ${v4} instead (mapped addresses are checked as IPv4)`;
}

// ---------------------------------------------------------------------------------------------
// Why an address is refused: asked only after the fast path refused it.
// ---------------------------------------------------------------------------------------------

/**
 * Why `text` (one address, no '/') is not a strict address, or '' when it is one: the reasons in the
 * order a reader would fix them (characters, then structure, then each part). Internal: the fast path
 * decides what is accepted; test/allowlist/address.test.ts checks on fuzzed input that this function
 * returns '' exactly for what the fast path accepts.
 */
export function addressReason(text: string): string {
  if (!text) return 'empty';
  const ws = /\s/.exec(text);
  if (ws) return `contains ${!ws.index ? 'leading' : ws.index + 1 < text.length ? 'inner' : 'trailing'} whitespace`;
  const pct = text.indexOf('%');
  if (pct >= 0) {
    return `zone ids ('${text.slice(pct)}') are not accepted: they only mean something on one host; write the address without it`;
  }
  if (/[[\]]/.test(text)) return "brackets are URL syntax; write the address without '[' and ']'";
  return text.includes(':') ? ipv6Reason(text) : ipv4Reason(text);
}

/** Why a dotted quad (or the IPv4 tail of an IPv6 address) is refused, or ''. */
function ipv4Reason(text: string): string {
  const parts = text.split('.');
  if (parts.length < 2) {
    if (/^\d+$/.test(text)) {
      const n = Number(text);
      const hint = n <= 0xffffffff && !/^0\d/.test(text) ? ` (${formatIpv4(n)})` : '';
      return `a single number is not an IPv4 address; write the dotted quad${hint}`;
    }
    return /^0x/i.test(text)
      ? 'hexadecimal numbers are not IPv4 addresses; write the dotted quad'
      : 'neither an IPv4 dotted quad nor an IPv6 address';
  }
  for (const p of parts) if (/^0x/i.test(p)) return `part '${p}' is hexadecimal; only decimal parts are accepted`;
  for (const p of parts) {
    const bad = /\D/.exec(p);
    if (bad) return `unexpected character '${bad[0]}' in part '${p}'; an IPv4 part is 0-255 in decimal`;
  }
  if (parts.length !== 4) {
    return `has ${parts.length} parts; an IPv4 address has exactly 4 (shorthand like 127.1 is not accepted)`;
  }
  for (let k = 0; k < 4; k++) {
    const p = parts[k]!;
    if (!p) return `part ${k + 1} is empty`;
    if (/^0./.test(p)) return `part '${p}' has a leading zero (some parsers read it as octal); write '${Number(p)}'`;
    if (Number(p) > 255) return `part '${p}' is greater than 255`;
  }
  return '';
}

/** Why a text with ':' is not a strict IPv6 address, or ''. */
function ipv6Reason(text: string): string {
  const bad = /[^\da-f:.]/i.exec(text);
  if (bad) return `unexpected character '${bad[0]}' at position ${bad.index + 1}`;
  if (text.includes(':::')) return "':::' is not valid; '::' stands for any run of zero groups";
  const halves = text.split('::');
  if (halves.length > 2) return "'::' may appear only once";
  // Without ':::', a single ':' at an end is one that is not part of '::' (':' alone starts with one).
  if (/^:(?!:)/.test(text)) return "starts with a single ':'";
  if (/[^:]:$/.test(text)) return "ends with a single ':'";
  // Now no group is empty; an IPv4 tail counts as two groups and must end the text.
  const parts = halves.flatMap((h) => (h ? h.split(':') : []));
  const last = text.endsWith(':') ? -1 : parts.length - 1;
  let count = 0;
  for (let k = 0; k < parts.length; k++) {
    const p = parts[k]!;
    count++;
    if (p.includes('.')) {
      if (k !== last) return `an embedded IPv4 address ('${p}') is allowed only as the last 32 bits`;
      const r = ipv4Reason(p);
      if (r) return `the IPv4 tail '${p}' ${r}`;
      count++;
    } else if (p.length > 4) return `group '${p}' has more than 4 hex digits`;
  }
  if (halves.length < 2) {
    return count === 8
      ? ''
      : `has ${count} groups of 16 bits; a full IPv6 address has 8 (or use '::' for a run of zeros)`;
  }
  return count < 8
    ? ''
    : `'::' must stand for at least one zero group, but ${count} groups are written (${parts.length} parts)`;
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
    const p = text.slice(slash + 1);
    const reason = !p
      ? "missing prefix length after '/'"
      : p.includes('/')
        ? "more than one '/'"
        : /\D/.test(p)
          ? `prefix length '${p}' is not a decimal number`
          : /^0./.test(p)
            ? `prefix length '${p}' has a leading zero; write '${Number(p)}'`
            : Number(p) > bits
              ? `prefix length ${p} is out of range 0-${bits} for IPv${family}`
              : '';
    if (reason) throw new AddressParseError(text, reason);
    prefix = Number(p);
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
