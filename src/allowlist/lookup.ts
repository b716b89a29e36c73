/**
 * What `AllowedIpList.check` looks addresses up in and answers with: the range table of the entries
 * that apply to a category, built straight from packed entries (typed arrays, no entry objects), and
 * the answer of the entry a lookup lands on, made from the same arrays. Internal to src/allowlist/.
 *
 * An answer is a new plain object each time, not a stored one: a stored answer per entry is an object
 * somewhere on the heap, and checks spread over 100,000 entries then miss the CPU caches on it (in a
 * row, 2.3x slower than over 1,000 entries with stored answers, 1.5-1.6x with new ones; bench/allowlist.ts).
 * What a lookup reads is one byte of bits per entry and the entry's block text (formatted once).
 */
import { bigintToWords } from './address.js';
import { categoryOfRank, rankOf } from './categories.js';
import { blockAt, type Entry } from './entry.js';
import { type Packed, PackedBuilder } from './packed.js';
import { RangeTable } from './table.js';
import type { CheckResult, ListCategory } from './types.js';

/** The category of each rank (categories.ts), as one array a lookup indexes. */
const RANKED: ReadonlyArray<ListCategory | null> = /* @__PURE__ */ [0, 1, 2, 3, 4].map(categoryOfRank);

/** The entries of a list, in their stable order, packed for lookups. */
export class Answers {
  readonly #packed: Packed;
  /**
   * Per entry what its answer needs but the block and the description, in one byte: (described ? 16 :
   * 0) | category rank << 1 | (deny ? 1 : 0). A byte, not the description index in a wider word: a
   * list of 100,000 entries then keeps 100 KB of these in the caches, not 400 KB.
   */
  readonly #meta: Uint8Array;
  /** Per entry the index of its description in `#texts` (0: none), read only for a described entry. */
  readonly #described: Uint32Array;
  readonly #texts: readonly string[];
  /** Each entry's block text, made on the first check it decides. */
  readonly #blocks: Array<string | undefined>;

  /** From the packed entries fromText read, or from entry objects (packed here). */
  constructor(source: Packed | readonly Entry[]) {
    this.#packed = 'info' in source ? source : pack(source);
    this.#blocks = new Array<string | undefined>(this.#packed.count);
    const { count, info, described, texts } = this.#packed;
    this.#meta = new Uint8Array(count);
    this.#described = described;
    for (let index = 0; index < count; index++) {
      this.#meta[index] = (described[index]! === 0 ? 0 : 16) | (((info[index]! >>> 2) & 7) << 1) | (info[index]! & 1);
    }
    this.#texts = texts;
  }

  /** The table of the entries that apply to `category` (all without one); a row is an entry index. */
  table(category: ListCategory | undefined): RangeTable {
    if (category === undefined) return RangeTable.fromRows(this.#packed);
    const wanted = rankOf(category);
    return RangeTable.fromRows(this.#packed, (info) => {
      const rank = (info >>> 2) & 7;
      return rank === 0 || rank === wanted;
    });
  }

  /** The answer of `check` when the entry at `index` decides: a new object, the caller's to keep. */
  at(index: number): CheckResult {
    const meta = this.#meta[index]!;
    return {
      allowed: (meta & 1) === 0,
      block: this.#blocks[index] ?? this.#block(index),
      category: RANKED[(meta >>> 1) & 7]!,
      description: meta < 16 ? null : this.#texts[this.#described[index]!]!,
    };
  }

  #block(index: number): string {
    return (this.#blocks[index] = blockAt(this.#packed, index));
  }
}

/** Entry objects (in their stable order, no two equal) packed as fromText packs them. */
function pack(entries: readonly Entry[]): Packed {
  const builder = new PackedBuilder(entries.length);
  const words = new Uint32Array(4);
  for (const { family, first, prefix, category, deny, description } of entries) {
    bigintToWords(family === 4 ? first << 96n : first, words);
    builder.add({ family, prefix, rank: rankOf(category), deny, description, line: 0, lineStart: 0, offset: 0 }, words);
  }
  return builder.finish().packed;
}

/** The answer of `check` when no entry contains the address (a new object). */
export function noMatch(): CheckResult {
  return { allowed: false, block: null, category: null, description: null };
}
