/**
 * Strict IPv4/IPv6 address and CIDR block parsing, with no runtime dependency.
 *
 * Two parsers live here on purpose:
 * - `parseAddress` / `parseBlock`: readable, say *why* they refuse, return canonical text and BigInts;
 * - `ipv4ToInt` / `ipv6ToWords`: the allocation-free fast path the lookup table uses on every check.
 * Both accept exactly the same language (test/allowlist/address.test.ts and differential.test.ts check
 * that on hundreds of thousands of inputs).
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
  readonly reason: string;
  /** For a block with host bits set, the canonical block the writer probably meant; else null. */
  readonly suggestion: string | null;

  constructor(input: string, reason: string, suggestion: string | null = null) {
    super('invalid-address', `${quote(input)} is not a valid IP address or block: ${reason}`);
    this.input = input;
    this.reason = reason;
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

function quote(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text);
}

// ---------------------------------------------------------------------------------------------
// Fast path: no objects, no strings, no BigInt.
// ---------------------------------------------------------------------------------------------

/**
 * Parses a strict dotted quad in `s[start, end)` to an unsigned 32-bit integer (as a non-negative
 * number), or returns -1. Internal: the lookup table's hot path.
 */
export function ipv4RangeToInt(s: string, start: number, end: number): number {
  const n = end - start;
  if (n < 7 || n > 15) return -1;
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || dots === 3) return -1;
      value = value * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else {
      const d = c - 48;
      if (d < 0 || d > 9) return -1;
      if (digits === 1 && part === 0) return -1; // leading zero
      part = part * 10 + d;
      if (part > 255) return -1;
      digits++;
    }
  }
  if (digits === 0 || dots !== 3) return -1;
  return value * 256 + part;
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
  if (n < 2 || n > 45) return false;
  const G = GROUPS;
  let g = 0;
  let dbl = -1;
  let i = 0;
  if (s.charCodeAt(0) === 58) {
    if (s.charCodeAt(1) !== 58) return false;
    dbl = 0;
    i = 2;
  }
  while (i < n) {
    const start = i;
    let v = 0;
    let d = 0;
    while (i < n) {
      const c = s.charCodeAt(i);
      let h: number;
      if (c >= 48 && c <= 57) h = c - 48;
      else if (c >= 97 && c <= 102) h = c - 87;
      else if (c >= 65 && c <= 70) h = c - 55;
      else break;
      if (++d > 4) return false;
      v = (v << 4) | h;
      i++;
    }
    if (i < n && s.charCodeAt(i) === 46) {
      if (g > 6) return false;
      const v4 = ipv4RangeToInt(s, start, n);
      if (v4 < 0) return false;
      G[g++] = v4 >>> 16;
      G[g++] = v4 & 0xffff;
      i = n;
      break;
    }
    if (d === 0 || g === 8) return false;
    G[g++] = v;
    if (i === n) break;
    if (s.charCodeAt(i) !== 58) return false;
    i++;
    if (i === n) return false; // a single trailing ':'
    if (s.charCodeAt(i) === 58) {
      if (dbl >= 0) return false;
      dbl = g;
      i++;
    }
  }
  if (dbl < 0) {
    if (g !== 8) return false;
  } else {
    if (g > 7) return false;
    const shift = 8 - g;
    for (let k = g - 1; k >= dbl; k--) G[k + shift] = G[k]!;
    for (let k = dbl; k < dbl + shift; k++) G[k] = 0;
  }
  out[0] = ((G[0]! << 16) | G[1]!) >>> 0;
  out[1] = ((G[2]! << 16) | G[3]!) >>> 0;
  out[2] = ((G[4]! << 16) | G[5]!) >>> 0;
  out[3] = ((G[6]! << 16) | G[7]!) >>> 0;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Conversions and canonical text
// ---------------------------------------------------------------------------------------------

