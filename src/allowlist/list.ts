/**
 * `AllowedIpList`: Vonage's allowed IP list as data. Read from text or JSON (docs/list-format.md), write
 * back to both, edit with add/remove, and answer `check(ip)` from a lazily built range table.
 */
import { AddressParseError, asText, mappedBlockReason, parseAddress, parseBlock } from './address.js';
import { CATEGORIES, isCategory } from './categories.js';
import { compareEntries, type Entry, makeEntry, matcher, toListEntry, unpack } from './entry.js';
import { checkField, preview, refuse } from './fields.js';
import { type JsonMeta, readJson, type ToJsonOptions, writeJson } from './json-format.js';
import type { Packed } from './packed.js';
import { Answers, noMatch } from './lookup.js';
import { INVALID, type RangeTable } from './table.js';
import { type FromTextOptions, readText, writeText } from './text-format.js';
import type {
  AddOptions,
  AllowedIpListJson,
  AllowlistLike,
  ListCategory,
  CheckOptions,
  CheckResult,
  EntryQuery,
  ListEntry,
} from './types.js';

export type { FromTextOptions, ToJsonOptions };

/**
 * Vonage's allowed IP list: blocks for media servers, TURN servers, the API server and logging servers,
 * each optionally with a description, plus optional deny entries.
 *
 * **The check rule.** For an address, the deciding entry is the most specific (longest prefix) *deny*
 * entry that contains it, if any: then `allowed` is false and `block` is that deny block. Otherwise it is
 * the most specific *allow* entry that contains it (`allowed` true), else none (`allowed` false, `block`
 * null). Deny wins even over a narrower allow block. An IPv4-mapped IPv6 address (`::ffff:192.0.2.1`) is
 * checked as the IPv4 address it carries, against IPv4 entries only. When the same block is listed in
 * several categories, the first in list order (uncategorized, media, turn, api, logging) answers.
 */
export class AllowedIpList implements AllowlistLike {
  /** Sorted by compareEntries, no two equal; null until made from #packed. */
  #list: Entry[] | null = [];
  /** The entries as fromText read them, packed, until the list changes. */
  #packed: Packed | null = null;
  /** Built tables by category filter. */
  readonly #tables = new Map<ListCategory, RangeTable>();
  /** The table without a category filter (the common case, kept out of the Map). */
  #all: RangeTable | null = null;
  /** The entries packed for lookups, with the answers made from them; null until the first check. */
  #answers: Answers | null = null;
  /** `createDate` and `syncToken` as read by fromJSON, until the list changes. */
  #meta: JsonMeta | null = null;

  /** Creates an empty list. */
  constructor() {}

  /** Number of entries. */
  get size(): number {
    return this.#list?.length ?? this.#packed!.count;
  }

  /** The entries as objects, made from the packed ones on first use. */
  #entries(): Entry[] {
    if (this.#list) return this.#list;
    // Made once: the packed form is dropped, the objects hold the same entries.
    this.#list = unpack(this.#packed!);
    this.#packed = null;
    return this.#list;
  }

  /**
   * Reads the text form (docs/list-format.md): one entry a line (`203.0.113.0/24 Frankfurt media`),
   * `#` comments, category headings (`Media servers`, `[turn]`, ...), `deny`/`!` entries.
   *
   * @param text The list text.
   * @param options See {@link FromTextOptions}.
   * @throws {@link ListParseError} with every problem found; nothing is returned half-parsed.
   */
  static fromText(text: string, options?: FromTextOptions | null): AllowedIpList {
    const list = new AllowedIpList();
    list.#packed = readText(text, options);
    list.#list = null;
    return list;
  }

  /**
   * Reads the JSON form (schema in docs/list-format.md), from an object or its JSON text. Validates every
   * field; unknown fields and unknown `schemaVersion`s are refused.
   *
   * @throws {@link ListParseError} with every problem, each naming its JSON path in `text`.
   */
  static fromJSON(json: AllowedIpListJson | string): AllowedIpList {
    const { entries, meta } = readJson(json);
    const list = new AllowedIpList();
    list.#list = entries;
    list.#meta = meta;
    return list;
  }

