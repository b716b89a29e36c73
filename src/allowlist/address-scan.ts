/**
 * The allocation-free address scanners the lookup table runs on every check, and canonical text.
 * No objects, no strings, no BigInt on the scanning path. One grammar: a scanner that refuses writes
 * what it found and where into {@link FAILURE} (as Go's net/netip keeps `{in, msg, at}`), and
 * address-reason.ts turns that into words. Internal (parseAddress and parseBlock in address.ts are
 * the public face).
 */
import type { AddressFailure } from './address-reason.js';
import type { Family } from './types.js';

/**
 * The last refusal of a scanner: `code`, `at` (0-based index into the scanned text: the offending
 * character, or the start of the offending part), `count` (the part or group count, or the prefix's
 * bit width, for the codes whose words need one) and `tail` (where the IPv4 tail of an IPv6 address
 * starts when the failure is inside it, else -1). Written only when a scanner refuses; one object,
 * so refusing allocates nothing. Internal.
 */
export const FAILURE = { code: 'empty' as AddressFailure, at: 0, count: 0, tail: -1 };

/** Records a refusal in {@link FAILURE}; returns -1, the scanners' "no". */
function fail(code: AddressFailure, at: number, count = 0): -1 {
  FAILURE.code = code;
  FAILURE.at = at;
  FAILURE.count = count;
  FAILURE.tail = -1;
  return -1;
}

/** {@link fail} for the IPv6 scanner, which answers false. */
function refuse(code: AddressFailure, at: number, count = 0): false {
  fail(code, at, count);
  return false;
}

/**
 * Scans a strict dotted quad in `text[start, end)`: the unsigned 32-bit value (a non-negative number),
 * or -1 with the reason in {@link FAILURE}. Internal.
 */
export function scanIpv4(text: string, start: number, end: number): number {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let at = start; at < end; at++) {
    const digit = text.charCodeAt(at) - 48;
    if (digit === -2) {
      // '.': after a part, at most 3
      if (!digits) return fail('ipv4-empty-part', at, dots + 1);
      if (dots++ > 2) return fail('ipv4-too-many-parts', at);
      value = value * 256 + part;
      part = digits = 0;
    } else if (digit >>> 0 > 9) return fail('ipv4-character', at);
    else if (digits && !part) return fail('ipv4-leading-zero', at - 1);
    else if ((part = part * 10 + digit) > 255) return fail('ipv4-over-255', at - digits);
    else digits++;
  }
  if (digits && dots > 2) return value * 256 + part;
  if (start === end) return fail('empty', start);
  return dots < 3 ? fail('ipv4-too-few-parts', end, dots + 1) : fail('ipv4-empty-part', end, 4);
}

/**
 * Parses a strict dotted quad in `text[start, end)` to an unsigned 32-bit integer (as a non-negative
 * number), or returns -1 (with the reason in {@link FAILURE}, except for text over 15 characters,
 * refused unread). Internal: the lookup table's hot path.
 */
export function ipv4RangeToInt(text: string, start: number, end: number): number {
  return end - start > 15 ? -1 : scanIpv4(text, start, end); // an IPv6 address, mostly
}

/** `ipv4RangeToInt` over the whole string: the unsigned 32-bit value, or -1. Internal. */
export function ipv4ToInt(text: string): number {
  return ipv4RangeToInt(text, 0, text.length);
}

const GROUPS = /* @__PURE__ */ new Uint32Array(8);

/** No gap: the value of `gap` in {@link ipv6ToWords} when no '::' was read (8 means after 8 groups). */
const NO_GAP = 9;

/**
 * Parses a strict IPv6 address (RFC 4291 text forms, any case, `::`, IPv4 tail; no zone id) into four
 * big-endian 32-bit words in `out`. Returns false (and leaves `out` unspecified, the reason in
 * {@link FAILURE}) when invalid. Internal.
 */
