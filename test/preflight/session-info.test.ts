import { describe, expect, it } from 'vitest';
import { parseSessionInfo } from '../../src/preflight/session-info.js';

describe('reads the targets a session info names, never echoing its body', () => {
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
