import { describe, expect, it } from 'vitest';
import { redactor, redactUrl } from '../../src/preflight/redact.js';

describe('stars every known secret in any text, leaving report words alone', () => {
  const token = 'T1==cGFydG5lcl9pZD00NzU5MjY0MSZzaWc9YWJjZGVm';
  it.each([
    ['a long token anywhere', [token], `GET /x?token=${token}&a=1`, 'GET /x?token=***&a=1'],
    ['a long token inside a word', [token], `x${token}y`, 'x***y'],
    [
      'the URL-encoded form',
      ['pa ss/word+long-enough-x'],
      `u=${encodeURIComponent('pa ss/word+long-enough-x')}`,
      'u=***',
    ],
    ['a short user name as a whole word', ['preflight'], 'user preflight refused', 'user *** refused'],
    [
      'not a short user name inside ordinary words',
      ['preflight'],
      'run the Node preflight-cli, preflights',
      'run the Node ***-cli, preflights',
    ],
    ['a short credential next to punctuation', ['s3cr'], 'user:s3cr@host', 'user:***@host'],
    ['regular-expression characters taken literally', ['a.b*c+d?'], 'a.b*c+d? and aXbbc', '*** and aXbbc'],
    ['nothing under 4 characters', ['abc'], 'abc abc', 'abc abc'],
    [
      'nothing that is a word of the report itself (it would corrupt the report)',
      ['timeout', 'turn'],
      'turn timeout',
      'turn timeout',
    ],
    ['a secret of 16 characters (long) inside a word', ['sixteen-chars-xy'], 'asixteen-chars-xy1', 'a***1'],
    [
      'not a short secret with a digit before or after it (part of a longer word)',
      ['alice'],
      'alice2 5alice alice',
      'alice2 5alice ***',
    ],
    [
      'a long secret whole, even when a shorter secret starts it',
      ['preflight', 'preflight-secret-long-token'],
      'x preflight-secret-long-token y',
      'x *** y',
    ],
  ])('redacts %s', (_name, secrets, text, expected) => {
    expect(redactor(secrets)(text)).toBe(expected);
  });
});

describe('removes user info and secret query values from URLs', () => {
  it.each([
    [
      'user info and secret-looking query values of a URL',
      'https://user:pw@api.example/x?token=abc&sig=x&apiKey=y&a=1',
      'https://api.example/x?token=***&sig=***&apiKey=***&a=1',
    ],
    [
      'the same in text that does not parse as a URL',
      'not a url //user:pw@host/x?token=abc&a=1',
      'not a url //host/x?token=***&a=1',
    ],
    [
      'the user info of a TURN URL (opaque to the URL parser)',
      'turns:user:s3cret@turn.example:443?transport=tcp',
      'turns:turn.example:443?transport=tcp',
    ],
  ])('cuts %s', (_name, value, want) => {
    expect(redactUrl(value)).toBe(want);
  });
});