export function ipv6ToWords(text: string, out: Uint32Array): boolean {
  const length = text.length;
  const groups = GROUPS;
  let count = 0;
  let gap = NO_GAP; // the group '::' stands before
  let at = 0;
  if (text.charCodeAt(0) === 58) {
    if (text.charCodeAt(1) !== 58) return refuse('ipv6-leading-colon', 0);
    gap = 0;
    at = 2;
  }
  while (at < length) {
    const start = at;
    let value = 0;
    for (; at < length; at++) {
      const code = text.charCodeAt(at);
      const lower = code | 32; // 'A'-'F' to 'a'-'f'
      const nibble = (code - 48) >>> 0 < 10 ? code - 48 : (lower - 97) >>> 0 < 6 ? lower - 87 : -1;
      if (nibble < 0) break;
      value = (value << 4) | nibble;
    }
    if (at < length && text.charCodeAt(at) === 46) {
      // An IPv4 tail: the rest of the text, as the last two groups.
      if (count > 6) return refuseTooMany(text, gap, start);
      const v4 = scanIpv4(text, start, length);
      if (v4 < 0) return refuseTail(text, start);
      groups[count++] = v4 >>> 16;
      groups[count++] = v4 & 0xffff;
      break;
    }
    if (at === start) {
      return text.charCodeAt(at) === 58 ? refuse('ipv6-triple-colon', at - 2) : refuse('ipv6-character', at);
    }
    if (at - start > 4) return refuse('ipv6-group-digits', start);
    if (count > 7) return refuseTooMany(text, gap, start);
    groups[count++] = value;
    if (at === length) break;
    // A ':' and not a trailing single one; then maybe the one '::'.
    if (text.charCodeAt(at) !== 58) return refuse('ipv6-character', at);
    if (++at === length) return refuse('ipv6-trailing-colon', at - 1);
    if (text.charCodeAt(at) === 58) {
      if (gap < NO_GAP) return refuse('ipv6-second-gap', at - 1);
      gap = count;
      at++;
    }
  }
  // Eight groups, or fewer and '::' standing for at least one zero group: move the groups after it to
  // the end (from the last down, so that none is overwritten before it moves) and zero the gap.
  if (gap === NO_GAP && count < 8) return refuse('ipv6-too-few-groups', length, count);
  if (gap < NO_GAP && count > 7) return refuse('ipv6-no-zero-group', text.indexOf('::'));
  for (let slot = 7; slot >= gap; slot--) groups[slot] = slot - 8 + count >= gap ? groups[slot - 8 + count]! : 0;
  for (let word = 0; word < 4; word++) out[word] = (groups[2 * word]! << 16) | groups[2 * word + 1]!;
  return true;
}

/** Refuses more groups than fit (at the group that does not): with a '::', it can stand for none. */
function refuseTooMany(text: string, gap: number, start: number): false {
  return gap < NO_GAP ? refuse('ipv6-no-zero-group', text.indexOf('::')) : refuse('ipv6-too-many-groups', start);
}

/** Refuses an IPv6 address whose IPv4 tail the IPv4 scanner refused (its reason is in FAILURE). */
function refuseTail(text: string, start: number): false {
  if (FAILURE.code === 'ipv4-character' && text.charCodeAt(FAILURE.at) === 58) {
    return refuse('ipv6-tail-not-last', start);
  }
  FAILURE.tail = start;
  return false;
}

/**
 * The decimal prefix length in `text` from `start` to its end, at most `bits`, without sign or leading
 * zero; else -1 with the reason in {@link FAILURE} (`count` holds `bits`). Internal.
 */
export function scanPrefix(text: string, start: number, bits: number): number {
  const end = text.length;
  if (start === end) return fail('prefix-missing', start, bits);
  let value = 0;
  for (let at = start; at < end; at++) {
    const digit = text.charCodeAt(at) - 48;
    if (digit >>> 0 > 9) return fail(digit === -1 ? 'prefix-second-slash' : 'prefix-not-decimal', at, bits);
    value = value * 10 + digit;
  }
  if (text.charCodeAt(start) === 48 && end > start + 1) return fail('prefix-leading-zero', start, bits);
  return value <= bits ? value : fail('prefix-range', start, bits);
}

// ---------------------------------------------------------------------------------------------
// Conversions and canonical text
// ---------------------------------------------------------------------------------------------

/** Canonical dotted quad of an unsigned 32-bit value. */
export function formatIpv4(value: number): string {
  return `${value >>> 24}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

/** The four 32-bit words of a 128-bit BigInt. */
export function bigintToWords(value: bigint, out: Uint32Array = new Uint32Array(4)): Uint32Array {
  for (let word = 3; word >= 0; word--, value >>= 32n) out[word] = Number(value & 0xffffffffn);
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
