import { describe, expect, it } from 'vitest';
import { safeUrl } from '../../src/preflight/transports/browser-shared.js';

describe('safeUrl (the browser transport names its target with it)', () => {
  it.each([
    [
      'an HTTPS URL without its query and fragment',
      'https://user:pw@api.example/session/x?token=T1==abc#f',
      'https://api.example/session/x',
    ],
    ['a WebSocket URL without its query', 'wss://ws.example:8443/rumor?auth=secret', 'wss://ws.example:8443/rumor'],
    ['a TURN URL with its defaults written out', 'turn:turn.example', 'turn:turn.example:3478?transport=udp'],
    ['a TURN URL over TLS', 'turns:turn.example:443?transport=tcp', 'turns:turn.example:443?transport=tcp'],
    ['a TURN URL carrying user info as nothing of it', 'turn:alice:hunter22@turn.example:3478', '(invalid URL)'],
    ['text that is not a URL', 'not a url', '(invalid URL)'],
  ])('writes %s', (_name, url, want) => {
    expect(safeUrl(url)).toBe(want);
  });
});
