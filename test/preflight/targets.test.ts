import { describe, expect, it } from 'vitest';
import { redactor } from '../../src/preflight/targets.js';

describe('redactor', () => {
  const token = 'T1==cGFydG5lcl9pZD00NzU5MjY0MSZzaWc9YWJjZGVm';
  it.each([
    ['a long token anywhere', [token], `GET /x?token=${token}&a=1`, 'GET /x?token=***&a=1'],
    ['a long token inside a word', [token], `x${token}y`, 'x***y'],
    ['the URL-encoded form', ['pa ss/word+long-enough-x'], `u=${encodeURIComponent('pa ss/word+long-enough-x')}`, 'u=***'],
    ['a short user name as a whole word', ['preflight'], 'user preflight refused', 'user *** refused'],
    ['not a short user name inside ordinary words', ['preflight'], 'run the Node preflight-cli, preflights', 'run the Node ***-cli, preflights'],
    ['a short credential next to punctuation', ['s3cr'], 'user:s3cr@host', 'user:***@host'],
    ['regular-expression characters taken literally', ['a.b*c+d?'], 'a.b*c+d? and aXbbc', '*** and aXbbc'],
    ['nothing under 4 characters', ['abc'], 'abc abc', 'abc abc'],
  ])('redacts %s', (_name, secrets, text, expected) => {
    expect(redactor(secrets)(text)).toBe(expected);
  });
});
