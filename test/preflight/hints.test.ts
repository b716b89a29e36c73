import { describe, expect, it } from 'vitest';
import { hintFor, needs, type HintTarget } from '../../src/preflight/hints.js';
import { proxyHint } from '../../src/preflight/proxy/hints.js';
import { nodeHint } from '../../src/preflight/transports/node/hints.js';

/** The Node transport's own words (refused, dns, tls, the proxy codes), as its verdicts carry them. */
const NODE = { hint: nodeHint };
import { CHECKS } from '../../src/preflight/checks/index.js';
import type { ReasonCode } from '../../src/preflight/types.js';

/** A hint target for the check `category`, with that check's own words. */
const of = (target: Omit<HintTarget, 'words'>): HintTarget => ({
  ...target,
  words: CHECKS.find((check) => check.name === target.category)!.words,
});

/** Every code a check that ran can end with (skips have their own wording). */
const VERDICTS: ReasonCode[] = [
  'ok',
  'timeout',
  'refused',
  'reset',
  'dns',
  'tls',
  'http-status',
  'ws-closed',
  'turn-unauthorized',
  'unreachable',
  'outside-allowlist',
  'aborted',
  'bad-response',
  'error',
];

const TARGETS: Array<[HintTarget, RegExp, string]> = [
  [
    of({ category: 'api', transport: 'https', host: 'anvil.opentok.com', port: 443, timeoutMs: 5000 }),
    /TCP 443 \(HTTPS\)/,
    'API',
  ],
  [
    of({ category: 'messaging', transport: 'wss', host: 'ws.opentok.com', port: 443, timeoutMs: 5000 }),
    /TCP 443 \(secure WebSocket\)/,
    'API',
  ],
  [
    of({ category: 'turn', transport: 'udp', host: 'turn.opentok.com', port: 3478, timeoutMs: 5000 }),
    /UDP 3478/,
    'TURN',
  ],
  [
    of({ category: 'turn', transport: 'tcp', host: 'turn.opentok.com', port: 3478, timeoutMs: 5000 }),
    /TCP 3478/,
    'TURN',
  ],
  [
    of({ category: 'turn', transport: 'tls', host: 'turn.opentok.com', port: 443, timeoutMs: 5000 }),
    /TCP 443 \(TURN over TLS\)/,
    'TURN',
  ],
  [
    of({ category: 'media', transport: 'udp', host: 'media.opentok.com', port: 3478, timeoutMs: 5000 }),
    /UDP 3478/,
    'media',
  ],
  [
    of({ category: 'media', transport: 'tcp', host: 'media.opentok.com', port: 443, timeoutMs: 5000 }),
    /TCP 443/,
    'media',
  ],
  [
    of({ category: 'logging', transport: 'https', host: 'hlg.tokbox.com', port: 443, timeoutMs: 5000 }),
    /TCP 443 \(HTTPS\)/,
    'logging',
  ],
];

