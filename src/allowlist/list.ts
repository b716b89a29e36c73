/**
 * `AllowedIpList`: Vonage's allowed IP list as data. Read from text or JSON (docs/list-format.md), write
 * back to both, edit with add/remove, and answer `check(ip)` from a lazily built range table.
 */
import { AddressParseError, asText, mappedBlockReason, parseAddress, parseBlock } from './address.js';
import { CATEGORIES, isCategory } from './categories.js';
import { ListEntryError, ListParseError } from './errors.js';
import { INVALID, RangeTable, type TableEntry } from './table.js';
import type {
  AddOptions,
  AllowedIpListJson,
  AllowlistLike,
  Category,
  CheckOptions,
  CheckResult,
  EntryAction,
  EntryQuery,
  ListEntry,
  ListParseIssue,
  ParsedBlock,
} from './types.js';

/** The heading `toText` writes for each category (the account page's wording). */
const HEADINGS: Record<Category, string> = {
  media: 'Media servers',
  turn: 'TURN servers',
  api: 'API server',
  logging: 'Logging servers',
};

/** The fields of the JSON form, in the order they are checked. */
const JSON_FIELDS = ['schemaVersion', 'syncToken', 'createDate', 'prefixes', 'ipv6_prefixes'];

/** Options of {@link AllowedIpList.fromText}. */
export interface FromTextOptions {
  /** Accept blocks with host bits set and store their canonical block (default false: an issue). */
  normalize?: boolean;
}

/** Options of {@link AllowedIpList.toJSON}. */
export interface ToJsonOptions {
  /** The `createDate` to write, a valid `Date` in years 1000-9999 (default: the one read by `fromJSON` if the list is unchanged, else now). */
  createDate?: Date;
  /** The `syncToken` to write, a non-empty string (default: as read if unchanged, else `createDate` in epoch seconds). */
  syncToken?: string;
}

/** An entry as `entries()` shows it, plus what the range table needs and the answer of `check`. Internal, never handed out. */
interface Entry extends Readonly<ListEntry>, TableEntry {
  /** Shared, frozen answer of `check` when this entry decides. */
  readonly result: CheckResult;
}

/** A built table and the answer of each of its rows. */
interface Lookup {
  readonly table: RangeTable;
  readonly results: CheckResult[];
}

const NONE: CheckResult = /* @__PURE__ */ Object.freeze({
  allowed: false,
  block: null,
  category: null,
  description: null,
});

function makeEntry(b: ParsedBlock, category: Category | null, description: string | null, action: EntryAction): Entry {
  const deny = action === 'deny';
  const result = Object.freeze({ allowed: !deny, block: b.text, category, description });
  // The fields of ListEntry first, in its order: toListEntry keeps them.
  return {
    block: b.text,
    family: b.family,
    prefix: b.prefix,
    category,
    description,
    action,
    first: b.first,
    last: b.last,
    deny,
    result,
  };
}

/** The public copy of an entry (a new object: changing it does not change the list). */
function toListEntry({ first, last, deny, result, ...entry }: Entry): ListEntry {
  return entry;
}

/**
 * What fromText and fromJSON add their entries with: adds to `entries` and returns '', or returns why
 * not when the same block, category and action came before (at `where` of the first: `line 3`,
 * `$.prefixes[2]`).
 */
function collector(entries: Entry[]) {
  const seen = new Map<string, string>();
  return (
    block: ParsedBlock,
    category: Category | null,
    description: string | null,
    action: EntryAction,
    where: string,
  ): string => {
    const key = `${block.text}|${category}|${action}`;
    const first = seen.get(key);
    if (first) return `duplicate of ${first} (same block, category and action)`;
    seen.set(key, where);
    entries.push(makeEntry(block, category, description, action));
    return '';
  };
}

/**
 * The stable order of entries: category (none first), family, address, prefix, allow before deny.
 * Two entries compare equal exactly when they have the same block, category and action.
 */
