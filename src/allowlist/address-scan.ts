/**
 * The allocation-free address scanners the lookup table runs on every check.
 * No objects, no strings, no BigInt on the scanning path. One grammar: a scanner that refuses writes
 * what it found and where into {@link FAILURE} (as Go's net/netip keeps `{in, msg, at}`), and
 * address-reason.ts turns that into words. Internal (parseAddress and parseBlock in address.ts are
 * the public face).
 */
/**
 * The codes the scanners write: numbers, so that the scanning path holds no strings. Each is the
 * index of its row in address-reason.ts's table, whose name is the constant's in lower case with
 * '-' for '_' (test/allowlist/address.test.ts checks both).
 */
export const EMPTY = 0;
export const IPV4_CHARACTER = 1;
export const IPV4_TOO_FEW_PARTS = 2;
export const IPV4_TOO_MANY_PARTS = 3;
export const IPV4_EMPTY_PART = 4;
export const IPV4_LEADING_ZERO = 5;
export const IPV4_OVER_255 = 6;
export const IPV6_CHARACTER = 7;
export const IPV6_LEADING_COLON = 8;
export const IPV6_TRAILING_COLON = 9;
export const IPV6_TRIPLE_COLON = 10;
export const IPV6_SECOND_GAP = 11;
export const IPV6_GROUP_DIGITS = 12;
export const IPV6_TOO_FEW_GROUPS = 13;
export const IPV6_TOO_MANY_GROUPS = 14;
export const IPV6_NO_ZERO_GROUP = 15;
export const IPV6_TAIL_NOT_LAST = 16;
export const PREFIX_MISSING = 17;
export const PREFIX_SECOND_SLASH = 18;
export const PREFIX_NOT_DECIMAL = 19;
export const PREFIX_LEADING_ZERO = 20;
export const PREFIX_RANGE = 21;

/**
 * The last refusal of a scanner: `code` (one of the numbers above), `at` (0-based index into the
 * scanned text: the offending character, or the start of the offending part), `count` (the part or
 * group count, or the prefix's bit width, for the codes whose words need one) and `tail` (where the
 * IPv4 tail of an IPv6 address starts when the failure is inside it; explainAddress sets -1 before
 * it asks). Written only when a scanner refuses; one object, so refusing allocates nothing. Internal.
 */
export const FAILURE = { code: EMPTY, at: 0, count: 0, tail: -1 };

/** Records a refusal in {@link FAILURE}; returns -1, the scanners' "no". */
function fail(code: number, at: number, count = 0): -1 {
  FAILURE.code = code;
  FAILURE.at = at;
  FAILURE.count = count;
  return -1;
}

/** {@link fail} for the IPv6 scanner, which answers false. */
function refuse(code: number, at: number, count = 0): false {
  fail(code, at, count);
  return false;
}

/**
 * Parses a strict dotted quad in `text[start, end)` to an unsigned 32-bit integer (as a non-negative
 * number), or returns -1 with the reason in {@link FAILURE}. Internal: the lookup table's hot path
 * (an IPv6 address is refused at its first ':', within five characters).
 */
export function ipv4RangeToInt(text: string, start: number, end: number): number {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let at = start; at < end; at++) {
    const digit = text.charCodeAt(at) - 48;
    if (digit === -2) {
      // '.': after a part, at most 3
      if (!digits) return fail(IPV4_EMPTY_PART, at, dots + 1);
      if (dots++ > 2) return fail(IPV4_TOO_MANY_PARTS, at);
      value = value * 256 + part;
      part = digits = 0;
    } else if (digit >>> 0 > 9) return fail(IPV4_CHARACTER, at);
    else if (digits && !part) return fail(IPV4_LEADING_ZERO, at - 1);
    else if ((part = part * 10 + digit) > 255) return fail(IPV4_OVER_255, at - digits);
    else digits++;
  }
  if (digits && dots > 2) return value * 256 + part;
  if (start === end) return fail(EMPTY, start);
  return dots < 3 ? fail(IPV4_TOO_FEW_PARTS, end, dots + 1) : fail(IPV4_EMPTY_PART, end, 4);
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
    if (text.charCodeAt(1) !== 58) return refuse(IPV6_LEADING_COLON, 0);
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
      const v4 = ipv4RangeToInt(text, start, length);
      if (v4 < 0) return refuseTail(text, start);
      groups[count++] = v4 >>> 16;
      groups[count++] = v4 & 0xffff;
      break;
    }
    if (at === start) {
      return text.charCodeAt(at) === 58 ? refuse(IPV6_TRIPLE_COLON, at - 2) : refuse(IPV6_CHARACTER, at);
    }
    if (at - start > 4) return refuse(IPV6_GROUP_DIGITS, start);
    if (count > 7) return refuseTooMany(text, gap, start);
    groups[count++] = value;
    if (at === length) break;
    // A ':' and not a trailing single one; then maybe the one '::'.
    if (text.charCodeAt(at) !== 58) return refuse(IPV6_CHARACTER, at);
    if (++at === length) return refuse(IPV6_TRAILING_COLON, at - 1);
    if (text.charCodeAt(at) === 58) {
      if (gap < NO_GAP) return refuse(IPV6_SECOND_GAP, at - 1);
      gap = count;
      at++;
    }
  }
  // Eight groups, or fewer and '::' standing for at least one zero group: move the groups after it to
  // the end (from the last down, so that none is overwritten before it moves) and zero the gap.
  if (gap === NO_GAP && count < 8) return refuse(IPV6_TOO_FEW_GROUPS, length, count);
  if (gap < NO_GAP && count > 7) return refuse(IPV6_NO_ZERO_GROUP, text.indexOf('::'));
  for (let slot = 7; slot >= gap; slot--) groups[slot] = slot - 8 + count >= gap ? groups[slot - 8 + count]! : 0;
  for (let word = 0; word < 4; word++) out[word] = (groups[2 * word]! << 16) | groups[2 * word + 1]!;
  return true;
}

/** Refuses more groups than fit (at the group that does not): with a '::', it can stand for none. */
function refuseTooMany(text: string, gap: number, start: number): false {
  return gap < NO_GAP ? refuse(IPV6_NO_ZERO_GROUP, text.indexOf('::')) : refuse(IPV6_TOO_MANY_GROUPS, start);
}

/** Refuses an IPv6 address whose IPv4 tail the IPv4 scanner refused (its reason is in FAILURE). */
function refuseTail(text: string, start: number): false {
  if (FAILURE.code === IPV4_CHARACTER && text.charCodeAt(FAILURE.at) === 58) {
    return refuse(IPV6_TAIL_NOT_LAST, start);
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
  if (start === end) return fail(PREFIX_MISSING, start, bits);
  let value = 0;
  for (let at = start; at < end; at++) {
    const digit = text.charCodeAt(at) - 48;
    if (digit >>> 0 > 9) return fail(digit === -1 ? PREFIX_SECOND_SLASH : PREFIX_NOT_DECIMAL, at, bits);
    value = value * 10 + digit;
  }
  if (text.charCodeAt(start) === 48 && end > start + 1) return fail(PREFIX_LEADING_ZERO, start, bits);
  return value <= bits ? value : fail(PREFIX_RANGE, start, bits);
}

/** Canonical dotted quad of an unsigned 32-bit value. */
export function formatIpv4(value: number): string {
  return `${value >>> 24}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}
