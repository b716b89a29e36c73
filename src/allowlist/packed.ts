/**
 * Entries packed in typed arrays: what `fromText` builds, so that a list of a million entries costs a
 * few typed arrays instead of a million objects, strings and BigInts (bench/allowlist-input.ts prints
 * the heap). Sorted into the stable order by integer keys, duplicates found next to each other after
 * the sort, and `Entry` objects made only when asked for. Internal to src/allowlist/.
 */
import type { Family } from './types.js';

/** Entries in their stable order, no two equal. */
export interface Packed {
  readonly count: number;
  /** Per entry four big-endian 32-bit words of the first address (IPv4: the address in word 0). */
  readonly words: Uint32Array;
  /** Per entry: prefix << 5 | category rank << 2 | (IPv6 ? 2 : 0) | (deny ? 1 : 0). */
  readonly info: Uint16Array;
  /** Per entry the index of its description in `texts` (0: none). */
  readonly described: Uint32Array;
  /** Descriptions, each once; [0] is unused. */
  readonly texts: readonly string[];
}

/** One entry to add, its block already split into words and prefix. */
export interface PackedItem {
  family: Family;
  prefix: number;
  rank: number;
  deny: boolean;
  description: string | null;
  /** Line of the entry (numbered from 1), and the offsets of the line and of its block in the text. */
  line: number;
  lineStart: number;
  offset: number;
}

/** A duplicate found by {@link PackedBuilder.finish}: where its block is, and the line of the first. */
export interface Duplicate {
  line: number;
  lineStart: number;
  offset: number;
  firstLine: number;
}

/** Collects entries in any order; `finish` sorts them and finds duplicates. */
export class PackedBuilder {
  count = 0;
  words: Uint32Array;
  info: Uint16Array;
  described: Uint32Array;
  lines: Uint32Array;
  lineStarts: Uint32Array;
  offsets: Uint32Array;
  readonly texts: string[] = [''];
  readonly #textIndex = new Map<string, number>();

  /** A builder with room for `capacity` entries before it grows. */
  constructor(capacity = 1024) {
    const size = Math.max(capacity, 16);
    this.words = new Uint32Array(size * 4);
    this.info = new Uint16Array(size);
    this.described = new Uint32Array(size);
    this.lines = new Uint32Array(size);
    this.lineStarts = new Uint32Array(size);
    this.offsets = new Uint32Array(size);
  }

  /** Adds an entry; `words` are its first address (IPv4: the address in word 0, the others 0). */
  add(item: PackedItem, words: Uint32Array): void {
    const index = this.count++;
    if (index === this.info.length) this.#grow();
    const at = index * 4;
    this.words[at] = words[0]!;
    this.words[at + 1] = words[1]!;
    this.words[at + 2] = words[2]!;
    this.words[at + 3] = words[3]!;
    this.info[index] = (item.prefix << 5) | (item.rank << 2) | (item.family === 6 ? 2 : 0) | (item.deny ? 1 : 0);
    this.described[index] = item.description === null ? 0 : this.#textOf(item.description);
    this.lines[index] = item.line;
    this.lineStarts[index] = item.lineStart;
    this.offsets[index] = item.offset;
  }

  #textOf(text: string): number {
    let index = this.#textIndex.get(text);
    if (index === undefined) {
      index = this.texts.push(text) - 1;
      this.#textIndex.set(text, index);
    }
    return index;
  }

  #grow(): void {
    const size = this.info.length * 2;
    const grown = <T extends Uint32Array | Uint16Array>(array: T, make: new (size: number) => T, length: number) => {
      const copy = new make(length);
      copy.set(array);
      return copy;
    };
    this.words = grown(this.words, Uint32Array, size * 4);
    this.info = grown(this.info, Uint16Array, size);
    this.described = grown(this.described, Uint32Array, size);
    this.lines = grown(this.lines, Uint32Array, size);
    this.lineStarts = grown(this.lineStarts, Uint32Array, size);
    this.offsets = grown(this.offsets, Uint32Array, size);
  }

  /** The entries in their stable order, and the duplicates (same block, category and action) by line. */
  finish(): { packed: Packed; duplicates: Duplicate[] } {
    const order = sortedOrder(this);
    const duplicates: Duplicate[] = [];
    const count = this.count;
    const words = new Uint32Array(count * 4);
    const info = new Uint16Array(count);
    const described = new Uint32Array(count);
    let kept = 0;
    let previous = -1;
    for (let position = 0; position < count; position++) {
      const index = order[position]!;
      if (previous >= 0 && sameEntry(this, previous, index)) {
        const [line, lineStart, offset] = [this.lines[index]!, this.lineStarts[index]!, this.offsets[index]!];
        duplicates.push({ line, lineStart, offset, firstLine: this.lines[previous]! });
        continue;
      }
      previous = index;
      for (let word = 0; word < 4; word++) words[kept * 4 + word] = this.words[index * 4 + word]!;
      info[kept] = this.info[index]!;
      described[kept++] = this.described[index]!;
    }
    duplicates.sort((left, right) => left.line - right.line);
    const packed = {
      count: kept,
      words: kept === count ? words : words.slice(0, kept * 4),
      info: info.subarray(0, kept),
      described: described.subarray(0, kept),
      texts: this.texts,
    };
    return { packed, duplicates };
  }
}

