/**
 * Where JSON text breaks the grammar (RFC 8259) and why, found by a small scanner of our own: run only
 * after `JSON.parse` refused the text, so the position never depends on an engine's message. One pass,
 * an explicit stack (no recursion, so any nesting depth is fine). Internal to src/allowlist/.
 */

/** The first syntax error of a JSON text: its offset (UTF-16 units) and a reason in words. */
export interface JsonSyntaxError {
  offset: number;
  reason: string;
}

const LITERALS = ['true', 'false', 'null'];
const ESCAPES = '"\\/bfnrtu';

/** The character that closes a container. */
function closer(open: string): string {
  return open === '{' ? '}' : ']';
}

/** A character as a message shows it. */
function shown(text: string, at: number): string {
  return at >= text.length ? 'end of input' : `character ${JSON.stringify(text[at])}`;
}

/** Scans JSON text; see the module comment. Returns null when the text is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | null {
  const scanner = new Scanner(text);
  return scanner.run();
}

class Scanner {
  private at = 0;
  /** Open containers, innermost last: '{' or '['. */
  private readonly open: string[] = [];

  constructor(private readonly text: string) {}

  run(): JsonSyntaxError | null {
    for (;;) {
      // A value is wanted.
      this.space();
      const opened = this.text[this.at];
      const failure = this.value();
      if (failure) return failure;
      if (opened === '{' || opened === '[') {
        this.space();
        if (this.text[this.at] !== closer(opened)) {
          const keyFailure = opened === '{' ? this.key("a key in double quotes or '}'") : null;
          if (keyFailure) return keyFailure;
          continue;
        }
        this.close();
      }
      // After a value: a ',' (then a key in an object) and the next value, or the end of containers.
      for (;;) {
        this.space();
        const inner = this.open[this.open.length - 1];
        if (inner === undefined) return this.at < this.text.length ? this.fail('nothing after the value') : null;
        const char = this.text[this.at];
        if (char === closer(inner)) {
          this.close();
          continue;
        }
        if (char !== ',') return this.fail(`',' or '${closer(inner)}'`);
        this.at++;
        const keyFailure = inner === '{' ? (this.space(), this.key('a key in double quotes')) : null;
        if (keyFailure) return keyFailure;
        break;
      }
    }
  }

  private fail(expected: string): JsonSyntaxError {
    return { offset: this.at, reason: `expected ${expected}, found ${shown(this.text, this.at)}` };
  }

  private space(): void {
    const text = this.text;
    while (this.at < text.length && ' \t\n\r'.includes(text[this.at]!)) this.at++;
  }

  private close(): void {
    this.open.pop();
    this.at++;
  }

  /** A key, the white space after it and its ':'; a failure naming `expected` when the key is missing. */
  private key(expected: string): JsonSyntaxError | null {
    if (this.text[this.at] !== '"') return this.fail(expected);
    const failure = this.string();
    if (failure) return failure;
    this.space();
    if (this.text[this.at] !== ':') return this.fail("':' after the key");
    this.at++;
    return null;
  }

  /** One value, or just the opening of an object or array; a failure or null. */
  private value(): JsonSyntaxError | null {
    const char = this.text[this.at];
    if (char === '{' || char === '[') {
      this.open.push(char);
      this.at++;
      return null;
    }
    if (char === '"') return this.string();
    if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) return this.number();
    const literal = LITERALS.find((word) => this.text.startsWith(word, this.at));
    if (literal) {
      this.at += literal.length;
      return null;
    }
    return this.fail('a value');
  }

  /** A string from its opening quote. */
  private string(): JsonSyntaxError | null {
    const text = this.text;
    for (this.at++; this.at < text.length; this.at++) {
      const code = text.charCodeAt(this.at);
      if (code === 34) {
        this.at++;
        return null;
      }
      if (code < 0x20) return { offset: this.at, reason: 'a control character in a string; write it as \\uXXXX' };
      if (code !== 92) continue;
      const escape = text[++this.at];
      if (escape === undefined || !ESCAPES.includes(escape)) return this.fail('an escape such as \\n or \\u0041');
      if (escape === 'u' && !/^[0-9a-fA-F]{4}$/.test(text.slice(this.at + 1, this.at + 5))) {
        this.at++;
        return this.fail('four hex digits after \\u');
      }
      if (escape === 'u') this.at += 4;
    }
    return this.fail("a closing '\"'");
  }

  /** A number: -? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)? */
  private number(): JsonSyntaxError | null {
    const text = this.text;
    const digits = (): boolean => {
      const from = this.at;
      while (this.at < text.length && text[this.at]! >= '0' && text[this.at]! <= '9') this.at++;
      return this.at > from;
    };
    if (text[this.at] === '-') this.at++;
    if (text[this.at] === '0') this.at++;
    else if (!digits()) return this.fail('a digit');
    if (text[this.at] === '.') {
      this.at++;
      if (!digits()) return this.fail('a digit after the decimal point');
    }
    if (text[this.at] === 'e' || text[this.at] === 'E') {
      this.at++;
      if (text[this.at] === '+' || text[this.at] === '-') this.at++;
      if (!digits()) return this.fail('a digit in the exponent');
    }
    return null;
  }
}

/** Line and column (from 1) of an offset; CRLF, LF and a lone CR end a line. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let at = 0; at < offset; at++) {
    const code = text.charCodeAt(at);
    if (code === 10 || (code === 13 && text.charCodeAt(at + 1) !== 10)) {
      line++;
      lineStart = at + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
