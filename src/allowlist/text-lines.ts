/**
 * The fast path of `fromText`: cuts the text into lines without making a string per line, and reads
 * the common line (an IPv4 or IPv6 block, optionally a description; printable ASCII, no `#`) straight
 * from the text into a {@link PackedBuilder}. Every other line (headings, `deny`, comments, errors,
 * non-ASCII) goes to the full reader, so both agree on every line. Internal to src/allowlist/.
 */
import { ipv4RangeToInt, ipv6ToWords } from './address.js';
import { blockIn, descriptionAfter } from './fields.js';
import { rankOf } from './categories.js';
import type { PackedBuilder, PackedItem } from './packed.js';
import type { ListCategory, ListParseIssue } from './types.js';

/** The state of one read: the entries so far, the problems, and the current heading's category. */
export interface Reader {
  builder: PackedBuilder;
  issues: ListParseIssue[];
  category: ListCategory | null;
  normalize: boolean | undefined;
  /** The line being read: its number (from 1) and its offset in the text. */
  line: number;
  lineStart: number;
}

const WORDS = /* @__PURE__ */ new Uint32Array(4);

/** The one item every fast line is added with (its fields overwritten each time). */
const ITEM: PackedItem = {
  family: 4,
  prefix: 0,
  rank: 0,
  deny: false,
  description: null,
  line: 0,
  lineStart: 0,
  offset: 0,
};

/**
 * Calls `slow(raw, line)` for every line the fast path does not read, with `reader.lineStart` set.
 * Line breaks as in text-format.ts: CRLF, LF, CR, VT, FF, NEL, U+2028, U+2029.
 */
export function readLines(text: string, reader: Reader, slow: (raw: string, line: number) => void): void {
  const length = text.length;
  let start = 0;
  for (let line = 1; ; line++) {
    let end = start;
    let plain = true; // printable ASCII or tab, no '#'
    for (; end < length; end++) {
      const code = text.charCodeAt(end);
      if (code >= 32 && code < 127) {
        if (code === 35) plain = false;
      } else if (code === 10 || code === 13 || code === 11 || code === 12) break;
      else if (code === 0x85 || code === 0x2028 || code === 0x2029) break;
      else if (code !== 9) plain = false;
    }
    reader.line = line;
    reader.lineStart = start;
    if (!plain || !readPlain(text, end, reader)) slow(text.slice(start, end), line);
    if (end >= length) return;
    start = end + (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? 2 : 1);
  }
}

/** The prefix length written in `text[start, end)`, at most `bits`, no leading zero; else -1. */
function prefixAt(text: string, start: number, end: number, bits: number): number {
  if (start === end || end - start > 3 || (text.charCodeAt(start) === 48 && end - start > 1)) return -1;
  let value = 0;
  for (let at = start; at < end; at++) {
    const digit = text.charCodeAt(at) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value <= bits ? value : -1;
}

/** Whether `value`, the top 32-bit word of an address masked to `bits` bits, has bits set past them. */
function hostBits(value: number, bits: number): boolean {
  // Shifting the network bits out leaves the host bits (a shift by 0 keeps all of them).
  return bits < 32 && value << (bits > 0 ? bits : 0) !== 0;
}

/**
 * Reads a plain line `text[start, end)` that is an entry of the common form into the builder; false
 * (nothing added) for any other line, which the full reader then reads.
 */
function readPlain(text: string, end: number, reader: Reader): boolean {
  let at = reader.lineStart;
  while (at < end && (text.charCodeAt(at) === 32 || text.charCodeAt(at) === 9)) at++;
  if (at === end) return true; // a blank line
  const tokenStart = at;
  let slash = -1;
  for (; at < end; at++) {
    const code = text.charCodeAt(at);
    if (code === 32 || code === 9) break;
    if (code === 47 && slash < 0) slash = at;
  }
  const tokenEnd = at;
  const addressEnd = slash < 0 ? tokenEnd : slash;
  const item = ITEM;
  const v4 = ipv4RangeToInt(text, tokenStart, addressEnd);
  const words = WORDS;
  if (v4 >= 0) {
    words[0] = v4;
    words[1] = words[2] = words[3] = 0;
    item.family = 4;
    item.prefix = slash < 0 ? 32 : prefixAt(text, slash + 1, tokenEnd, 32);
    if (item.prefix < 0 || hostBits(v4, item.prefix)) return false;
  } else {
    if (!ipv6ToWords(text.slice(tokenStart, addressEnd), words)) return false;
    const w0 = words[0]!;
    const w1 = words[1]!;
    const w2 = words[2]!;
    const w3 = words[3]!;
    const prefix = slash < 0 ? 128 : prefixAt(text, slash + 1, tokenEnd, 128);
    // Host bits, word by word; an IPv4-mapped block (::ffff:0:0/96 and inside) is the full reader's to refuse.
    if (prefix < 0 || (w0 === 0 && w1 === 0 && w2 === 0xffff && prefix >= 96)) return false;
    if (hostBits(w0, prefix) || hostBits(w1, prefix - 32) || hostBits(w2, prefix - 64) || hostBits(w3, prefix - 96))
      return false;
    item.family = 6;
    item.prefix = prefix;
  }
  let description: string | null = null;
  if (tokenEnd < end) {
    // As the full reader; a second block is its to refuse.
    description = descriptionAfter(text.slice(tokenEnd, end));
    if (description && blockIn(description) !== undefined) return false;
  }
  item.rank = rankOf(reader.category);
  item.deny = false;
  item.description = description;
  item.line = reader.line;
  item.lineStart = reader.lineStart;
  item.offset = tokenStart;
  reader.builder.add(item, words);
  return true;
}
