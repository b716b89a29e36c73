/**
 * The allocation-free address scanners the lookup table runs on every check, and canonical text.
 * No objects, no strings, no BigInt on the scanning path. Internal (parseAddress and parseBlock in
 * address.ts are the public face).
 */
import type { Family } from './types.js';

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