describe('each hint says what to open: protocol, port, host and list block', () => {
  describe.each(TARGETS)('%o', (target, protocol, block) => {
    it.each(VERDICTS)('%s names the protocol, the port and the list block', (code) => {
      const hint = hintFor(code, { ...target, ip: '203.0.113.9' });
      expect(hint).toMatch(protocol);
      expect(hint).toContain(`list's ${block} block`);
    });
  });

  // The wording follows the phase the transport set, never the words of its detail: a detail that
  // names a host or path such as "browser" or "handshake" must not change it (the old regex did).
  it.each<[HintTarget['phase'], string, RegExp]>([
    ['route', 'connecting: EHOSTUNREACH', /^No route to anvil\.opentok\.com: open /],
    [
      'unknown',
      'GET https://anvil.opentok.com/: the browser could not complete the request',
      /^Could not reach anvil\.opentok\.com; the browser does not say why/,
    ],
    [
      undefined,
      'TURN turn:turn.opentok.com:3478?transport=udp: gathering ended without a relay candidate',
      /^Could not reach anvil\.opentok\.com: open /,
    ],
    [
      undefined,
      'GET https://browser.example.invalid/: EHOSTUNREACH echoed by a proxy',
      /^Could not reach anvil\.opentok\.com: open /,
    ],
  ])('says why an unreachable host was not reached by its phase (%s; detail %s)', (phase, detail, wording) => {
    const hint = hintFor('unreachable', { ...TARGETS[0]![0], detail, phase });
    expect(hint).toMatch(wording);
    expect(hint).toMatch(/open TCP 443 \(HTTPS\)/);
  });

  it.each<[HintTarget['phase'], string, RegExp]>([
    ['tls', 'in the TLS handshake: ECONNRESET', /cut during the TLS handshake/],
    ['answer', 'closed by the server before any HTTP answer', /cut after the handshake, before any answer/],
    [undefined, 'connection closed before a STUN answer', /cut before any answer/],
    ['body', 'waiting for the HTTP body: ECONNRESET', /cut while the answer was being read/],
    [
      'body',
      'GET https://anvil.opentok.com/handshake: the answer broke off while reading it',
      /cut while the answer was being read/,
    ],
    [undefined, 'waiting for the STUN answer from handshake.example.invalid: ECONNRESET', /cut before any answer/],
  ])('says where a reset cut the connection by its phase (%s; detail %s)', (phase, detail, where) => {
    const hint = hintFor('reset', { ...TARGETS[0]![0], detail, phase });
    expect(hint).toMatch(where);
    expect(hint).toMatch(/Open TCP 443 \(HTTPS\)/);
  });

  it.each<[ReasonCode, string, RegExp]>([
    ['tls', 'CERT_HAS_EXPIRED', /^TLS to anvil\.opentok\.com failed \(CERT_HAS_EXPIRED\): /],
    ['http-status', 'HTTP 403', /^anvil\.opentok\.com answered HTTP 403: the network path/],
    [
      'bad-response',
      'SSH-2.0-OpenSSH_9.6',
      /^anvil\.opentok\.com answered, but not as a Vonage server would \(SSH-2\.0-OpenSSH_9\.6\)/,
    ],
    ['error', 'boom', /^Unexpected failure \(boom\); /],
  ])('%s quotes what the probe said (%s)', (code, detail, wording) => {
    expect(hintFor(code, { ...TARGETS[0]![0], detail, own: NODE })).toMatch(wording);
  });

  it('names the address that refused when it is known, and none when it is not', () => {
    expect(hintFor('refused', { ...TARGETS[0]![0], ip: '192.0.2.7', own: NODE })).toMatch(/^Refused by 192\.0\.2\.7: /);
    expect(hintFor('refused', { ...TARGETS[0]![0], own: NODE })).toMatch(/^Refused: /);
  });

  it.each<[ReasonCode, RegExp]>([
    ['tls', /^TLS to anvil\.opentok\.com failed: /],
    ['http-status', /^anvil\.opentok\.com answered with an error: /],
    ['bad-response', /^anvil\.opentok\.com answered, but not as a Vonage server would: /],
    ['error', /^Unexpected failure; /],
  ])('words a %s hint without a detail line without "undefined" or empty brackets', (code, start) => {
    const hint = hintFor(code, { ...TARGETS[0]![0], own: NODE });
    expect(hint).toMatch(start);
    expect(hint).not.toMatch(/undefined|\(\)/);
  });

  it('says for outside-allowlist which address fell outside', () => {
    const hint = hintFor('outside-allowlist', { ...TARGETS[2]![0], ip: '203.0.113.9', block: null });
    expect(hint).toMatch(/^Reached 203\.0\.113\.9 over UDP 3478, which is outside your list's TURN blocks/);
  });

  it('tells media UDP the whole negotiated range, and that silence proves nothing', () => {
    const t = TARGETS[5]![0];
    expect(needs(t)).toBe("UDP 3478 (media uses UDP 1025-65535) to media.opentok.com, in your list's media block");
    expect(hintFor('timeout', { ...t, own: NODE })).toMatch(/unanswered datagram proves nothing/);
    // Only the Node transport probes media UDP; the shared words stay the general ones.
    expect(hintFor('timeout', t)).toMatch(/^No answer within 5000 ms: a firewall is probably dropping it/);
  });

  it('never says "inside the list" for a pass whose address could not be seen (browser fetch/WebSocket)', () => {
    const t = TARGETS[0]![0];
    expect(hintFor('ok', { ...t, ip: '203.0.113.9' })).toMatch(/^Reachable and inside the list/);
    const hidden = hintFor('ok', t);
    expect(hidden).not.toMatch(/inside the list/);
    expect(hidden).toMatch(/^Reachable; the address is not visible here, so it was not checked against the list/);
    expect(hidden).toMatch(/TCP 443 \(HTTPS\)/);
  });

  it('says what to give for a check that was not configured', () => {
    expect(hintFor('not-configured', TARGETS[2]![0])).toMatch(
      /give the TURN URLs, or the API key, session id and token/,
    );
    expect(hintFor('unsupported', TARGETS[5]![0])).toMatch(/cannot probe UDP; run the Node preflight/);
  });

  it.each<[string, HintTarget, string]>([
    ['api (it has a default URL)', TARGETS[0]![0], 'Not configured.'],
    [
      'messaging',
      TARGETS[1]![0],
      'Not configured: give the messaging URL, or the API key, session id and token to read it from the session info.',
    ],
    [
      'media TCP',
      TARGETS[6]![0],
      'Not configured: give the media server host, or the API key, session id and token to read it from the session info.',
    ],
    [
      'media UDP without a host',
      { ...TARGETS[5]![0], host: '(none)' },
      'Not configured: give the media server host, or the API key, session id and token to read it from the session info.',
    ],
  ])('says what to give for a not-configured %s check', (_name, t, hint) => {
    expect(hintFor('not-configured', t)).toBe(hint);
  });

  it('says why media UDP was not probed when the host is known (ports are negotiated per call)', () => {
    const hint = hintFor('not-configured', TARGETS[5]![0]);
    expect(hint).toMatch(
      /^Not probed: media UDP ports are negotiated per call \(UDP 1025-65535 to media\.opentok\.com\)/,
    );
    expect(hint).toMatch(/\(media\.udpPort\)/);
    expect(hint).not.toMatch(/--/);
    expect(hint).not.toMatch(/give the media server host/);
  });

  it.each(['proxy-auth', 'proxy-refused', 'proxy-dropped', 'proxy-unreachable', 'tls-untrusted'] as const)(
    '%s: the transport that produced it words it (the Node one: proxy/hints.ts); any other gets the gist, naming what to open',
    (code) => {
      const target = { ...TARGETS[0]![0], proxy: 'http://proxy:3128', detail: 'HTTP 407' };
      const shared = hintFor(code, target);
      expect(shared).toContain('TCP 443 (HTTPS) to anvil.opentok.com');
      expect(shared).toMatch(code === 'tls-untrusted' ? /TLS-inspecting proxy/ : /http:\/\/proxy:3128/);
      const node = hintFor(code, { ...target, own: NODE });
      expect(node).toBe(proxyHint(code, { ...target, open: needs(target) }));
      expect(node).not.toBe(shared);
      // A code the transport does not word itself keeps the shared hint.
      expect(hintFor('timeout', { ...target, own: NODE })).toBe(hintFor('timeout', target));
    },
  );

  it.each(['refused', 'dns', 'tls'] as const)(
    '%s: only raw sockets tell it apart; a transport without its own words gets one naming the host, the code and what to open',
    (code) => {
      const hint = hintFor(code, { ...TARGETS[0]![0], detail: 'ECONNREFUSED' });
      expect(hint).toBe(
        `Could not connect to anvil.opentok.com (${code}: ECONNREFUSED): check the address, then open TCP 443 (HTTPS) to anvil.opentok.com, in your list's API block.`,
      );
      expect(hintFor(code, { ...TARGETS[0]![0], detail: 'ECONNREFUSED', own: NODE })).not.toBe(hint);
    },
  );
});