/** Canonical dotted quad of an unsigned 32-bit value. */
export function formatIpv4(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** Canonical RFC 5952 text of a 128-bit value given as four 32-bit words. */
export function formatIpv6Words(w: ArrayLike<number>): string {
  const g = [
    w[0]! >>> 16, w[0]! & 0xffff, w[1]! >>> 16, w[1]! & 0xffff,
    w[2]! >>> 16, w[2]! & 0xffff, w[3]! >>> 16, w[3]! & 0xffff,
  ];
  if (w[0] === 0 && w[1] === 0 && w[2] === 0xffff) return `::ffff:${formatIpv4(w[3]!)}`;
  let bestStart = -1;
  let bestLen = 1; // RFC 5952 4.2.2: '::' never stands for a single group
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = g.map((x) => x.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/** The four 32-bit words of a 128-bit BigInt. */
export function bigintToWords(v: bigint, out: Uint32Array = new Uint32Array(4)): Uint32Array {
  out[0] = Number((v >> 96n) & 0xffffffffn);
  out[1] = Number((v >> 64n) & 0xffffffffn);
  out[2] = Number((v >> 32n) & 0xffffffffn);
  out[3] = Number(v & 0xffffffffn);
  return out;
}

/** The 128-bit BigInt of four 32-bit words. */
export function wordsToBigint(w: ArrayLike<number>): bigint {
  return (BigInt(w[0]!) << 96n) | (BigInt(w[1]!) << 64n) | (BigInt(w[2]!) << 32n) | BigInt(w[3]!);
}

/** Canonical text of an address given as a BigInt (32 bits for IPv4, 128 for IPv6). */
export function formatAddress(family: Family, value: bigint): string {
  return family === 4 ? formatIpv4(Number(value)) : formatIpv6Words(bigintToWords(value));
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
// Readable path: says why.
// ---------------------------------------------------------------------------------------------

const HEX4 = /^[0-9a-fA-F]{1,4}$/;

/** Returns the reason a dotted quad is refused, or its value. */
function ipv4Slow(text: string): { value: number } | { reason: string } {
  if (text === '') return { reason: 'empty' };
  const parts = text.split('.');
  if (parts.length === 1) {
    if (/^\d+$/.test(text)) {
      const n = Number(text);
      const hint = n <= 0xffffffff && !/^0\d/.test(text) ? ` (${formatIpv4(n)})` : '';
      return { reason: `a single number is not an IPv4 address; write the dotted quad${hint}` };
    }
    if (/^0x/i.test(text)) return { reason: 'hexadecimal numbers are not IPv4 addresses; write the dotted quad' };
    return { reason: 'neither an IPv4 dotted quad nor an IPv6 address' };
  }
  for (const p of parts) {
    if (/^0x/i.test(p)) return { reason: `part '${p}' is hexadecimal; only decimal parts are accepted` };
  }
  for (const p of parts) {
    const bad = /[^0-9]/.exec(p);
    if (bad) return { reason: `unexpected character '${bad[0]}' in part '${p}'; an IPv4 part is 0-255 in decimal` };
  }
  if (parts.length !== 4) {
    return {
      reason: `has ${parts.length} parts; an IPv4 address has exactly 4 (shorthand like 127.1 is not accepted)`,
    };
  }
  let value = 0;
  for (let k = 0; k < 4; k++) {
    const p = parts[k]!;
    if (p === '') return { reason: `part ${k + 1} is empty` };
    if (p.length > 1 && p.startsWith('0')) {
      return { reason: `part '${p}' has a leading zero (some parsers read it as octal); write '${Number(p)}'` };
    }
    const n = Number(p);
    if (n > 255) return { reason: `part '${p}' is greater than 255` };
    value = value * 256 + n;
  }
  return { value };
}

/** Returns the reason an IPv6 text is refused, or its eight 16-bit groups. */
function ipv6Slow(text: string): { groups: number[] } | { reason: string } {
  const bad = /[^0-9a-fA-F:.]/.exec(text);
  if (bad) return { reason: `unexpected character '${bad[0]}' at position ${bad.index + 1}` };
  if (text.includes(':::')) return { reason: "':::' is not valid; '::' stands for any run of zero groups" };
  const halves = text.split('::');
  if (halves.length > 2) return { reason: "'::' may appear only once" };
  if (halves.length === 1 && text.startsWith(':')) return { reason: "starts with a single ':'" };
  if (halves.length === 1 && text.endsWith(':')) return { reason: "ends with a single ':'" };
  if (halves.length === 2 && halves[0]!.startsWith(':')) return { reason: "starts with a single ':'" };
  if (halves.length === 2 && halves[1]!.endsWith(':')) return { reason: "ends with a single ':'" };
  const lists = halves.map((h) => (h === '' ? [] : h.split(':')));
  const all = lists.flat();
  const groups: number[][] = [];
  for (let li = 0; li < lists.length; li++) {
    const out: number[] = [];
    const list = lists[li]!;
    for (let k = 0; k < list.length; k++) {
      const part = list[k]!;
      const isLast = li === lists.length - 1 && k === list.length - 1;
      if (part.includes('.')) {
        if (!isLast) return { reason: `an embedded IPv4 address ('${part}') is allowed only as the last 32 bits` };
        const v4 = ipv4Slow(part);
        if ('reason' in v4) return { reason: `the IPv4 tail '${part}' ${v4.reason}` };
        out.push(v4.value >>> 16, v4.value & 0xffff);
        continue;
      }
      if (part === '') return { reason: "an empty group; two ':' in a row only as the one '::'" };
      if (!HEX4.test(part)) return { reason: `group '${part}' has more than 4 hex digits` };
      out.push(parseInt(part, 16));
    }
    groups.push(out);
  }
  const count = groups.reduce((a, l) => a + l.length, 0);
  if (groups.length === 1) {
    if (count !== 8) {
      return { reason: `has ${count} groups of 16 bits; a full IPv6 address has 8 (or use '::' for a run of zeros)` };
    }
    return { groups: groups[0]! };
  }
  if (count > 7) {
    return { reason: `'::' must stand for at least one zero group, but ${count} groups are written (${all.length} parts)` };
  }
  return { groups: [...groups[0]!, ...new Array<number>(8 - count).fill(0), ...groups[1]!] };
}

interface RawAddress {
  family: Family;
  value: bigint;
}

/** The shared address step of parseAddress and parseBlock; `input` is what errors name. */
function parseAddressPart(text: string, input: string): RawAddress {
  if (typeof text !== 'string') {
    throw new AddressParseError(asText(input), `expected a string, got ${text === null ? 'null' : typeof text}`);
  }
  if (text === '') throw new AddressParseError(input, 'empty');
  const ws = /\s/.exec(text);
  if (ws) {
    const where = ws.index === 0 ? 'leading' : ws.index === text.length - 1 ? 'trailing' : 'inner';
    throw new AddressParseError(input, `contains ${where} whitespace`);
  }
  const pct = text.indexOf('%');
  if (pct >= 0) {
    throw new AddressParseError(
      input,
      `zone ids ('${text.slice(pct)}') are not accepted: they only mean something on one host; write the address without it`,
    );
  }
  if (text.includes('[') || text.includes(']')) {
    throw new AddressParseError(input, "brackets are URL syntax; write the address without '[' and ']'");
  }
  if (text.includes(':')) {
    const r = ipv6Slow(text);
    if ('reason' in r) throw new AddressParseError(input, r.reason);
    let value = 0n;
    for (const g of r.groups) value = (value << 16n) | BigInt(g);
    return { family: 6, value };
  }
  const r = ipv4Slow(text);
  if ('reason' in r) throw new AddressParseError(input, r.reason);
  return { family: 4, value: BigInt(r.value) };
}

function mappedOf(value: bigint): string | null {
  return value >> 32n === 0xffffn ? formatIpv4(Number(value & 0xffffffffn)) : null;
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
  if (typeof text === 'string' && text.includes('/')) {
    throw new AddressParseError(text, "a block (with '/'), not a single address");
  }
  const { family, value } = parseAddressPart(text, text);
  return {
    family,
    text: formatAddress(family, value),
    value,
    mappedIpv4: family === 6 ? mappedOf(value) : null,
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
  if (typeof text !== 'string') parseAddressPart(text, text); // throws the type error
  return parseBlockFast(text, options?.normalize === true) ?? parseBlockReadable(text, options ?? {});
}

/** parseBlock without the fast path: the reference the fast path is tested against. Internal. */
export function parseBlockReadable(text: string, options: ParseBlockOptions = {}): ParsedBlock {
  const slash = text.indexOf('/');
  const addrText = slash < 0 ? text : text.slice(0, slash);
  const { family, value } = parseAddressPart(addrText, text);
  const bits = familyBits(family);
  let prefix: number = bits;
  if (slash >= 0) {
    const p = text.slice(slash + 1);
    if (p === '') throw new AddressParseError(text, "missing prefix length after '/'");
    if (p.includes('/')) throw new AddressParseError(text, "more than one '/'");
    if (!/^\d+$/.test(p)) throw new AddressParseError(text, `prefix length '${p}' is not a decimal number`);
    if (p.length > 1 && p.startsWith('0')) {
      throw new AddressParseError(text, `prefix length '${p}' has a leading zero; write '${Number(p)}'`);
    }
    prefix = Number(p);
    if (prefix > bits) {
      throw new AddressParseError(text, `prefix length ${p} is out of range 0-${bits} for IPv${family}`);
    }
  }
  const host = BigInt(bits - prefix);
  const first = (value >> host) << host;
  if (first !== value && options.normalize !== true) {
    const canonical = formatBlock(family, first, prefix);
    throw new AddressParseError(text, `host bits set; did you mean ${canonical}?`, canonical);
  }
  return {
    family,
    text: formatBlock(family, first, prefix),
    prefix,
    first,
    last: first | ((1n << host) - 1n),
  };
}

const BLOCK_WORDS = /* @__PURE__ */ new Uint32Array(4);

/**
 * The common case of parseBlock without regexes or splitting: a valid block, or null to let the readable
 * parser find the reason (and to handle anything unusual). Never accepts what parseBlock would refuse.
 */
function parseBlockFast(text: string, normalize: boolean): ParsedBlock | null {
  const slash = text.indexOf('/');
  const end = slash < 0 ? text.length : slash;
  let prefix = -1;
  if (slash >= 0) {
    const n = text.length - slash - 1;
    if (n < 1 || n > 3) return null;
    prefix = 0;
    for (let i = slash + 1; i < text.length; i++) {
      const d = text.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return null;
      prefix = prefix * 10 + d;
    }
    if (n > 1 && text.charCodeAt(slash + 1) === 48) return null; // leading zero
  }
  const v4 = ipv4RangeToInt(text, 0, end);
  if (v4 >= 0) {
    if (prefix > 32) return null;
    if (prefix < 0) prefix = 32;
    const size = 2 ** (32 - prefix);
    const first = v4 - (v4 % size);
    if (first !== v4 && !normalize) return null;
    return {
      family: 4,
      text: first === v4 && slash >= 0 ? text : `${formatIpv4(first)}/${prefix}`,
      prefix,
      first: BigInt(first),
      last: BigInt(first + size - 1),
    };
  }
  const w = BLOCK_WORDS;
  if (!ipv6ToWords(slash < 0 ? text : text.slice(0, slash), w)) return null;
  if (prefix > 128) return null;
  if (prefix < 0) prefix = 128;
  const value = wordsToBigint(w);
  const host = BigInt(128 - prefix);
  const first = (value >> host) << host;
  if (first !== value && !normalize) return null;
  return { family: 6, text: formatBlock(6, first, prefix), prefix, first, last: first | ((1n << host) - 1n) };
}

