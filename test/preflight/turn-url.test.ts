import { describe, expect, it } from 'vitest';
import { parseTurnUrl, turnDisplay } from '../../src/preflight/turn-url.js';

describe('reads TURN URLs in their RFC 7065 form, and refuses the rest', () => {
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
