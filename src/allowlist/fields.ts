/**
 * The values an entry's fields and the JSON form's fields may take, and why a value is refused: one
 * table that `add`, `fromJSON` and `toJSON` share, so that whatever one writes the others read back.
 * Internal to src/allowlist/.
 */
import { AddressParseError, ipv4ToInt, ipv6ToWords, parseBlock } from './address.js';
import { CATEGORIES, isCategory } from './categories.js';
import { ListEntryError } from './errors.js';
import type { ParsedBlock } from './types.js';

/**
 * A character that may not stand in a description: a line break of any kind (LF, CR, VT, FF, NEL,
 * U+2028, U+2029), which the text form reads as the end of the line, and every other control character
 * (C0 but tab, DEL, C1), which no editor shows.
 */
export const FORBIDDEN_CHARACTER = /[\0-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]/;

/** `U+000D`: how a message names a character. */
export function codePoint(char: string): string {
  return `U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Why a description is refused, or false. */
function descriptionReason(value: unknown): string | false {
  if (value === undefined) return false;
  if (typeof value !== 'string') return 'is not a string';
  const bad = FORBIDDEN_CHARACTER.exec(value);
  if (bad) {
    const kind = /[\n\r\v\f\x85\u2028\u2029]/.test(bad[0]) ? 'a line break' : 'a control character';
    return `cannot contain ${kind} (${codePoint(bad[0])}; the text form ends a line there or refuses it)`;
  }
  if (value.includes('#')) return "cannot contain '#' (it starts a comment in the text form)";
  if (/^\s|\s$/.test(value)) return 'cannot start or end with whitespace (the text form trims it)';
  const block = blockIn(value);
  return !!block && `cannot hold an IP block ('${block}'; the text form would read it as a second block)`;
}

/**
 * Why a value cannot be the value of a field (of the JSON form or of an entry), by field name; a falsy
 * answer when it can. The reason reads after the value (`"video" is not one of ...`). An absent
 * description or action is valid (the defaults); an absent category is not.
 */
const FIELD_REASONS: Record<string, (value: unknown) => string | false> = {
  schemaVersion: (value) => value !== 1 && 'is an unknown schemaVersion; this reader knows 1',
  syncToken: (value) => (typeof value !== 'string' || value === '') && 'is not a non-empty string',
  createDate: (value) => !validDate(value) && 'is not a UTC date as YYYY-MM-DD-hh-mm-ss',
  category: (value) => value !== null && !isCategory(value) && `is not one of ${CATEGORIES.join(', ')} or null`,
  action: (value) => value !== undefined && value !== 'allow' && value !== 'deny' && "is not 'allow' or 'deny'",
  description: descriptionReason,
};

/** See {@link FIELD_REASONS}; no reason for a field it does not check (`prefixes`). */
export function fieldReason(field: string, value: unknown): string | false | undefined {
  return FIELD_REASONS[field]?.(value);
}

/** Throws {@link ListEntryError} for `field` when {@link fieldReason} refuses `value`. */
export function checkField(field: string, value: unknown): void {
  const why = fieldReason(field, value);
  if (why) refuse(field, preview(value), why);
}

/** Throws {@link ListEntryError}: `field: <shown> <reason>`. */
export function refuse(field: string, shown: string, reason: string): never {
  throw new ListEntryError(field, `${shown} ${reason}`);
}

/** `text` parsed as a block, or the reason it is not one. */
export function tryBlock(text: string, normalize?: boolean): ParsedBlock | string {
  try {
    return parseBlock(text, { normalize });
  } catch (err) {
    if (err instanceof AddressParseError) return err.reason;
    throw err;
  }
}

const WORDS = /* @__PURE__ */ new Uint32Array(4);

/** Whether `text` is an address or a CIDR block, host bits allowed: the scanners only, nothing thrown. */
function isBlockText(text: string): boolean {
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const bits = ipv4ToInt(address) >= 0 ? 32 : ipv6ToWords(address, WORDS) ? 128 : 0;
  if (bits === 0 || slash < 0) return bits > 0;
  const prefix = text.slice(slash + 1);
  return /^(?:0|[1-9]\d{0,2})$/.test(prefix) && Number(prefix) <= bits;
}

/** Whether a UTF-16 code is one of `0-9 a-f A-F . : /`, the characters of a written block. */
function isBlockChar(code: number): boolean {
  return (
    (code >= 48 && code <= 58) || // 0-9 and ':'
    code === 46 ||
    code === 47 ||
    ((code | 32) >= 97 && (code | 32) <= 102)
  );
}

/** The longest written block: eight full groups with an IPv4 tail and a prefix, with room. */
const LONGEST_BLOCK = 64;

/**
 * The description written after a line's block: trimmed, a leading `-` or `–` and the white space after
 * it left off (`10.0.0.0/8 - Frankfurt`); null when nothing is left. Both line readers use it.
 */
export function descriptionAfter(after: string): string | null {
  return after.trim().replace(/^[-\u2013](?:\s+|$)/, '') || null;
}

/**
 * The first IP block written in `text` (a pasted second entry), if any: a maximal run of block
 * characters that reads as an address or block, also with `.`/`:` (sentence punctuation) left off at
 * its end or at both ends. So a block next to any other character is found: `x,10.1.0.0/16`, `(10.1.0.0/16)`,
 * `10.1.0.0/16;`. One pass over `text`; runs longer than any block are skipped unread.
 */
export function blockIn(text: string): string | undefined {
  let start = -1;
  for (let at = 0; at <= text.length; at++) {
    if (at < text.length && isBlockChar(text.charCodeAt(at))) {
      if (start < 0) start = at;
      continue;
    }
    if (start < 0) continue;
    const run = at - start <= LONGEST_BLOCK ? text.slice(start, at) : '';
    start = -1;
    if (!/[.:]/.test(run)) continue;
    // As written, then without sentence punctuation at the end, then at both ends (`x:10.0.0.0/8.`).
    for (const candidate of [run, run.replace(/[.:]+$/, ''), run.replace(/^[.:]+|[.:]+$/g, '')]) {
      if (candidate && isBlockText(candidate)) return candidate;
    }
  }
  return undefined;
}

/** A Date as `YYYY-MM-DD-hh-mm-ss` in UTC (years 0-9999). */
export function stamp(date: Date): string {
  return date.toISOString().slice(0, 19).replace(/\D/g, '-');
}

/** Whether `value` is a real UTC date and time written as `YYYY-MM-DD-hh-mm-ss`. */
export function validDate(value: unknown): boolean {
  if (typeof value !== 'string' || !/^\d{4}(?:-\d\d){5}$/.test(value)) return false;
  const [year, month, day, hour, minute, second] = value.split('-').map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  // Date.UTC rolls over (February 30 is March 2; years 0-99 are 1900-1999): the date must read back.
  return stamp(new Date(Date.UTC(year, month - 1, day, hour, minute, second))) === value;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

/** A value as it reads in a message, at most 60 characters; never throws (BigInt, cycles). */
export function preview(value: unknown): string {
  let shown: string;
  try {
    shown = JSON.stringify(value) ?? String(value);
  } catch {
    shown = typeof value === 'bigint' ? `${value}n` : Object.prototype.toString.call(value);
  }
  return shown.length > 60 ? `${shown.slice(0, 57)}...` : shown;
}
