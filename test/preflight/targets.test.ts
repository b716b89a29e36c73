import { describe, expect, it } from 'vitest';
import { redactor, redactUrl } from '../../src/preflight/redact.js';
import { parseSessionInfo } from '../../src/preflight/session-info.js';
import { parseTurnUrl, turnDisplay } from '../../src/preflight/turn-url.js';

describe('redactor', () => {
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

describe('parseTurnUrl', () => {
  it.each([
    ['turn:turn.example:3478', { secure: false, host: 'turn.example', port: 3478, transport: 'udp' }],
    ['turn:turn.example', { secure: false, host: 'turn.example', port: 3478, transport: 'udp' }],
    ['turns:turn.example', { secure: true, host: 'turn.example', port: 5349, transport: 'tcp' }],
    ['TURNS:turn.example:443?TRANSPORT=TCP', { secure: true, host: 'turn.example', port: 443, transport: 'tcp' }],
    ['turn:[2001:db8::1]:3478?transport=tcp', { secure: false, host: '2001:db8::1', port: 3478, transport: 'tcp' }],
    ['turn:turn.example:1', { secure: false, host: 'turn.example', port: 1, transport: 'udp' }],
    ['  turn:turn.example:65535 ', { secure: false, host: 'turn.example', port: 65535, transport: 'udp' }],
  ])('reads %j', (url, want) => {
    expect(parseTurnUrl(url)).toEqual(want);
  });

  it.each([
    ['port 0', 'turn:turn.example:0'],
    ['port 65536', 'turn:turn.example:65536'],
    ['a port of six digits, even one in range written with zeros', 'turn:turn.example:003478'],
    ['TURN over DTLS (turns: with transport=udp)', 'turns:turn.example:443?transport=udp'],
    ['a STUN URL', 'stun:stun.example:3478'],
    ['an unknown transport', 'turn:turn.example:3478?transport=sctp'],
    ['a path', 'turn:turn.example:3478/x'],
    ['a user name (RFC 7065 TURN URLs carry none; it would show in the report)', 'turn:alice@turn.example:3478'],
    ['a user name before an IPv6 literal', 'turn:alice@[::1]:3478'],
    ['white space in the host', 'turn:turn example:3478'],
  ])('refuses %s (null)', (_name, url) => {
    expect(parseTurnUrl(url)).toBeNull();
  });

  it('writes the URL back with its defaults and IPv6 brackets', () => {
    expect(turnDisplay(parseTurnUrl('turn:[::1]')!)).toBe('turn:[::1]:3478?transport=udp');
    expect(turnDisplay(parseTurnUrl('turns:turn.example')!)).toBe('turns:turn.example:5349?transport=tcp');
  });
});

describe('redactUrl', () => {
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

describe('parseSessionInfo', () => {
  it('reads the messaging URL, every TURN URL (urls and url) with its credentials, and the media host; skips STUN', () => {
    const body = JSON.stringify([
      {
        messaging_url: 'wss://ws.example/rumor',
        media_server_hostname: 'media.example',
        ice_servers: [
          { urls: ['stun:stun.example:3478', 'turn:turn.example:3478'], username: 'u', credential: 'c' },
          { url: 'turns:turn.example:443' },
        ],
      },
    ]);
    expect(parseSessionInfo(body)).toEqual({
      messaging: ['wss://ws.example/rumor'],
      media: ['media.example'],
      turn: [{ url: 'turn:turn.example:3478', username: 'u', credential: 'c' }, { url: 'turns:turn.example:443' }],
    });
  });

  it('skips ice_servers entries that are not objects (null, a string) and URLs that are not strings, and reads the rest', () => {
    const body = JSON.stringify([{ ice_servers: [null, 'turn:x.example', { urls: [5, null, 'turn:turn.example'] }] }]);
    expect(parseSessionInfo(body)).toEqual({ messaging: [], media: [], turn: [{ url: 'turn:turn.example' }] });
  });

  it('takes a blank messaging URL or media host as none', () => {
    expect(parseSessionInfo(JSON.stringify({ messaging_url: ' ', media_server_hostname: '' }))).toEqual({
      messaging: [],
      turn: [],
      media: [],
    });
  });

  it.each([
    ['not JSON', '<html>', /^session info is not JSON$/],
    ['empty', '[]', /^session info is empty$/],
    ['a null element', '[null]', /^session info is empty$/],
    [
      'an error element, with its code',
      JSON.stringify([{ error: { code: 1004, message: 'x' } }]),
      /^session info error 1004$/,
    ],
  ])('refuses a body that is %s', (_name, body, message) => {
    expect(() => parseSessionInfo(body)).toThrow(message);
  });
});
