/**
 * The text form of the list (docs/list-format.md): reading it into entries and writing it back.
 * Every path is linear in the length of the text: lines are cut once, headings are matched word by
 * word (no backtracking pattern over white space), and a second block is looked for in one pass.
 * Internal to src/allowlist/.
 */
import { asText, bigintToWords, mappedBlockReason } from './address.js';
import { CATEGORIES, rankOf } from './categories.js';
import type { Entry } from './entry.js';
import { ListParseError } from './errors.js';
import { blockIn, codePoint, descriptionAfter, FORBIDDEN_CHARACTER, tryBlock } from './fields.js';
import { type Packed, PackedBuilder } from './packed.js';
import { readLines, type Reader } from './text-lines.js';
import type { ListCategory, ParsedBlock } from './types.js';

/** The heading `toText` writes for each category (the account page's wording). */
export const HEADINGS: Record<ListCategory, string> = {
  media: 'Media servers',
  turn: 'TURN servers',
  api: 'API server',
  logging: 'Logging servers',
};

/** Options of `AllowedIpList.fromText`. */
export interface FromTextOptions {
  /** Accept blocks with host bits set and store their canonical block (default false: an issue). */
  normalize?: boolean;
}

/** Headings by their words in lower case, a trailing ':' left off. */
let headingWords: Map<string, ListCategory | null> | undefined;

function headingTable(): Map<string, ListCategory | null> {
  const table = new Map<string, ListCategory | null>([
    ['all', null],
    ['all servers', null],
    ['uncategorized', null],
    ['log server', 'logging'],
    ['log servers', 'logging'],
  ]);
  for (const category of CATEGORIES) {
    for (const words of [category, `${category} server`, `${category} servers`]) table.set(words, category);
  }
  return table;
}

/**
 * The category of a heading (`Media servers`, `turn`, `Log servers:`), null for a heading of every
 * server (`All servers`, `uncategorized`), undefined for anything else. Case, runs of white space and
 * one trailing ':' do not matter. Linear: the words are cut once and looked up.
 */
export function heading(text: string): ListCategory | null | undefined {
  const words = text.trim().split(/\s+/);
  const last = words[words.length - 1]!;
  if (last === ':' && words.length > 1) words.pop();
  else if (last.endsWith(':')) words[words.length - 1] = last.slice(0, -1);
  return (headingWords ??= headingTable()).get(words.join(' ').toLowerCase());
}

/** What an unknown heading is told: the headings toText writes, and the bracketed short forms. */
function unknownHeading(): string {
  return `headings are ${Object.values(HEADINGS).join(', ')} (or ${[...CATEGORIES, 'all'].map((c) => `[${c}]`).join(', ')})`;
}

/** Records a problem at a column counted from 0. */
function addIssue(reader: Reader, where: { line: number; column: number }, text: string, reason: string): void {
  reader.issues.push({ line: where.line, column: where.column + 1, text, reason });
}

