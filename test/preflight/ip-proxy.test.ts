import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ipProxyUrl, proxyUrlFromOT, throughIpProxy } from '../../src/preflight/ip-proxy.js';
import type { Transport } from '../../src/preflight/types.js';
import { connectAndCollect, openSdkWindow, startStandIn, type StandIn } from '../support/opentok.js';

describe('ipProxyUrl', () => {
  it.each([
    [
      'https://anvil.opentok.com/session/1?extended=true',
      'https://proxy.test',
      'https://proxy.test/anvil.opentok.com/session/1?extended=true',
    ],
    [
      'wss://rumor.test:443/rumorwebsocketsv2',
      'https://proxy.test/base/',
      'wss://proxy.test/base/rumor.test/rumorwebsocketsv2',
    ],
    ['wss://rumor.test:8443/ws', 'http://proxy.test:8080', 'ws://proxy.test:8080/rumor.test:8443/ws'],
    [
      'https://hlg.tokbox.com/prod/logging/ClientEvent',
      'http://127.0.0.1:9',
      'http://127.0.0.1:9/hlg.tokbox.com/prod/logging/ClientEvent',
    ],
  ])('%s behind %s', (url, proxy, expected) => {
    expect(ipProxyUrl(url, proxy)).toBe(expected);
  });

  it('a transport behind it sends HTTP and WebSocket probes to the proxy, TURN as it is', async () => {
    const seen: string[] = [];
    const inner: Transport = {
      kind: 'browser',
      http: async (req) => (seen.push(req.url), { remoteAddress: null, timings: { totalMs: 0 }, status: 204 }),
      websocket: async (url) => (seen.push(url), { remoteAddress: null, timings: { totalMs: 0 } }),
      turn: async (req) => (seen.push(req.url), { remoteAddress: null, timings: { totalMs: 0 }, outcome: 'reached' }),
    };
    const t = throughIpProxy(inner, 'https://proxy.test');
    const signal = new AbortController().signal;
    await t.http({ url: 'https://a.test/x', method: 'GET' }, signal);
    await t.websocket('wss://b.test/y', signal);
    await t.turn!({ url: 'turn:c.test:3478' }, signal);
    expect(seen).toEqual(['https://proxy.test/a.test/x', 'wss://proxy.test/b.test/y', 'turn:c.test:3478']);
    const route = (transport: 'https' | 'udp') => t.route!({ category: 'api', transport, host: 'a.test', port: 443 });
    expect([route('https'), route('udp')]).toEqual([{ via: 'proxy', proxy: 'https://proxy.test' }, { via: 'direct' }]);
  });
});

describe('against the real SDK behind OT.setProxyUrl', () => {
  let standIn: StandIn;
  beforeAll(async () => {
    standIn = await startStandIn();
  });
  afterAll(() => standIn.close());

  it('reads the URL the app set from the loaded OT, and rewrites the session-info URL as the SDK does', async () => {
    const w = openSdkWindow(standIn);
    try {
      expect(proxyUrlFromOT(w.OT)).toBeUndefined(); // no session yet: nothing exposes it
      const session = w.OT.initSession('47000000', '2_MX40NzAwMDAwMH5-ip-proxy-test');
      expect(proxyUrlFromOT(w.OT)).toBe(standIn.origin);
      await connectAndCollect(session, standIn);
      const info = standIn.requests.find((r) => r.method === 'GET' && r.path.includes('/session/'))!;
      const original = `${standIn.origin}/api/session/${session.id}?extended=true`;
      const ours = new URL(ipProxyUrl(original, standIn.origin));
      expect(`${ours.pathname}${ours.search}`).toBe(info.path);
    } finally {
      await w.close();
    }
  });

  it('finds nothing in what is not an OT', () => {
    expect(
      [null, 1, {}, { sessions: { where: () => [{ _: { getProxyUrl: () => 'javascript:x' } }] } }].map(proxyUrlFromOT),
    ).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe('runPreflight with proxyUrl', () => {
  it('probes through the IP proxy and says so per check', async () => {
    const { runPreflight } = await import('../../src/preflight/index.js');
    const seen: string[] = [];
    const transport: Transport = {
      kind: 'browser',
      http: async (req) => (seen.push(req.url), { remoteAddress: null, timings: { totalMs: 1 }, status: 204 }),
      websocket: async (url) => (seen.push(url), { remoteAddress: null, timings: { totalMs: 1 } }),
    };
    const r = await runPreflight({
      list: '[api]\n127.0.0.1/32\n',
      apiUrl: 'https://api.test',
      loggingUrl: 'https://log.test/prod',
      checks: ['api', 'logging'],
      proxyUrl: 'https://proxy.test',
      transport,
    });
    expect(seen.sort()).toEqual([
      'https://proxy.test/api.test',
      'https://proxy.test/log.test/prod/logging/ClientEvent',
    ]);
    expect(r.checks.map((c) => [c.category, c.status, c.via])).toEqual([
      ['api', 'pass', 'proxy'],
      ['logging', 'pass', 'proxy'],
    ]);
  });
});
