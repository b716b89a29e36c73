/**
 * The JSON form of the list (schemaVersion 1, docs/list-format.md): reading it into entries, with every
 * field validated and every problem named by its JSON path, and writing it back. Internal to
 * src/allowlist/.
 */
import { asText, mappedBlockReason } from './address.js';
import { collector, compareEntries, type Entry } from './entry.js';
import { ListParseError } from './errors.js';
import { checkField, fieldReason, isRecord, preview, refuse, stamp, tryBlock, validDate } from './fields.js';
import { findJsonSyntaxError, lineAndColumn } from './json-syntax.js';
import type { AllowedIpListJson, ListCategory, EntryAction, ListParseIssue, ParsedBlock } from './types.js';

/** The fields of the JSON form, in the order they are checked. */
const JSON_FIELDS = ['schemaVersion', 'syncToken', 'createDate', 'prefixes', 'ipv6_prefixes'];

/** `createDate` and `syncToken` as read. */
export interface JsonMeta {
  createDate: string;
  syncToken: string;
}

/** Options of `AllowedIpList.toJSON`. */
export interface ToJsonOptions {
  /** The `createDate` to write, a valid `Date` in years 1000-9999 (default: the one read by `fromJSON` if the list is unchanged, else now). */
  createDate?: Date;
  /** The `syncToken` to write, a non-empty string (default: as read if unchanged, else `createDate` in epoch seconds). */
  syncToken?: string;
}

/** JSON text parsed; a syntax error becomes a {@link ListParseError} at its line and column. */
function parseJsonText(text: string): unknown {
  // A byte order mark (files saved by some Windows editors) is not JSON, but not the user's error.
  const json = text.replace(/^\uFEFF/, '');
  try {
    return JSON.parse(json);
  } catch {
    // The position comes from our own scanner, never from the engine's message.
    const found = findJsonSyntaxError(json) ?? { offset: 0, reason: 'too deeply nested to read' };
    const { line, column } = lineAndColumn(json, found.offset);
    throw new ListParseError('JSON', [{ line, column, text: '$', reason: `not valid JSON: ${found.reason}` }]);
  }
}

/** Reads the JSON form into entries in their stable order, and its createDate and syncToken. */
export function readJson(json: unknown): { entries: Entry[]; meta: JsonMeta } {
  const issues: ListParseIssue[] = [];
  const issue = (path: string, value: unknown, reason: string) => {
    issues.push({ line: 0, column: 0, text: `${path} = ${preview(value)}`, reason });
  };
  /** Reports the fields of `object` not in `names`, then each of `names` that `reason` refuses, in that order. */
  const fields = (
    object: Record<string, unknown>,
    path: string,
    names: readonly string[],
    reason: (key: string, value: unknown) => string | false | null | undefined = fieldReason,
  ) => {
    for (const key of Object.keys(object))
      if (!names.includes(key)) issue(`${path}.${key}`, object[key], 'unknown field');
    for (const key of names) {
      const why = reason(key, object[key]);
      if (why) issue(`${path}.${key}`, object[key], why);
    }
  };
  const doc = typeof json === 'string' ? parseJsonText(json) : json;
  if (!isRecord(doc)) {
    issue('$', doc, 'expected an object');
    throw new ListParseError('JSON', issues);
  }
  fields(doc, '$', JSON_FIELDS);
  const entries: Entry[] = [];
  const add = collector(entries);
  for (const [field, key, family] of [
    ['prefixes', 'ip_prefix', 4],
    ['ipv6_prefixes', 'ipv6_prefix', 6],
  ] as const) {
    const items = doc[field];
    if (!Array.isArray(items)) {
      issue(`$.${field}`, items, 'expected an array');
      continue;
    }
    items.forEach((item: unknown, index) => {
      const path = `$.${field}[${index}]`;
      if (!isRecord(item)) return issue(path, item, 'expected an object');
      const before = issues.length;
      const written = item[key];
      const block = typeof written === 'string' ? tryBlock(written) : 'expected a CIDR block string';
      const why =
        typeof block === 'string'
          ? block
          : block.family !== family
            ? `an IPv${block.family} block in ${field}; put it in ${family === 4 ? 'ipv6_prefixes' : 'prefixes'}`
            : mappedBlockReason(block);
      const names = [key, 'category', 'description', 'action'];
      fields(item, path, names, (name, value) => (name === key ? why : fieldReason(name, value)));
      if (issues.length > before) return;
      const entryFields = {
        category: item.category as ListCategory | null,
        description: (item.description as string) || null,
        action: (item.action as EntryAction) ?? 'allow',
      };
      const duplicate = add(block as ParsedBlock, entryFields, path);
      if (duplicate) issue(`${path}.${key}`, written, duplicate);
    });
  }
  if (issues.length > 0) throw new ListParseError('JSON', issues);
  return {
    entries: entries.sort(compareEntries),
    meta: { createDate: doc.createDate as string, syncToken: doc.syncToken as string },
  };
}

/** Writes the JSON form (see `AllowedIpList.toJSON`); `meta` is what fromJSON read, while unchanged. */
export function writeJson(
  entries: readonly Entry[],
  meta: JsonMeta | null,
  options?: ToJsonOptions | null,
): AllowedIpListJson {
  const given = options?.createDate;
  // The values read by fromJSON, while the list is unchanged and no createDate is given.
  const kept = given ? null : meta;
  const date = given ?? new Date();
  // fromJSON reads YYYY-MM-DD-hh-mm-ss: four-digit years, and not 0000-0999 (years 0-99 are 1900-1999 to Date.UTC).
  const createDate = kept?.createDate ?? (date instanceof Date && date.getUTCFullYear() >= 1000 ? stamp(date) : '');
  if (!validDate(createDate)) refuse('createDate', asText(date), 'is not a valid Date in years 1000-9999');
  const syncToken = options?.syncToken ?? kept?.syncToken ?? String(Math.floor(date.getTime() / 1000));
  checkField('syncToken', syncToken);
  const json: AllowedIpListJson = { schemaVersion: 1, syncToken, createDate, prefixes: [], ipv6_prefixes: [] };
  for (const entry of entries) {
    const v6 = entry.family === 6;
    const item: Record<string, unknown> = { [v6 ? 'ipv6_prefix' : 'ip_prefix']: entry.block, category: entry.category };
    if (entry.description !== null) item.description = entry.description;
    if (entry.deny) item.action = 'deny';
    (v6 ? json.ipv6_prefixes : json.prefixes).push(item as never);
  }
  return json;
}
