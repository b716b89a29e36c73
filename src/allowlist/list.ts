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
  Family,
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

/** Accepted headings, compared after lower-casing, trimming a trailing ':' and collapsing spaces. */
const HEADING_ALIASES = /* @__PURE__ */ new Map<string, Category | null>([
  ...CATEGORIES.flatMap((c) => [
    [c, c] as const,
    [`${c} server`, c] as const,
    [`${c} servers`, c] as const,
  ]),
  ['log server', 'logging'],
  ['log servers', 'logging'],
  ['all', null],
  ['all servers', null],
  ['uncategorized', null],
]);

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})-(\d{2})-(\d{2})-(\d{2})$/;

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

interface Entry {
  readonly block: ParsedBlock;
  readonly category: Category | null;
  readonly description: string | null;
  readonly action: EntryAction;
  /** Shared, frozen answer of `check` when this entry decides. */
  readonly result: CheckResult;
}

/** A built table and the answer of each of its rows. */
interface Lookup {
  readonly table: RangeTable;
  readonly results: CheckResult[];
}

const NONE: CheckResult = /* @__PURE__ */ Object.freeze({ allowed: false, block: null, category: null, description: null });

function makeEntry(block: ParsedBlock, category: Category | null, description: string | null, action: EntryAction): Entry {
  const result = Object.freeze({ allowed: action === 'allow', block: block.text, category, description });
  return Object.freeze({ block, category, description, action, result });
}

function keyOf(block: string, category: Category | null, action: EntryAction): string {
  return `${block}|${category ?? ''}|${action}`;
}

function categoryRank(c: Category | null): number {
  return c === null ? 0 : CATEGORIES.indexOf(c) + 1;
}

/** The stable order of entries: category (none first), family, address, prefix, allow before deny. */
function compareEntries(a: Entry, b: Entry): number {
  return (
    categoryRank(a.category) - categoryRank(b.category) ||
    a.block.family - b.block.family ||
    (a.block.first < b.block.first ? -1 : a.block.first > b.block.first ? 1 : 0) ||
    a.block.prefix - b.block.prefix ||
    (a.action === b.action ? 0 : a.action === 'allow' ? -1 : 1)
  );
}

function descriptionReason(d: string): string | null {
  if (/[\r\n]/.test(d)) return 'a description cannot contain a line break';
  if (d.includes('#')) return "a description cannot contain '#' (it starts a comment in the text form)";
  if (/^\s|\s$/.test(d)) return 'a description cannot start or end with whitespace (the text form trims it)';
  const block = blockIn(d);
  if (block) return `a description cannot hold an IP block ('${block}'; the text form would read it as a second block)`;
  return null;
}