/** Reads one line (numbered from 1) into the reader. */
function readLine(reader: Reader, raw: string, line: number): void {
  const hash = raw.indexOf('#');
  const content = hash < 0 ? raw : raw.slice(0, hash);
  const body = content.trim();
  if (!body) return;
  const start = content.length === body.length ? 0 : content.search(/\S/);
  const bad = FORBIDDEN_CHARACTER.exec(content);
  if (bad)
    return addIssue(reader, { line, column: bad.index }, body, `a control character (${codePoint(bad[0])}); remove it`);

  // A bracketed heading: [media]
  if (body[0] === '[') {
    const closed = body.endsWith(']');
    const found = closed ? heading(body.slice(1, -1)) : undefined;
    if (found !== undefined) reader.category = found;
    else
      addIssue(
        reader,
        { line, column: start },
        body,
        closed ? unknownHeading() : "a bracketed heading must end with ']'",
      );
    return;
  }

  // `deny` or `!` as written, the block, and after it the description. A line of one word, the common
  // case, is the block alone.
  const [, deny, token, after] =
    /\s/.test(body) || /^deny$/i.test(body)
      ? /^(?:(deny(?=\s|$)|!)\s*)?(\S*)([^]*)/i.exec(body)!
      : body[0] === '!'
        ? [body, '!', body.slice(1), '']
        : [body, undefined, body, ''];
  const column = start + body.length - token!.length - after!.length;
  if (!token) return addIssue(reader, { line, column: start }, body, `'${deny}' must be followed by a block`);
  if (!deny && !/^[0-9:]/.test(token)) {
    // A heading never starts with a digit or ':'.
    const found = heading(body);
    if (found !== undefined) {
      reader.category = found;
      return;
    }
    if (!/[.:/]/.test(token)) {
      return addIssue(
        reader,
        { line, column: start },
        body,
        `neither an IP block nor a known heading; ${unknownHeading()}`,
      );
    }
  }
  const block = tryBlock(token, reader.normalize);
  if (typeof block === 'string') {
    // `10.0.0.0/8,10.1.0.0/16`, `10.0.0.0/8;…`, `10.0.0.0/8(…)`: a block, then punctuation and a second.
    const cut = token.search(/[,;()]/);
    const head = cut > 0 ? token.slice(0, cut) : '';
    const second = head && typeof tryBlock(head, true) !== 'string' ? blockIn(token.slice(cut) + after!) : undefined;
    if (second) return addIssue(reader, { line, column }, head, secondBlock(second));
    return addIssue(reader, { line, column }, token, block);
  }
  const mapped = mappedBlockReason(block);
  if (mapped) return addIssue(reader, { line, column }, token, mapped);
  const description = descriptionAfter(after!);
  const second = description ? blockIn(description) : undefined;
  if (second) return addIssue(reader, { line, column }, token, secondBlock(second));
  const { lineStart } = reader;
  addParsed(reader, block, { deny: !!deny, description, line, lineStart, offset: lineStart + column });
}

const WORDS = /* @__PURE__ */ new Uint32Array(4);

/** Adds a block the full reader parsed; duplicates are found after the sort. */
function addParsed(
  reader: Reader,
  block: ParsedBlock,
  fields: { deny: boolean; description: string | null; line: number; lineStart: number; offset: number },
): void {
  const words = bigintToWords(block.family === 4 ? block.first << 96n : block.first, WORDS);
  const item = { family: block.family, prefix: block.prefix, rank: rankOf(reader.category), ...fields };
  reader.builder.add(item, words);
}

function secondBlock(block: string): string {
  return `a second block '${block}' on the same line; write one entry a line`;
}

/**
 * Reads the text form into packed entries in their stable order. Every line break an editor or
 * spreadsheet may write ends a line: CRLF, LF, a lone CR, vertical tab, form feed, NEL (U+0085), LINE
 * SEPARATOR (U+2028) and PARAGRAPH SEPARATOR (U+2029).
 *
 * @throws {@link ListParseError} with every problem found.
 */
export function readText(text: string, options?: FromTextOptions | null): Packed {
  if (typeof text !== 'string') {
    throw new ListParseError('text', [
      { line: 0, column: 0, text: asText(text), reason: `expected a string, got ${typeof text}` },
    ]);
  }
  // Room for an entry every 16 characters (a /24 and its line break take 13 to 19).
  const builder = new PackedBuilder(text.length >>> 4);
  const reader: Reader = { builder, issues: [], category: null, normalize: options?.normalize, line: 0, lineStart: 0 };
  // A byte order mark is read as a space, so that columns still count it.
  const source = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  readLines(source, reader, (raw, line) => readLine(reader, raw, line));
  const { packed, duplicates } = builder.finish();
  if (duplicates.length > 0) {
    for (const { line, lineStart, offset, firstLine } of duplicates) {
      let end = offset;
      while (end < source.length && /[\da-f.:/]/i.test(source[end]!)) end++;
      const reason = `duplicate of line ${firstLine} (same block, category and action)`;
      addIssue(reader, { line, column: offset - lineStart }, source.slice(offset, end), reason);
    }
    // One problem a line at most: in line order, as read.
    reader.issues.sort((left, right) => left.line - right.line);
  }
  if (reader.issues.length > 0) throw new ListParseError('text', reader.issues);
  return packed;
}

/** Writes the text form of entries in their stable order (see `AllowedIpList.toText`). */
export function writeText(entries: readonly Entry[]): string {
  let out = '';
  let current: ListCategory | null = null;
  for (const entry of entries) {
    if (entry.category !== current) out += `${out && '\n'}${HEADINGS[entry.category!]}\n`;
    current = entry.category;
    out += `${entry.deny ? 'deny ' : ''}${entry.block}${entry.description === null ? '' : ` - ${entry.description}`}\n`;
  }
  return out;
}
