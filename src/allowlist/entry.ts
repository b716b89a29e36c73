/**
 * The stored form of a list entry, its stable order, and the collector fromText and fromJSON add
 * entries with. Internal to src/allowlist/.
 */
import { familyBits, formatAddress, formatIpv4, parseAddress, wordsToBigint } from './address.js';
import { checkField, preview, refuse } from './fields.js';
import { categoryOfRank, rankOf } from './categories.js';
import type { Packed } from './packed.js';
import type { ListCategory, EntryAction, EntryQuery, Family, ListEntry, ParsedBlock } from './types.js';

/**
 * An entry as `entries()` shows it, plus its first address (for `entries`, `remove` and packing before
 * a check). Never handed out. A class, so that `last` and `deny` are derived on its prototype instead
 * of stored: at a million entries every field counts (bench/allowlist-input.ts prints the heap).
 */
export class Entry implements Readonly<ListEntry> {
  // The fields of ListEntry first, in its order: toListEntry keeps them.
  readonly block: string;
  readonly family: Family;
  readonly prefix: number;
  readonly category: ListCategory | null;
  readonly description: string | null;
  readonly action: EntryAction;
  readonly first: bigint;

  constructor(parsed: ParsedBlock, fields: EntryFields) {
    this.block = parsed.text;
    this.family = parsed.family;
    this.prefix = parsed.prefix;
    this.category = fields.category;
    this.description = fields.description;
    this.action = fields.action;
    this.first = parsed.first;
  }

  get last(): bigint {
    return this.first | ((1n << BigInt((this.family === 4 ? 32 : 128) - this.prefix)) - 1n);
  }

  get deny(): boolean {
    return this.action === 'deny';
  }
}

/** The fields of an entry besides its parsed block. */
export interface EntryFields {
  category: ListCategory | null;
  description: string | null;
  action: EntryAction;
}

export function makeEntry(parsed: ParsedBlock, fields: EntryFields): Entry {
  return new Entry(parsed, fields);
}

/** The public copy of an entry (a new object: changing it does not change the list). */
export function toListEntry(entry: Entry): ListEntry {
  const { block, family, prefix, category, description, action } = entry;
  return { block, family, prefix, category, description, action };
}

/**
 * The stable order of entries: category (none first), family, address, prefix, allow before deny.
 * Two entries compare equal exactly when they have the same block, category and action.
 */
export function compareEntries(left: Entry, right: Entry): number {
  return (
    (left.category === right.category ? 0 : rankOf(left.category) - rankOf(right.category)) ||
    left.family - right.family ||
    (left.first < right.first ? -1 : left.first > right.first ? 1 : 0) ||
    left.prefix - right.prefix ||
    +left.deny - +right.deny
  );
}

/**
 * What fromText and fromJSON add their entries with: `add` adds to `entries` and returns '', or returns
 * why not when the same block, category and action came before (at `where` of the first: `line 3`,
 * `$.prefixes[2]`; a number is a line).
 */
export function collector(entries: Entry[]) {
  const seen = new Map<string, string | number>();
  return (parsed: ParsedBlock, fields: EntryFields, where: string | number): string => {
    const key = `${parsed.text}|${fields.category}|${fields.action}`;
    const first = seen.get(key);
    if (first !== undefined) {
      return `duplicate of ${typeof first === 'number' ? `line ${first}` : first} (same block, category and action)`;
    }
    seen.set(key, where);
    entries.push(makeEntry(parsed, fields));
    return '';
  };
}

/** The filter of `entries` and `remove`; refuses a query that is not an object or names an unknown category or action. */
export function matcher(query: EntryQuery, needsField?: boolean): (entry: Entry) => boolean {
  const { category, action, containsIp } = query ?? {};
  // remove() refuses a query that would match everything rather than clear the list.
  if (
    !query ||
    typeof query !== 'object' ||
    (needsField && category === undefined && action === undefined && containsIp === undefined)
  ) {
    refuse('query', preview(query), 'is not a query with category, containsIp or action');
  }
  // A typo ('Media', 'Deny') would match nothing, silently: refused as add() refuses it.
  checkField('category', category ?? null);
  checkField('action', action);
  let address = containsIp === undefined ? null : parseAddress(containsIp);
  // An IPv4-mapped address is matched as the IPv4 address it carries.
  if (address?.mappedIpv4) address = parseAddress(address.mappedIpv4);
  return (entry) =>
    (category === undefined || entry.category === category) &&
    (action === undefined || entry.action === action) &&
    (!address || (entry.family === address.family && entry.first <= address.value && address.value <= entry.last));
}

/** The first address of the entry at `index` of `packed`. */
function firstAt(packed: Packed, index: number): bigint {
  return packed.info[index]! & 2 ? wordsToBigint(packed.words, index * 4) : BigInt(packed.words[index * 4]!);
}

/**
 * The canonical text of the block of the entry at `index` of `packed` (`203.0.113.0/24`); `first` is
 * its first address when the caller has it already.
 */
export function blockAt(packed: Packed, index: number, first?: bigint): string {
  const info = packed.info[index]!;
  const address = info & 2 ? formatAddress(6, first ?? firstAt(packed, index)) : formatIpv4(packed.words[index * 4]!);
  // join() makes one flat string: a template literal would keep a tree of string pieces per block.
  return [address, info >>> 5].join('/');
}

/** The description of the entry at `index` of `packed`, or null. */
function descriptionAt(packed: Packed, index: number): string | null {
  const described = packed.described[index]!;
  return described === 0 ? null : packed.texts[described]!;
}

/** The entry at `index` of `packed` as an `Entry` object (a new one each time). */
export function entryAt(packed: Packed, index: number): Entry {
  const info = packed.info[index]!;
  const family: Family = info & 2 ? 6 : 4;
  const prefix = info >>> 5;
  const first = firstAt(packed, index);
  const host = BigInt(familyBits(family) - prefix);
  const action: EntryAction = info & 1 ? 'deny' : 'allow';
  return new Entry(
    { family, text: blockAt(packed, index, first), prefix, first, last: first | ((1n << host) - 1n) },
    { category: categoryOfRank((info >>> 2) & 7), description: descriptionAt(packed, index), action },
  );
}

/** Every entry of `packed` as `Entry` objects, in order. */
export function unpack(packed: Packed): Entry[] {
  const entries = new Array<Entry>(packed.count);
  for (let index = 0; index < packed.count; index++) entries[index] = entryAt(packed, index);
  return entries;
}