function compareEntries(a: Entry, b: Entry): number {
  return (
    // indexOf(null) is -1: uncategorized first.
    CATEGORIES.indexOf(a.category!) - CATEGORIES.indexOf(b.category!) ||
    a.family - b.family ||
    (a.first < b.first ? -1 : a.first > b.first ? 1 : 0) ||
    a.prefix - b.prefix ||
    +a.deny - +b.deny
  );
}

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
  /** Sorted by compareEntries, no two equal. */
  #list: Entry[] = [];
  /** Built tables by category filter. */
  readonly #tables = new Map<Category, Lookup>();
  /** The table without a category filter (the common case, kept out of the Map). */
  #all: Lookup | null = null;
  /** `createDate` and `syncToken` as read by fromJSON, until the list changes. */
  #meta: { createDate: string; syncToken: string } | null = null;

  /** Creates an empty list. */
  constructor() {}

  /** Number of entries. */
  get size(): number {
    return this.#list.length;
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
    if (typeof text !== 'string') {
      throw new ListParseError('text', [
        { line: 0, column: 0, text: asText(text), reason: `expected a string, got ${typeof text}` },
      ]);
    }
    const issues: ListParseIssue[] = [];
    const list = new AllowedIpList();
    const add = collector(list.#list);
    let category: Category | null = null;
    // A byte order mark is read as a space, so that columns still count it.
    text
      .replace(/^\uFEFF/, ' ')
      .split(/\r?\n/)
      .forEach((raw, ln) => {
        const content = raw.split('#', 1)[0]!;
        const body = content.trim();
        if (!body) return;
        const start = content.search(/\S/);
        const issue = (column: number, t: string, reason: string) => {
          issues.push({ line: ln + 1, column: column + 1, text: t, reason });
        };

        // A bracketed heading: [media]
        if (body[0] === '[') {
          const closed = body.endsWith(']');
          const h = closed ? heading(body.slice(1, -1)) : undefined;
          if (h !== undefined) category = h;
          else issue(start, body, closed ? unknownHeading() : "a bracketed heading must end with ']'");
          return;
        }

        // `deny` or `!` as written, the block, and after it the description.
        const [, deny, token, after] = /^(?:(deny(?=\s|$)|!)\s*)?(\S*)([^]*)/i.exec(body)!;
        const pos = start + body.length - token!.length - after!.length;
        if (!token) return issue(start, body, `'${deny}' must be followed by a block`);
        if (!deny && !/^[0-9:]/.test(token)) {
          // A heading never starts with a digit or ':'.
          const h = heading(body);
          if (h !== undefined) {
            category = h;
            return;
          }
          if (!/[.:/]/.test(token))
            return issue(start, body, `neither an IP block nor a known heading; ${unknownHeading()}`);
        }
        const block = tryBlock(token, options?.normalize);
        const why = typeof block === 'string' ? block : mappedBlockReason(block);
        if (why) return issue(pos, token, why);
        const rest = after!.trim().replace(/^[-\u2013](?:\s+|$)/, '');
        const second = blockIn(rest);
        if (second) return issue(pos, token, `a second block '${second}' on the same line; write one entry a line`);
        const dup = add(block as ParsedBlock, category, rest || null, deny ? 'deny' : 'allow', `line ${ln + 1}`);
        if (dup) issue(pos, token, dup);
      });
    if (issues.length > 0) throw new ListParseError('text', issues);
    list.#list.sort(compareEntries);
    return list;
  }

  /**
   * Reads the JSON form (schema in docs/list-format.md), from an object or its JSON text. Validates every
   * field; unknown fields and unknown `schemaVersion`s are refused.
   *
   * @throws {@link ListParseError} with every problem, each naming its JSON path in `text`.
   */
  static fromJSON(json: AllowedIpListJson | string): AllowedIpList {
    const issues: ListParseIssue[] = [];
    const issue = (path: string, value: unknown, reason: string) => {
      issues.push({ line: 0, column: 0, text: `${path} = ${preview(value)}`, reason });
    };
    /** Reports the fields of `o` not in `names`, then each of `names` that `reason` refuses, in that order. */
    const fields = (
      o: Record<string, unknown>,
      path: string,
      names: readonly string[],
      reason: (k: string, v: unknown) => string | false | null | undefined = fieldReason,
    ) => {
      for (const k of Object.keys(o)) if (!names.includes(k)) issue(`${path}.${k}`, o[k], 'unknown field');
      for (const k of names) {
        const why = reason(k, o[k]);
        if (why) issue(`${path}.${k}`, o[k], why);
      }
    };
    let doc: unknown = json;
    if (typeof json === 'string') {
      // A byte order mark (files saved by some Windows editors) is not JSON, but not the user's error.
      json = json.replace(/^\uFEFF/, '');
      try {
        doc = JSON.parse(json);
      } catch (err) {
        const msg = (err as Error).message;
        const before = json.slice(0, Number(/position (\d+)/.exec(msg)?.[1] ?? 0)).split('\n');
        throw new ListParseError('JSON', [
          { line: before.length, column: before.at(-1)!.length + 1, text: '$', reason: `not valid JSON: ${msg}` },
        ]);
      }
    }
    if (!isRecord(doc)) {
      issue('$', doc, 'expected an object');
      throw new ListParseError('JSON', issues);
    }
    fields(doc, '$', JSON_FIELDS);
    const list = new AllowedIpList();
    const add = collector(list.#list);
    for (const [field, key, family] of [
      ['prefixes', 'ip_prefix', 4],
      ['ipv6_prefixes', 'ipv6_prefix', 6],
    ] as const) {
      const arr = doc[field];
      if (!Array.isArray(arr)) {
        issue(`$.${field}`, arr, 'expected an array');
        continue;
      }
      arr.forEach((item: unknown, i) => {
        const path = `$.${field}[${i}]`;
        if (!isRecord(item)) return issue(path, item, 'expected an object');
        const n = issues.length;
        const b = item[key];
        const block = typeof b === 'string' ? tryBlock(b) : 'expected a CIDR block string';
        const why =
          typeof block === 'string'
            ? block
            : block.family !== family
              ? `an IPv${block.family} block in ${field}; put it in ${family === 4 ? 'ipv6_prefixes' : 'prefixes'}`
              : mappedBlockReason(block);
        fields(item, path, [key, 'category', 'description', 'action'], (k, v) => (k === key ? why : fieldReason(k, v)));
        if (issues.length > n) return;
        const dup = add(
          block as ParsedBlock,
          item.category as Category | null,
          (item.description as string) || null,
          (item.action as EntryAction) ?? 'allow',
          path,
        );
        if (dup) issue(`${path}.${key}`, b, dup);
      });
    }
    if (issues.length > 0) throw new ListParseError('JSON', issues);
    list.#list.sort(compareEntries);
    list.#meta = { createDate: doc.createDate as string, syncToken: doc.syncToken as string };
    return list;
  }

  /**
   * Writes the text form: uncategorized entries first, then one heading per category (`Media servers`,
   * `TURN servers`, `API server`, `Logging servers`) with its entries; `deny ` before deny entries and
   * ` - description` after described ones. `fromText(list.toText())` gives the same entries.
   */
  toText(): string {
    let out = '';
    let current: Category | null = null;
    for (const e of this.#list) {
      if (e.category !== current) out += `${out && '\n'}${HEADINGS[e.category!]}\n`;
      current = e.category;
      out += `${e.deny ? 'deny ' : ''}${e.block}${e.description === null ? '' : ` - ${e.description}`}\n`;
    }
    return out;
  }

  /**
   * Writes the JSON form (schemaVersion 1). `createDate`/`syncToken` default to the values read by
   * `fromJSON` while the list is unchanged, else the current time.
   *
   * @throws {@link ListEntryError} (`invalid-entry`, field `createDate` or `syncToken`) for an option
   *   `fromJSON` would not read back.
   */
  toJSON(options?: ToJsonOptions | null): AllowedIpListJson {
    const d = options?.createDate;
    // The values read by fromJSON, while the list is unchanged and no createDate is given.
    const meta = d ? null : this.#meta;
    const date = d ?? new Date();
    // fromJSON reads YYYY-MM-DD-hh-mm-ss: four-digit years, and not 0000-0999 (years 0-99 are 1900-1999 to Date.UTC).
    const createDate = meta?.createDate ?? (date instanceof Date && date.getUTCFullYear() >= 1000 ? stamp(date) : '');
    if (!validDate(createDate)) refuse('createDate', asText(date), 'is not a valid Date in years 1000-9999');
    const syncToken = options?.syncToken ?? meta?.syncToken ?? String(Math.floor(date.getTime() / 1000));
    check('syncToken', syncToken);
    const json: AllowedIpListJson = { schemaVersion: 1, syncToken, createDate, prefixes: [], ipv6_prefixes: [] };
    for (const e of this.#list) {
      const v6 = e.family === 6;
      const item: Record<string, unknown> = { [v6 ? 'ipv6_prefix' : 'ip_prefix']: e.block, category: e.category };
      if (e.description !== null) item.description = e.description;
      if (e.deny) item.action = 'deny';
      (v6 ? json.ipv6_prefixes : json.prefixes).push(item as never);
    }
    return json;
  }

  /**
   * Adds an entry. Adding the same block with the same category and action again replaces its
   * description (no second entry).
   *
   * @param block A strict CIDR block or address (`203.0.113.0/24`, `2001:db8::1`).
   * @param options Category (default none: every server), description, action (default `allow`),
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
    check('category', category);
    check('action', action);
    check('description', description);
    const entry = makeEntry(parsed, category, description || null, action);
    const list = this.#list;
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
    let match: (e: Entry) => boolean;
    if (typeof target === 'string') {
      const text = parseBlock(target).text;
      match = (e) => e.block === text;
    } else {
      match = matcher(target, true);
    }
    const keep = this.#list.filter((e) => !match(e));
    const removed = this.#list.length - keep.length;
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
    return this.#list.filter(matcher(query)).map(toListEntry);
  }

  /**
   * Checks an address: see the class documentation for the rule. The result object is shared and frozen.
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
    let t = category === undefined ? this.#all : this.#tables.get(category);
    if (!t) {
      if (category !== undefined && !isCategory(category))
        refuse('category', preview(category), `is not one of ${CATEGORIES.join(', ')}`);
      t = lookupOf(this.#list, category);
      if (category === undefined) this.#all = t;
      else this.#tables.set(category, t);
    }
    const i = t.table.lookup(ip);
    if (i >= 0) {
      const r = t.results[i]!;
      // Without a category, a deny entry of one category closes the address for that category only:
      // the address stays allowed when another category allows it (the firewall opens the union of
      // the categories, as exportRules and diffLists count it). Rare path: one lookup per category.
      if (category === undefined && !r.allowed && r.category !== null) {
        for (const c of CATEGORIES) {
          const other = c === r.category ? r : this.check(ip, { category: c });
          if (other.allowed) return other;
        }
      }
      return r;
    }
    if (i === INVALID) {
      parseAddress(ip); // throws the reason
      throw new AddressParseError(asText(ip), 'not a strict IPv4 or IPv6 address');
    }
    return NONE;
  }

  #changed(): void {
    this.#tables.clear();
    this.#all = null;
    this.#meta = null;
  }
}

/**
 * The table of the entries that apply to `category` (all of them without one), in list order. A module
 * function, not a closure in check(): a closure there would capture check()'s variables and cost an
 * allocation on every lookup.
 */
function lookupOf(list: Entry[], category: Category | undefined): Lookup {
  const rows = category === undefined ? list : list.filter((e) => e.category === null || e.category === category);
  return { table: RangeTable.build(rows), results: rows.map((e) => e.result) };
}

/** The filter of `entries` and `remove`; refuses a query that is not an object or names an unknown category or action. */
function matcher(query: EntryQuery, needsField?: boolean): (e: Entry) => boolean {
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
  check('category', category ?? null);
  check('action', action);
  let a = containsIp === undefined ? null : parseAddress(containsIp);
  // An IPv4-mapped address is matched as the IPv4 address it carries.
  if (a?.mappedIpv4) a = parseAddress(a.mappedIpv4);
  return (e) =>
    (category === undefined || e.category === category) &&
    (action === undefined || e.action === action) &&
    (!a || (e.family === a.family && e.first <= a.value && a.value <= e.last));
}

/**
 * Why a value cannot be the value of a field (of the JSON form or of an entry), by field name; a falsy
 * answer when it can. The reason reads after the value (`"video" is not one of ...`). An absent
 * description or action is valid (the defaults); an absent category is not.
 */
const FIELD_REASONS: Record<string, (v: unknown) => string | false> = {
  schemaVersion: (v) => v !== 1 && 'is an unknown schemaVersion; this reader knows 1',
  syncToken: (v) => (typeof v !== 'string' || v === '') && 'is not a non-empty string',
  createDate: (v) => !validDate(v) && 'is not a UTC date as YYYY-MM-DD-hh-mm-ss',
  category: (v) => v !== null && !isCategory(v) && `is not one of ${CATEGORIES.join(', ')} or null`,
  action: (v) => v !== undefined && v !== 'allow' && v !== 'deny' && "is not 'allow' or 'deny'",
  description: (v) => {
    if (v === undefined) return false;
    if (typeof v !== 'string') return 'is not a string';
    if (/[\r\n]/.test(v)) return 'cannot contain a line break';
    if (v.includes('#')) return "cannot contain '#' (it starts a comment in the text form)";
    if (/^\s|\s$/.test(v)) return 'cannot start or end with whitespace (the text form trims it)';
    const block = blockIn(v);
    return !!block && `cannot hold an IP block ('${block}'; the text form would read it as a second block)`;
  },
};

/** See {@link FIELD_REASONS}; no reason for a field it does not check (`prefixes`). */
function fieldReason(field: string, v: unknown): string | false | undefined {
  return FIELD_REASONS[field]?.(v);
}

/** Throws {@link ListEntryError} for `field` when {@link fieldReason} refuses `v`. */
function check(field: string, v: unknown): void {
  const why = fieldReason(field, v);
  if (why) refuse(field, preview(v), why);
}

/** Throws {@link ListEntryError}: `field: <shown> <reason>`. */
function refuse(field: string, shown: string, reason: string): never {
  throw new ListEntryError(field, `${shown} ${reason}`);
}

/** `text` parsed as a block, or the reason it is not one. */
function tryBlock(text: string, normalize?: boolean): ParsedBlock | string {
  try {
    return parseBlock(text, { normalize });
  } catch (err) {
    if (err instanceof AddressParseError) return err.reason;
    throw err;
  }
}

/** The first word of `text` that reads as an IP block (a pasted second entry), if any. */
function blockIn(text: string): string | undefined {
  return text.split(/\s+/).find((w) => /[.:]/.test(w) && typeof tryBlock(w.replace(/[,;]$/, ''), true) !== 'string');
}

/**
 * The category of a heading (`Media servers`, `turn`, `Log servers:`), null for a heading of every
 * server (`All servers`, `uncategorized`), undefined for anything else. Case, runs of white space and
 * one trailing ':' do not matter.
 */
function heading(text: string): Category | null | undefined {
  headingRe ??= new RegExp(
    `^\\s*(?:(${CATEGORIES.join('|')})(?:\\s+servers?)?|(log)\\s+servers?|all(?:\\s+servers)?|uncategorized)\\s*:?\\s*$`,
    'i',
  );
  const m = headingRe.exec(text);
  return m ? (m[2] ? 'logging' : ((m[1]?.toLowerCase() ?? null) as Category | null)) : undefined;
}

/** {@link heading}'s pattern, built from {@link CATEGORIES} on first use (no module-level call). */
let headingRe: RegExp | undefined;

/** What an unknown heading is told: the headings toText writes, and the bracketed short forms. */
function unknownHeading(): string {
  return `headings are ${Object.values(HEADINGS).join(', ')} (or ${[...CATEGORIES, 'all'].map((c) => `[${c}]`).join(', ')})`;
}

/** A Date as `YYYY-MM-DD-hh-mm-ss` in UTC (years 0-9999). */
function stamp(d: Date): string {
  return d.toISOString().slice(0, 19).replace(/\D/g, '-');
}

/** Whether `s` is a real UTC date and time written as `YYYY-MM-DD-hh-mm-ss`. */
function validDate(s: unknown): boolean {
  if (typeof s !== 'string' || !/^\d{4}(?:-\d\d){5}$/.test(s)) return false;
  const [y, mo, d, h, mi, se] = s.split('-').map(Number) as [number, number, number, number, number, number];
  // Date.UTC rolls over (February 30 is March 2; years 0-99 are 1900-1999): the date must read back.
  return stamp(new Date(Date.UTC(y, mo - 1, d, h, mi, se))) === s;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** A value as it reads in a message, at most 60 characters; never throws (BigInt, cycles). */
function preview(v: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = typeof v === 'bigint' ? `${v}n` : Object.prototype.toString.call(v);
  }
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