/** Whether entries `left` and `right` have the same block, category and action. */
function sameEntry(builder: PackedBuilder, left: number, right: number): boolean {
  const { words, info } = builder;
  return (
    info[left] === info[right] &&
    words[left * 4] === words[right * 4] &&
    words[left * 4 + 1] === words[right * 4 + 1] &&
    words[left * 4 + 2] === words[right * 4 + 2] &&
    words[left * 4 + 3] === words[right * 4 + 3]
  );
}

/** Index bits of a sort key: up to 2^21 entries sort by integer keys alone. */
const INDEX_BITS = 21;

/**
 * The entry indexes in the stable order (category, family, address, prefix, allow before deny), equal
 * entries by index. One native sort of 64-bit keys: rank (3 bits), family (1), 39 bits of the entry,
 * index (21). For IPv4 the 39 bits are the address, prefix and action, so the key decides; for IPv6
 * they are the top of the address, and runs that share them are sorted by comparing words.
 */
function sortedOrder(builder: PackedBuilder): Uint32Array {
  const { count, words, info } = builder;
  const compare = (left: number, right: number) => compareAt(builder, left, right);
  if (count >= 2 ** INDEX_BITS) return new Uint32Array(count).map((_, index) => index).sort(compare);
  const keys = new BigUint64Array(count);
  const halves = new Uint32Array(keys.buffer);
  // Which 32-bit half of a 64-bit key comes first in memory: the low one on a little-endian platform.
  const [low, high] = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? [0, 1] : [1, 0];
  for (let index = 0; index < count; index++) {
    const bits = info[index]!;
    const w0 = words[index * 4]!;
    const tail = bits & 2 ? words[index * 4 + 1]! >>> 25 : ((bits >>> 5) << 1) | (bits & 1);
    halves[index * 2 + high] = ((((bits >>> 2) & 7) << 29) | ((bits & 2) << 27) | (w0 >>> 4)) >>> 0;
    halves[index * 2 + low] = ((((w0 & 15) << 7) | tail) << INDEX_BITS) | index;
  }
  keys.sort();
  const order = new Uint32Array(count);
  const mask = (1 << INDEX_BITS) - 1;
  for (let position = 0; position < count; position++) order[position] = halves[position * 2 + low]! & mask;
  // IPv6 runs with the same 43 leading key bits: sort them by the whole entry.
  let start = 0;
  for (let position = 1; position <= count; position++) {
    const same =
      position < count &&
      halves[position * 2 + high] === halves[start * 2 + high] &&
      halves[position * 2 + low]! >>> INDEX_BITS === halves[start * 2 + low]! >>> INDEX_BITS;
    if (same) continue;
    if (position - start > 1 && info[order[start]!]! & 2) order.subarray(start, position).sort(compare);
    start = position;
  }
  return order;
}

/** The stable order of two entries of the builder, by index when equal. */
function compareAt(builder: PackedBuilder, left: number, right: number): number {
  const { words, info } = builder;
  const leftInfo = info[left]!;
  const rightInfo = info[right]!;
  const byKind = (((leftInfo >>> 1) & 15) - ((rightInfo >>> 1) & 15)) * 2;
  if (byKind !== 0) return byKind;
  for (let word = 0; word < 4; word++) {
    const difference = words[left * 4 + word]! - words[right * 4 + word]!;
    if (difference !== 0) return difference;
  }
  return (leftInfo >>> 5) - (rightInfo >>> 5) || (leftInfo & 1) - (rightInfo & 1) || left - right;
}
