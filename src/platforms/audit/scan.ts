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
  const n = text.length;
  let i = 0;
  let plainFrom = 0;
  const flushPlain = (to: number): void => {
    if (to > plainFrom) out.push(text.slice(plainFrom, to));
  };
  const emitLiteral = (open: number, contentFrom: number, contentTo: number, end: number): void => {
    flushPlain(open);
    const content = text.slice(contentFrom, contentTo);
    out.push(text.slice(open, contentFrom), KEEP.test(content) ? content : blank(content), text.slice(contentTo, end));
    plainFrom = end;
    i = end;
  };
  const tripleQuotes = syntax === 'swift' || syntax === 'kotlin' || syntax === 'java';
  while (i < n) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      const end = text.indexOf('\n', i);
      const stop = end === -1 ? n : end;
      flushPlain(i);
      out.push(blank(text.slice(i, stop)));
      plainFrom = i = stop;
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? n : end + 2;
      flushPlain(i);
      out.push(blank(text.slice(i, stop)));
      plainFrom = i = stop;
    } else if (c === '"' && tripleQuotes && text.startsWith('"""', i)) {
      const end = text.indexOf('"""', i + 3);
      const stop = end === -1 ? n : end;
      emitLiteral(i, i + 3, stop, Math.min(n, stop + 3));
    } else if (c === '"' && syntax === 'csharp' && isVerbatimCs(text, i)) {
      // @"..." and $@"...": no escapes, "" is a quote, may span lines.
      let j = i + 1;
      while (j < n && !(text[j] === '"' && text[j + 1] !== '"')) j += text[j] === '"' ? 2 : 1;
      emitLiteral(i, i + 1, Math.min(j, n), Math.min(j + 1, n));
    } else if (c === '"' || (c === "'" && syntax !== 'swift') || (c === '`' && syntax === 'js')) {
      let j = i + 1;
      while (j < n && text[j] !== c && (c === '`' || text[j] !== '\n')) j += text[j] === '\\' ? 2 : 1;
      j = Math.min(j, n);
      emitLiteral(i, i + 1, j, text[j] === c ? j + 1 : j);
    } else {
      i++;
    }
  }
  flushPlain(n);
  return out.join('');
}

function isVerbatimCs(text: string, quote: number): boolean {
  const a = text[quote - 1];
  const b = text[quote - 2];
  return a === '@' || (a === '$' && b === '@');
}

const OPEN: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/**
 * Index of the bracket closing the one at `open` (any of `()[]{}`, nested freely), or -1 when the
 * text ends first. Works on stripped text, where brackets in strings and comments are gone.
 */
export function matchBracket(s: string, open: number): number {
  const stack: string[] = [];
  for (let i = open; i < s.length; i++) {
    const c = s[i]!;
    const close = OPEN[c];
    if (close) stack.push(close);
    else if (c === ')' || c === ']' || c === '}') {
      if (stack.pop() !== c) return -1;
      if (stack.length === 0) return i;
    }
  }
  return -1;
}

/** Split an argument list (text between the parentheses) at top-level commas. */
export function splitArgs(s: string): string[] {
  const args: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      args.push(s.slice(from, i));
      from = i + 1;
    }
  }
  if (s.trim() !== '' || args.length > 0) args.push(s.slice(from));
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
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** Escape a string for use inside a RegExp. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
