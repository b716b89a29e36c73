/**
 * The stored form of a list entry, its stable order, and the collector fromText and fromJSON add
 * entries with. Internal to src/allowlist/.
 */
import { parseAddress } from './address.js';
import { CATEGORIES } from './categories.js';
import { checkField, preview, refuse } from './fields.js';
import type { TableEntry } from './table.js';
import type { Category, CheckResult, EntryAction, EntryQuery, ListEntry, ParsedBlock } from './types.js';

/** An entry as `entries()` shows it, plus what the range table needs and the answer of `check`. Never handed out. */
export interface Entry extends Readonly<ListEntry>, TableEntry {
  /** Shared, frozen answer of `check` when this entry decides. */
  readonly result: CheckResult;
}

/** The answer of `check` when no entry contains the address. */
export const NONE: CheckResult = /* @__PURE__ */ Object.freeze({
  allowed: false,
  block: null,
  category: null,
  description: null,
});

/** The fields of an entry besides its parsed block. */
export interface EntryFields {
  category: Category | null;
  description: string | null;
  action: EntryAction;
}

export function makeEntry(parsed: ParsedBlock, fields: EntryFields): Entry {
  const { category, description, action } = fields;
  const deny = action === 'deny';
  const result = Object.freeze({ allowed: !deny, block: parsed.text, category, description });
  // The fields of ListEntry first, in its order: toListEntry keeps them.
  return {
    block: parsed.text,
    family: parsed.family,
    prefix: parsed.prefix,
    category,
    description,
    action,
    first: parsed.first,
    last: parsed.last,
    deny,
    result,
  };
}

/** The public copy of an entry (a new object: changing it does not change the list). */
export function toListEntry({ first: _first, last: _last, deny: _deny, result: _result, ...entry }: Entry): ListEntry {
  return entry;
}

/**
 * The stable order of entries: category (none first), family, address, prefix, allow before deny.
 * Two entries compare equal exactly when they have the same block, category and action.
 */
export function compareEntries(left: Entry, right: Entry): number {
  return (
    // indexOf(null) is -1: uncategorized first.
    CATEGORIES.indexOf(left.category!) - CATEGORIES.indexOf(right.category!) ||
    left.family - right.family ||
    (left.first < right.first ? -1 : left.first > right.first ? 1 : 0) ||
    left.prefix - right.prefix ||
    +left.deny - +right.deny
  );
}

/**
 * What fromText and fromJSON add their entries with: `add` adds to `entries` and returns '', or returns
 * why not when the same block, category and action came before (at `where` of the first: `line 3`,
 * `$.prefixes[2]`).
 */
export function collector(entries: Entry[]) {
  const seen = new Map<string, string>();
  return (parsed: ParsedBlock, fields: EntryFields, where: string): string => {
    const key = `${parsed.text}|${fields.category}|${fields.action}`;
    const first = seen.get(key);
    if (first) return `duplicate of ${first} (same block, category and action)`;
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
