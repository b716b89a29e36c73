/** The bench's split of a minified script into string literals and code (bench/size.ts textShare). */
import { describe, expect, it } from 'vitest';
import { gzipSize, textShare } from '../../bench/size.js';

describe('textShare', () => {
  it.each([
    ['f("ab")', 4],
    ["f('a\\'b')", 6],
    ['f(`a${x}b`,"c")', 11], // a template literal counts whole, its ${...} included (an approximation)
    ['f(a/2)', 0],
  ])('counts the string literals of %s as %i bytes', (code, bytes) => {
    expect(textShare(code).literalBytes).toBe(bytes);
  });

  it('gzips the code with every literal emptied, which is smaller than the whole when the text is long', () => {
    const code = `throw new E(${JSON.stringify('a message that says what went wrong and what to do about it '.repeat(4))})`;
    const share = textShare(code);
    expect(share.codeGzip).toBe(gzipSize('throw new E("")'));
    expect(share.codeGzip).toBeLessThan(gzipSize(code));
  });
});