/** The address identity used for matching: an IPv4-mapped IPv6 address is its IPv4 address. */
function identityOf(ip: string): { family: Family; value: bigint } {
  const a = parseAddress(ip);
  if (a.mappedIpv4 !== null) return { family: 4, value: a.value & 0xffffffffn };
  return { family: a.family, value: a.value };
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
  /** Sorted by compareEntries. */
  private list: Entry[] = [];
  private readonly byKey = new Map<string, Entry>();
  private tables = new Map<string, Lookup>();
  /** The table without a category filter (the common case, kept out of the Map). */
  private all: Lookup | null = null;
  private meta: { createDate: string; syncToken: string } | null = null;

  /** Creates an empty list. */
  constructor() {}

  /** Number of entries. */
  get size(): number {
    return this.list.length;
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
      throw new ListParseError('text', [{ line: 0, column: 0, text: asText(text), reason: `expected a string, got ${typeof text}` }]);
    }
    const issues: ListParseIssue[] = [];
    const entries: Entry[] = [];
    const seen = new Map<string, number>();
    let category: Category | null = null;
    const lines = text.split(/\r?\n/);
    for (let ln = 0; ln < lines.length; ln++) {
      let raw = lines[ln]!;
      if (ln === 0 && raw.charCodeAt(0) === 0xfeff) raw = ` ${raw.slice(1)}`;
      const hash = raw.indexOf('#');
      const content = hash >= 0 ? raw.slice(0, hash) : raw;
      const start = content.search(/\S/);
      if (start < 0) continue;
      const body = content.slice(start).trimEnd();
      const issue = (column: number, t: string, reason: string) => issues.push({ line: ln + 1, column, text: t, reason });

      // A bracketed heading: [media]
      if (body.startsWith('[')) {
        if (!body.endsWith(']')) {
          issue(start + 1, body, "a bracketed heading must end with ']'");
          continue;
        }
        const h = heading(body.slice(1, -1));
        if (h === undefined) issue(start + 1, body, unknownHeading());
        else category = h;
        continue;
      }

      let pos = start;
      let action: EntryAction = 'allow';
      const deny = /^(?:deny(?=\s|$)|!)\s*/i.exec(body);
      if (deny) {
        action = 'deny';
        pos += deny[0].length;
      }
      const tokenMatch = /^\S+/.exec(content.slice(pos));
      if (!tokenMatch) {
        issue(start + 1, body, `'${deny![0].trim()}' must be followed by a block`);
        continue;
      }
      const token = tokenMatch[0];
      const c0 = token.charCodeAt(0);
      const addressStart = (c0 >= 48 && c0 <= 57) || c0 === 58; // a heading never starts with a digit or ':'
      if (!deny && !addressStart) {
        const h = heading(body);
        if (h !== undefined) {
          category = h;
          continue;
        }
        if (!/^[0-9]|[.:/]/.test(token)) {
          issue(start + 1, body, `neither an IP block nor a known heading; ${unknownHeading()}`);
          continue;
        }
      }
      let block: ParsedBlock;
      try {
        block = parseBlock(token, { normalize: options?.normalize });
      } catch (err) {
        if (!(err instanceof AddressParseError)) throw err;
        issue(pos + 1, token, err.reason);
        continue;
      }
      const mapped = mappedBlockReason(block);
      if (mapped) {
        issue(pos + 1, token, mapped);
        continue;
      }
      let rest = content.slice(pos + token.length).trim();
      const dash = /^[-\u2013](?:\s+|$)/.exec(rest);
      if (dash) rest = rest.slice(dash[0].length);
      const second = blockIn(rest);
      if (second) {
        issue(pos + 1, token, `a second block '${second}' on the same line; write one entry a line`);
        continue;
      }
      const key = keyOf(block.text, category, action);
      const dup = seen.get(key);
      if (dup !== undefined) {
        issue(pos + 1, token, `duplicate of line ${dup} (same block, category and action)`);
        continue;
      }
      seen.set(key, ln + 1);
      entries.push(makeEntry(block, category, rest === '' ? null : rest, action));
    }
    if (issues.length > 0) throw new ListParseError('text', issues);
    const list = new AllowedIpList();
    list.load(entries);
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
    const issue = (path: string, value: unknown, reason: string) =>
      issues.push({ line: 0, column: 0, text: `${path} = ${preview(value)}`, reason });
    let doc: unknown = json;
    if (typeof json === 'string') {
      // A byte order mark (files saved by some Windows editors) is not JSON, but not the user's error.
      if (json.charCodeAt(0) === 0xfeff) json = json.slice(1);
      try {
        doc = JSON.parse(json);
      } catch (err) {
        const msg = (err as Error).message;
        const at = /position (\d+)/.exec(msg);
        let line = 1;
        let column = 1;
        if (at) {
          const before = json.slice(0, Number(at[1]));
          line = before.split('\n').length;
          column = before.length - before.lastIndexOf('\n');
        }
        throw new ListParseError('JSON', [{ line, column, text: '$', reason: `not valid JSON: ${msg}` }]);
      }
    }
    if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
      issue('$', doc, 'expected an object');
      throw new ListParseError('JSON', issues);
    }
    const o = doc as Record<string, unknown>;
    const known = ['schemaVersion', 'syncToken', 'createDate', 'prefixes', 'ipv6_prefixes'];
    for (const k of Object.keys(o)) if (!known.includes(k)) issue(`$.${k}`, o[k], 'unknown field');
    if (o.schemaVersion !== 1) issue('$.schemaVersion', o.schemaVersion, 'unknown schemaVersion; this reader knows 1');
    if (typeof o.syncToken !== 'string' || o.syncToken === '') issue('$.syncToken', o.syncToken, 'expected a non-empty string');
    if (typeof o.createDate !== 'string' || !validDate(o.createDate)) {
      issue('$.createDate', o.createDate, 'expected a UTC date as YYYY-MM-DD-hh-mm-ss');
    }
    const entries: Entry[] = [];
    const seen = new Map<string, string>();
    for (const [field, key, family] of [
      ['prefixes', 'ip_prefix', 4],
      ['ipv6_prefixes', 'ipv6_prefix', 6],
    ] as const) {
      const arr = o[field];
      if (!Array.isArray(arr)) {
        issue(`$.${field}`, arr, 'expected an array');
        continue;
      }
      arr.forEach((item: unknown, i) => {
        const path = `$.${field}[${i}]`;
        if (!item || typeof item !== 'object' || Array.isArray(item)) {
          issue(path, item, 'expected an object');
          return;
        }
        const it = item as Record<string, unknown>;
        let ok = true;
        for (const k of Object.keys(it)) {
          if (![key, 'category', 'description', 'action'].includes(k)) {
            issue(`${path}.${k}`, it[k], 'unknown field');
            ok = false;
          }
        }
        let block: ParsedBlock | null = null;
        const b = it[key];
        if (typeof b !== 'string') {
          issue(`${path}.${key}`, b, 'expected a CIDR block string');
        } else {
          try {
            block = parseBlock(b);
          } catch (err) {
            if (!(err instanceof AddressParseError)) throw err;
            issue(`${path}.${key}`, b, err.reason);
          }
          if (block && block.family !== family) {
            issue(`${path}.${key}`, b, `an IPv${block.family} block in ${field}; put it in ${family === 4 ? 'ipv6_prefixes' : 'prefixes'}`);
            block = null;
          }
          const mapped = block && mappedBlockReason(block);
          if (mapped) {
            issue(`${path}.${key}`, b, mapped);
            block = null;
          }
        }
        if (!('category' in it)) {
          issue(`${path}.category`, undefined, `missing; one of ${CATEGORIES.join(', ')} or null`);
          ok = false;
        } else if (it.category !== null && !isCategory(it.category)) {
          issue(`${path}.category`, it.category, `expected one of ${CATEGORIES.join(', ')} or null`);
          ok = false;
        }
        const d = it.description;
        if (d !== undefined && (typeof d !== 'string' || descriptionReason(d) !== null)) {
          issue(`${path}.description`, d, typeof d === 'string' ? descriptionReason(d)! : 'expected a string');
          ok = false;
        }
        const a = it.action;
        if (a !== undefined && a !== 'allow' && a !== 'deny') {
          issue(`${path}.action`, a, "expected 'allow' or 'deny'");
          ok = false;
        }
        if (!block || !ok) return;
        const category = (it.category ?? null) as Category | null;
        const action = (a ?? 'allow') as EntryAction;
        const k = keyOf(block.text, category, action);
        const dup = seen.get(k);
        if (dup !== undefined) {
          issue(`${path}.${key}`, b, `duplicate of ${dup} (same block, category and action)`);
          return;
        }
        seen.set(k, path);
        entries.push(makeEntry(block, category, typeof d === 'string' && d !== '' ? d : null, action));
      });
    }
    if (issues.length > 0) throw new ListParseError('JSON', issues);
    const list = new AllowedIpList();
    list.load(entries);
    list.meta = { createDate: o.createDate as string, syncToken: o.syncToken as string };
    return list;
  }

  /**
   * Writes the text form: uncategorized entries first, then one heading per category (`Media servers`,
   * `TURN servers`, `API server`, `Logging servers`) with its entries; `deny ` before deny entries and
   * ` - description` after described ones. `fromText(list.toText())` gives the same entries.
   */
  toText(): string {
    const out: string[] = [];
    let current: Category | null | undefined;
    for (const e of this.list) {
      if (e.category !== current && e.category !== null) {
        if (out.length > 0) out.push('');
        out.push(HEADINGS[e.category]);
      }
      current = e.category;
      const deny = e.action === 'deny' ? 'deny ' : '';
      out.push(`${deny}${e.block.text}${e.description !== null ? ` - ${e.description}` : ''}`);
    }
    return out.length === 0 ? '' : `${out.join('\n')}\n`;
  }

  /**
   * Writes the JSON form (schemaVersion 1). `createDate`/`syncToken` default to the values read by
   * `fromJSON` while the list is unchanged, else the current time.
   *
   * @throws {@link ListEntryError} (`invalid-entry`, field `createDate` or `syncToken`) for an option
   *   `fromJSON` would not read back.
   */
  toJSON(options?: ToJsonOptions | null): AllowedIpListJson {
    options ??= {};
    let createDate: string;
    let syncToken: string;
    if (options.createDate || !this.meta) {
      const d = options.createDate ?? new Date();
      const year = d instanceof Date ? d.getUTCFullYear() : Number.NaN;
      // fromJSON reads YYYY-MM-DD-hh-mm-ss: four-digit years only.
      if (!(year >= 1000 && year <= 9999)) throw new ListEntryError('createDate', `${d instanceof Date ? String(d) : preview(d)} is not a valid Date in years 1000-9999`);
      const p = (n: number) => String(n).padStart(2, '0');
      createDate = `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}-${p(d.getUTCHours())}-${p(d.getUTCMinutes())}-${p(d.getUTCSeconds())}`;
      syncToken = options.syncToken ?? String(Math.floor(d.getTime() / 1000));
    } else {
      createDate = this.meta.createDate;
      syncToken = options.syncToken ?? this.meta.syncToken;
    }
    if (typeof syncToken !== 'string' || syncToken === '') throw new ListEntryError('syncToken', `${preview(syncToken)} is not a non-empty string`);
    const item = (e: Entry) => ({
      category: e.category,
      ...(e.description !== null ? { description: e.description } : {}),
      ...(e.action === 'deny' ? { action: 'deny' as const } : {}),
    });
    return {
      schemaVersion: 1,
      syncToken,
      createDate,
      prefixes: this.list.filter((e) => e.block.family === 4).map((e) => ({ ip_prefix: e.block.text, ...item(e) })),
      ipv6_prefixes: this.list.filter((e) => e.block.family === 6).map((e) => ({ ipv6_prefix: e.block.text, ...item(e) })),
    };
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
    options ??= {};
    const parsed = parseBlock(block, { normalize: options.normalize });
    const mapped = mappedBlockReason(parsed);
    if (mapped) throw new ListEntryError('block', `${JSON.stringify(block)} is ${mapped}`);
    const category = options.category ?? null;
    if (category !== null && !isCategory(category)) {
      throw new ListEntryError('category', `${preview(category)} is not one of ${CATEGORIES.join(', ')} (or null)`);
    }
    const action = options.action ?? 'allow';
    if (action !== 'allow' && action !== 'deny') throw new ListEntryError('action', `${preview(action)} is not 'allow' or 'deny'`);
    const d = options.description ?? null;
    if (d !== null) {
      if (typeof d !== 'string') throw new ListEntryError('description', 'expected a string or null');
      const why = descriptionReason(d);
      if (why) throw new ListEntryError('description', why);
    }
    const entry = makeEntry(parsed, category, d === '' ? null : d, action);
    const key = keyOf(parsed.text, category, action);
    const old = this.byKey.get(key);
    if (old) {
      this.list[this.list.indexOf(old)] = entry;
    } else {
      let lo = 0;
      let hi = this.list.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (compareEntries(this.list[mid]!, entry) < 0) lo = mid + 1;
        else hi = mid;
      }
      this.list.splice(lo, 0, entry);
    }
    this.byKey.set(key, entry);
    this.changed();
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
      match = (e) => e.block.text === text;
    } else {
      if (!target || typeof target !== 'object' || !(['category', 'containsIp', 'action'] as const).some((k) => k in target && target[k] !== undefined)) {
        throw new ListEntryError('query', 'expected a block or a query with category, containsIp or action');
      }
      match = this.matcher(target);
    }
    const keep: Entry[] = [];
    for (const e of this.list) {
      if (match(e)) this.byKey.delete(keyOf(e.block.text, e.category, e.action));
      else keep.push(e);
    }
    const removed = this.list.length - keep.length;
    if (removed > 0) {
      this.list = keep;
      this.changed();
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
    const match = this.matcher(query);
    return this.list.filter(match).map(toListEntry);
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
    if (options != null && typeof options !== 'object') throw new ListEntryError('options', `${preview(options)} is not an object like { category: 'media' }`);
    const category = options?.category;
    let t = category === undefined ? this.all : this.tables.get(category);
    if (!t) {
      if (category !== undefined && !isCategory(category)) {
        throw new ListEntryError('category', `${preview(category)} is not one of ${CATEGORIES.join(', ')}`);
      }
      t = this.buildTable(category);
      if (category === undefined) this.all = t;
      else this.tables.set(category, t);
    }
    const i = t.table.lookup(ip);
    if (i >= 0) {
      const r = t.results[i]!;
      // Without a category, a deny entry of one category closes the address for that category only:
      // the address stays allowed when another category allows it (the firewall opens the union of
      // the categories, as exportRules and diffLists count it). Rare path: one lookup per category.
      if (category === undefined && !r.allowed && r.category !== null) {
        for (const c of CATEGORIES) {
          if (c === r.category) continue;
          const other = this.check(ip, { category: c });
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

  private buildTable(category: Category | undefined): Lookup {
    const rows: TableEntry[] = [];
    const results: CheckResult[] = [];
    for (const e of this.list) {
      if (category !== undefined && e.category !== null && e.category !== category) continue;
      rows.push({ family: e.block.family, first: e.block.first, last: e.block.last, prefix: e.block.prefix, deny: e.action === 'deny' });
      results.push(Object.freeze({ ...e.result }));
    }
    return { table: RangeTable.build(rows), results };
  }

  private matcher(query: EntryQuery): (e: Entry) => boolean {
    if (!query || typeof query !== 'object') throw new ListEntryError('query', 'expected an object with category, containsIp or action');
    // A typo ('Media', 'Deny') would match nothing, silently: refused as add() refuses it.
    if (query.category != null && !isCategory(query.category)) {
      throw new ListEntryError('category', `${preview(query.category)} is not one of ${CATEGORIES.join(', ')} (or null)`);
    }
    if (query.action !== undefined && query.action !== 'allow' && query.action !== 'deny') {
      throw new ListEntryError('action', `${preview(query.action)} is not 'allow' or 'deny'`);
    }
    const id = query.containsIp !== undefined ? identityOf(query.containsIp) : null;
    const hasCategory = 'category' in query && query.category !== undefined;
    return (e) =>
      (!hasCategory || e.category === query.category) &&
      (query.action === undefined || e.action === query.action) &&
      (id === null || (e.block.family === id.family && e.block.first <= id.value && id.value <= e.block.last));
  }

  private load(entries: Entry[]): void {
    entries.sort(compareEntries);
    this.list = entries;
    for (const e of entries) this.byKey.set(keyOf(e.block.text, e.category, e.action), e);
  }

  private changed(): void {
    this.tables = new Map();
    this.all = null;
    this.meta = null;
  }
}

function toListEntry(e: Entry): ListEntry {
  return {
    block: e.block.text,
    family: e.block.family,
    prefix: e.block.prefix,
    category: e.category,
    description: e.description,
    action: e.action,
  };
}

/** The first word of `text` that reads as an IP block (a pasted second entry), if any. */
function blockIn(text: string): string | undefined {
  return text.split(/\s+/).find((w) => /[.:]/.test(w) && looksLikeBlock(w));
}

function looksLikeBlock(word: string): boolean {
  try {
    parseBlock(word.replace(/[,;]$/, ''), { normalize: true });
    return true;
  } catch {
    return false;
  }
}

function heading(text: string): Category | null | undefined {
  const norm = text.trim().replace(/:$/, '').trim().replace(/\s+/g, ' ').toLowerCase();
  return HEADING_ALIASES.get(norm);
}

function unknownHeading(): string {
  return `headings are ${Object.values(HEADINGS).join(', ')} (or [media], [turn], [api], [logging], [all])`;
}

function validDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const [y, mo, d, h, mi, se] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const t = new Date(Date.UTC(y, mo - 1, d, h, mi, se));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d && t.getUTCHours() === h && t.getUTCMinutes() === mi && t.getUTCSeconds() === se;
}

/** A value as it reads in a message, at most 60 characters; never throws (BigInt, cycles). */
function preview(v: unknown): string {
  if (v === undefined) return 'undefined';
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = typeof v === 'bigint' ? `${v}n` : Object.prototype.toString.call(v);
  }
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