  /**
   * Writes the text form: uncategorized entries first, then one heading per category (`Media servers`,
   * `TURN servers`, `API server`, `Logging servers`) with its entries; `deny ` before deny entries and
   * ` - description` after described ones. `fromText(list.toText())` gives the same entries.
   */
  toText(): string {
    return writeText(this.#entries());
  }

  /**
   * Writes the JSON form (schemaVersion 1). `createDate`/`syncToken` default to the values read by
   * `fromJSON` while the list is unchanged, else the current time.
   *
   * @throws {@link ListEntryError} (`invalid-entry`, field `createDate` or `syncToken`) for an option
   *   `fromJSON` would not read back.
   */
  toJSON(options?: ToJsonOptions | null): AllowedIpListJson {
    return writeJson(this.#entries(), this.#meta, options);
  }

  /**
   * Adds an entry. Adding the same block with the same category and action again replaces its
   * description (no second entry).
   *
   * @param block A strict CIDR block or address (`203.0.113.0/24`, `2001:db8::1`).
   * @param options ListCategory (default none: every server), description, action (default `allow`),
   *   normalize (accept host bits set).
   * @returns The entry as stored.
   * @throws {@link AddressParseError} for a malformed block; {@link ListEntryError} for a bad option.
   */
  add(block: string, options?: AddOptions | null): ListEntry {
    const parsed = parseBlock(block, { normalize: options?.normalize });
    const mapped = mappedBlockReason(parsed);
    if (mapped) refuse('block', preview(block), `is ${mapped}`);
    const category = options?.category ?? null;
    const action = options?.action ?? 'allow';
    const description = options?.description ?? '';
    checkField('category', category);
    checkField('action', action);
    checkField('description', description);
    const entry = makeEntry(parsed, { category, description: description || null, action });
    const list = this.#entries();
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareEntries(list[mid]!, entry) < 0) lo = mid + 1;
      else hi = mid;
    }
    // An equal entry (same block, category and action) is replaced.
    list.splice(lo, lo < list.length && compareEntries(list[lo]!, entry) === 0 ? 1 : 0, entry);
    this.#changed();
    return toListEntry(entry);
  }

  /**
   * Removes every entry with this exact block (any category or action), or every entry matching the
   * query (as in {@link AllowedIpList.entries}). A query with no field is refused rather than clearing
   * the list, and so is an unknown `category` or `action` (it would match nothing).
   *
   * @returns How many entries were removed.
   * @throws {@link ListEntryError} for such a query; {@link AddressParseError} for a malformed block or `containsIp`.
   */
  remove(target: string | EntryQuery): number {
    let match: (entry: Entry) => boolean;
    if (typeof target === 'string') {
      const text = parseBlock(target).text;
      match = (entry) => entry.block === text;
    } else {
      match = matcher(target, true);
    }
    const list = this.#entries();
    const keep = list.filter((entry) => !match(entry));
    const removed = list.length - keep.length;
    if (removed > 0) {
      this.#list = keep;
      this.#changed();
    }
    return removed;
  }

  /**
   * The entries, in a stable order: uncategorized first, then media, turn, api, logging; within a
   * category IPv4 before IPv6, by address, broader prefix first, allow before deny.
   *
   * @param query `category` (exact; null = uncategorized only), `containsIp` (entries whose block holds
   *   the address; an IPv4-mapped address matches IPv4 entries), `action`.
   * @throws {@link AddressParseError} when `containsIp` is not a strict address; {@link ListEntryError}
   *   for an unknown `category` or `action`.
   */
  entries(query: EntryQuery = {}): ListEntry[] {
    return this.#entries().filter(matcher(query)).map(toListEntry);
  }

  /**
   * Checks an address: see the class documentation for the rule. Each check returns a new object.
   *
   * @param ip A strict IPv4 or IPv6 address.
   * @param options `category`: consider only that category's entries plus uncategorized ones.
   * @throws {@link AddressParseError} (`invalid-address`) when `ip` is not a strict address;
   *   {@link ListEntryError} (`invalid-entry`) for an unknown category or options that are not an object.
   */
  check(ip: string, options?: CheckOptions): CheckResult {
    if (options != null && typeof options !== 'object')
      refuse('options', preview(options), "is not an object like { category: 'media' }");
    const category = options?.category;
    let table = category === undefined ? this.#all : this.#tables.get(category);
    if (!table) {
      if (category !== undefined && !isCategory(category))
        refuse('category', preview(category), `is not one of ${CATEGORIES.join(', ')}`);
      // From the packed entries while there are any: a million entries cost no objects.
      this.#answers ??= new Answers(this.#packed ?? this.#list!);
      table = this.#answers.table(category);
      if (category === undefined) this.#all = table;
      else this.#tables.set(category, table);
    }
    const row = table.lookup(ip);
    if (row >= 0) {
      const result = this.#answers!.at(row);
      // Without a category, a deny entry of one category closes the address for that category only:
      // the address stays allowed when another category allows it (the firewall opens the union of
      // the categories, as exportRules and diffLists count it). Rare path: one lookup per category.
      if (category === undefined && !result.allowed && result.category !== null) {
        for (const other of CATEGORIES) {
          const answer = other === result.category ? result : this.check(ip, { category: other });
          if (answer.allowed) return answer;
        }
      }
      return result;
    }
    if (row === INVALID) {
      parseAddress(ip); // throws the reason
      throw new AddressParseError(asText(ip), 'not a strict IPv4 or IPv6 address');
    }
    return noMatch();
  }

  #changed(): void {
    this.#answers = null;
    this.#packed = null;
    this.#tables.clear();
    this.#all = null;
    this.#meta = null;
  }
}
