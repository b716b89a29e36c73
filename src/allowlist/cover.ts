/**
 * Coverage of list entries: what diff and export read from a list, and the space each category
 * allows. The range arithmetic is in ranges.ts (re-exported here).
 */
import { VideoAllowlistError } from '../errors.js';
import { CATEGORIES, isCategory } from './categories.js';
import { asText, mappedBlockReason, parseBlock } from './address.js';
import { type AddressRange, subtractRanges } from './ranges.js';
export * from './ranges.js';
import type { ListCategory, DiffCategory, EntryAction, EntryQuery, Family, ListEntry } from './types.js';

/** What diff and export need of a list: `AllowedIpList` satisfies it, and so does any object with `entries`. */
export interface ListLike {
  /** Every entry of the list (allow and deny), or those matching `query`. */
  entries(query?: EntryQuery): ListEntry[];
}

/** Disjoint, sorted, merged ranges per family. */
export interface FamilyRanges {
  4: AddressRange[];
  6: AddressRange[];
}

/** The categories in the order every report and export lists them. */
export const CATEGORY_ORDER: readonly DiffCategory[] = /* @__PURE__ */ (CATEGORIES as readonly DiffCategory[]).concat(
  'uncategorized',
); // pure: no module-level side effect (test/build/tree-shake)

/**
 * A list argument that is not list-like, or an entry that is not an entry: `code` is
 * `invalid-list-argument`; `argument`, `path` (`['list', 'entries()', 3, 'category']`) and the message
 * name the input at fault (`newList`, `list.entries()[3].category`).
 */
export class ListArgumentError extends VideoAllowlistError {
  /** The class name, written out so that a minifier's renaming does not reach `err.name`. */
  static override readonly name = 'ListArgumentError';

  /** The argument at fault, e.g. `oldList` or `list.entries()[3].action`. */
  readonly argument: string;
  declare readonly code: 'invalid-list-argument';

  constructor(argument: string, reason: string) {
    const path = [...argument.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map(([, key, index]) => key ?? Number(index));
    super('invalid-list-argument', `${argument}: ${reason}`, { path, reason });
    this.argument = argument;
  }
}

/** A list entry as diff and export use it: the block parsed once, canonical text and range. */
export interface RangedEntry extends AddressRange {
  /** Canonical CIDR text. */
  block: string;
  family: Family;
  prefix: number;
  category: ListCategory | null;
  action: EntryAction;
}

/**
 * Reads every entry of a list and checks it, so no entry is silently left out: an unknown category or
 * action is refused, not ignored.
 *
 * @param list Anything with `entries()`.
 * @param argument The argument's name for messages (`list`, `oldList`).
 * @throws {@link ListArgumentError} for a list that is not list-like or an entry with a bad field,
 *   including a block inside the IPv4-mapped space (`::ffff:0:0/96`), which `AllowedIpList` refuses too.
 * @throws `AddressParseError` (`invalid-address`) for an entry whose block is not a valid CIDR block.
 */
export function readEntries(list: unknown, argument: string): RangedEntry[] {
  if (list === null || typeof list !== 'object' || typeof (list as Partial<ListLike>).entries !== 'function') {
    throw new ListArgumentError(argument, 'expected an allowed IP list (an object with an entries() method)');
  }
  const entries: unknown = (list as ListLike).entries();
  if (!Array.isArray(entries)) throw new ListArgumentError(`${argument}.entries()`, 'expected an array of entries');
  return entries.map((e: unknown, i): RangedEntry => {
    const at = `${argument}.entries()[${i}]`;
    if (e === null || typeof e !== 'object') throw new ListArgumentError(at, 'expected an entry object');
    const { block, category, action } = e as Partial<ListEntry>;
    if (typeof block !== 'string') throw new ListArgumentError(`${at}.block`, 'expected CIDR text');
    if (category !== null && !isCategory(category)) {
      throw new ListArgumentError(
        `${at}.category`,
        `${asText(category)} is not one of ${CATEGORIES.join(', ')} or null`,
      );
    }
    if (action !== 'allow' && action !== 'deny')
      throw new ListArgumentError(`${at}.action`, `${asText(action)} is not 'allow' or 'deny'`);
    const parsed = parseBlock(block);
    // AllowedIpList refuses these (fromText, add): check() reads a mapped address as IPv4, so such an
    // entry would allow or deny nothing, and a diff or export leaving it out would do so silently.
    const mapped = mappedBlockReason(parsed);
    if (mapped) throw new ListArgumentError(`${at}.block`, `${JSON.stringify(block)} is ${mapped}`);
    return {
      block: parsed.text,
      family: parsed.family,
      prefix: parsed.prefix,
      first: parsed.first,
      last: parsed.last,
      category: category as ListCategory | null,
      action,
    };
  });
}

/** The space `entries` allow: the union of the allow entries minus the union of the deny entries, per family. */
export function effectiveCoverage(entries: readonly RangedEntry[]): FamilyRanges {
  const out: FamilyRanges = { 4: [], 6: [] };
  for (const family of [4, 6] as const) {
    const mine = entries.filter((e) => e.family === family);
    out[family] = subtractRanges(
      mine.filter((e) => e.action === 'allow'),
      mine.filter((e) => e.action === 'deny'),
    );
  }
  return out;
}

/**
 * The entries that decide a category, as `AllowedIpList.check` with `{ category }` reads them:
 * that category's entries plus the uncategorized ones (a list pasted without headings applies to
 * every server). For `uncategorized`, only the entries without a category.
 */
export function entriesOf(entries: readonly RangedEntry[], category: DiffCategory): RangedEntry[] {
  return category === 'uncategorized'
    ? entries.filter((e) => e.category === null)
    : entries.filter((e) => e.category === category || e.category === null);
}

/**
 * The space a category allows: its own allow entries and the uncategorized ones, minus its own deny
 * entries and the uncategorized ones (an uncategorized deny carves a hole in every category; a
 * categorized deny only in its own). For `uncategorized`, the entries without a category alone.
 */
export function categoryCoverage(entries: readonly RangedEntry[], category: DiffCategory): FamilyRanges {
  return effectiveCoverage(entriesOf(entries, category));
}

/** The categories `entries` mention, in `CATEGORY_ORDER`; `uncategorized` when an entry has none. */
export function categoriesOf(entries: readonly RangedEntry[]): DiffCategory[] {
  const seen = new Set<DiffCategory>(entries.map((e) => e.category ?? 'uncategorized'));
  return CATEGORY_ORDER.filter((c) => seen.has(c));
}
