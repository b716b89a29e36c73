/**
 * Text helpers for the audit: blank comments and string literals (same length, newlines kept, so
 * offsets still point into the original), match brackets, split arguments, map offsets to lines.
 * A careful scanner, not a parser.
 */

/** Which literal syntaxes a language family has. */
export type Syntax = 'js' | 'swift' | 'kotlin' | 'java' | 'csharp' | 'c';

/**
 * A string literal whose content is exactly one of these is kept, so `"ipWhitelist": true` and
 * `OT['initSession'](...)` still read.
 */
const KEEP = /^(?:ipWhitelist|initSession)$/;

const blank = (s: string): string => s.replace(/[^\n]/g, ' ');

/**
 * Replace comments and the contents of string literals with spaces. Quotes stay; newlines stay;
 * the result has the same length as `text`. Single- and double-quoted strings end at an unescaped
 * quote or at the end of the line (so a stray apostrophe in JSX text blanks one line at most).
 */
export function stripCode(text: string, syntax: Syntax): string {
  const out: string[] = [];
  const length = text.length;
  let pos = 0;
  let plainFrom = 0;
  const flushPlain = (to: number): void => {
    if (to > plainFrom) out.push(text.slice(plainFrom, to));
  };
  const emitLiteral = (open: number, contentFrom: number, contentTo: number, end: number): void => {
    flushPlain(open);
    const content = text.slice(contentFrom, contentTo);
    out.push(text.slice(open, contentFrom), KEEP.test(content) ? content : blank(content), text.slice(contentTo, end));
    plainFrom = end;
    pos = end;
  };
  const tripleQuotes = syntax === 'swift' || syntax === 'kotlin' || syntax === 'java';
  while (pos < length) {
    const char = text[pos]!;
    const next = text[pos + 1];
    if (char === '/' && next === '/') {
      const end = text.indexOf('\n', pos);
      const stop = end === -1 ? length : end;
      flushPlain(pos);
      out.push(blank(text.slice(pos, stop)));
      plainFrom = pos = stop;
    } else if (char === '/' && next === '*') {
      const end = text.indexOf('*/', pos + 2);
      const stop = end === -1 ? length : end + 2;
      flushPlain(pos);
      out.push(blank(text.slice(pos, stop)));
      plainFrom = pos = stop;
    } else if (char === '"' && tripleQuotes && text.startsWith('"""', pos)) {
      const end = text.indexOf('"""', pos + 3);
      const stop = end === -1 ? length : end;
      emitLiteral(pos, pos + 3, stop, Math.min(length, stop + 3));
    } else if (char === '"' && syntax === 'csharp' && isVerbatimCs(text, pos)) {
      // @"..." and $@"...": no escapes, "" is a quote, may span lines.
      let close = pos + 1;
      while (close < length && !(text[close] === '"' && text[close + 1] !== '"')) close += text[close] === '"' ? 2 : 1;
      emitLiteral(pos, pos + 1, Math.min(close, length), Math.min(close + 1, length));
    } else if (char === '"' || (char === "'" && syntax !== 'swift') || (char === '`' && syntax === 'js')) {
      let close = pos + 1;
      while (close < length && text[close] !== char && (char === '`' || text[close] !== '\n'))
        close += text[close] === '\\' ? 2 : 1;
      close = Math.min(close, length);
      emitLiteral(pos, pos + 1, close, text[close] === char ? close + 1 : close);
    } else {
      pos++;
    }
  }
  flushPlain(length);
  return out.join('');
}

function isVerbatimCs(text: string, quote: number): boolean {
  const before = text[quote - 1];
  const twoBefore = text[quote - 2];
  return before === '@' || (before === '$' && twoBefore === '@');
}

const OPEN: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/**
 * Index of the bracket closing the one at `open` (any of `()[]{}`, nested freely), or -1 when the
 * text ends first. Works on stripped text, where brackets in strings and comments are gone.
 */
export function matchBracket(stripped: string, open: number): number {
  const stack: string[] = [];
  for (let pos = open; pos < stripped.length; pos++) {
    const char = stripped[pos]!;
    const close = OPEN[char];
    if (close) stack.push(close);
    else if (char === ')' || char === ']' || char === '}') {
      if (stack.pop() !== char) return -1;
      if (stack.length === 0) return pos;
    }
  }
  return -1;
}

/** Split an argument list (text between the parentheses) at top-level commas. */
export function splitArgs(list: string): string[] {
  const args: string[] = [];
  let depth = 0;
  let from = 0;
  for (let pos = 0; pos < list.length; pos++) {
    const char = list[pos]!;
    if (char === '(' || char === '[' || char === '{') depth++;
    else if (char === ')' || char === ']' || char === '}') depth--;
    else if (char === ',' && depth === 0) {
      args.push(list.slice(from, pos));
      from = pos + 1;
    }
  }
  if (list.trim() !== '' || args.length > 0) args.push(list.slice(from));
  return args.map((a) => a.trim());
}

/** 1-based line and column of `offset` in `text`. */
export function lineColumn(lineStarts: readonly number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - lineStarts[lo]! + 1 };
}

/** Offsets at which each line of `text` starts. */
export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', newline + 1))
    starts.push(newline + 1);
  return starts;
}

/** Escape a string for use inside a RegExp. */
export function escapeRegExp(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
