import { describe, expect, it } from 'vitest';
import { getProxyForUrl } from 'proxy-from-env';
import { bypass, parseProxy, resolveProxy, type ProxyTarget } from '../../../src/preflight/proxy/resolve.js';
import { PreflightOptionError } from '../../../src/preflight/errors.js';

const https = (host: string, port = 443): ProxyTarget => ({ scheme: 'https', host, port });
const P = 'http://proxy.test:3128';

describe('resolveProxy', () => {
  it.each([
    ['HTTPS_PROXY for https', { HTTPS_PROXY: P }, https('a.test'), P],
    ['lowercase wins', { https_proxy: P, HTTPS_PROXY: 'http://other:1' }, https('a.test'), P],
    ['ALL_PROXY as fallback', { ALL_PROXY: P }, https('a.test'), P],
    ['HTTP_PROXY is not for https', { HTTP_PROXY: P }, https('a.test'), null],
    ['HTTP_PROXY for ws', { HTTP_PROXY: P }, { scheme: 'ws', host: 'a.test', port: 80 }, P],
    ['HTTPS_PROXY for wss', { HTTPS_PROXY: P }, { scheme: 'wss', host: 'a.test', port: 443 }, P],
    ['HTTPS_PROXY for TURN over TLS', { HTTPS_PROXY: P }, { scheme: 'turns', host: 'a.test', port: 443 }, P],
    ['no scheme: http://', { HTTPS_PROXY: 'proxy.test:3128' }, https('a.test'), P],
    ['NO_PROXY names it', { HTTPS_PROXY: P, NO_PROXY: 'a.test' }, https('a.test'), null],
    ['NO_PROXY subdomain', { HTTPS_PROXY: P, NO_PROXY: 'test' }, https('a.test'), null],
    ['NO_PROXY leading dot', { HTTPS_PROXY: P, NO_PROXY: '.a.test' }, https('a.test'), null],
    ['NO_PROXY other port', { HTTPS_PROXY: P, NO_PROXY: 'a.test:8443' }, https('a.test'), P],
    ['NO_PROXY CIDR', { HTTPS_PROXY: P, NO_PROXY: '10.0.0.0/8' }, https('10.1.2.3'), null],
    ['NO_PROXY CIDR misses', { HTTPS_PROXY: P, NO_PROXY: '10.0.0.0/8' }, https('11.1.2.3'), P],
    ['NO_PROXY IPv6', { HTTPS_PROXY: P, NO_PROXY: '[::1]' }, https('::1'), null],
    ['NO_PROXY *', { HTTPS_PROXY: P, NO_PROXY: '*' }, https('a.test'), null],
    ['not a suffix of a label', { HTTPS_PROXY: P, NO_PROXY: 'b.test' }, https('ab.test'), P],
  ] as const)('%s', (_name, env, target, expected) => {
    expect(resolveProxy(target, { env })?.url.href.replace(/\/$/, '') ?? null).toBe(expected);
  });

  it('the proxy option wins over the environment, and noProxy over NO_PROXY', () => {
    const env = { HTTPS_PROXY: 'http://env:1', NO_PROXY: 'a.test' };
    expect(resolveProxy(https('a.test'), { env, proxy: P, noProxy: [] })?.source).toBe('proxy');
    expect(resolveProxy(https('b.test'), { env, noProxy: ['b.test'] })).toBeNull();
    expect(resolveProxy(https('a.test'), { env, proxy: false })).toBeNull();
  });

  it('a report shows the proxy without its credentials', () => {
    const p = resolveProxy(https('a.test'), { env: { HTTPS_PROXY: 'http://us%40r:pa%3Ass@proxy.test:3128' } })!;
    expect(p.display).toBe('http://proxy.test:3128');
    expect(p.source).toBe('https_proxy'.toUpperCase());
  });

  it.each(['socks5://proxy.test:1080', 'http://'])('refuses %s, naming where it came from', (value) => {
    const err = (() => {
      try {
        resolveProxy(https('a.test'), { env: { ALL_PROXY: value } });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(PreflightOptionError);
    expect((err as PreflightOptionError).option).toBe('ALL_PROXY');
  });
});

describe('agrees with proxy-from-env where curl and it agree', () => {
  const cases: Array<[Record<string, string>, string]> = [
    [{ HTTPS_PROXY: P }, 'https://a.test/'],
    [{ https_proxy: P, HTTPS_PROXY: 'http://x:1' }, 'https://a.test/'],
    [{ ALL_PROXY: P }, 'https://a.test/'],
    [{ HTTP_PROXY: P }, 'https://a.test/'],
    [{ HTTP_PROXY: P }, 'http://a.test/'],
    [{ HTTPS_PROXY: P, NO_PROXY: 'a.test' }, 'https://a.test/'],
    [{ HTTPS_PROXY: P, NO_PROXY: '*' }, 'https://a.test/'],
    [{ HTTPS_PROXY: P, NO_PROXY: 'a.test:443' }, 'https://a.test/'],
    [{ HTTPS_PROXY: P, NO_PROXY: 'a.test:8443' }, 'https://a.test/'],
    [{ HTTPS_PROXY: P, NO_PROXY: '.a.test' }, 'https://x.a.test/'],
    [{ HTTPS_PROXY: P, NO_PROXY: '*.a.test' }, 'https://x.a.test/'],
    [{ HTTPS_PROXY: P, NO_PROXY: 'b.test, c.test' }, 'https://a.test/'],
    [{ HTTPS_PROXY: P, NO_PROXY: '127.0.0.1' }, 'https://127.0.0.1:8443/'],
  ];
  it.each(cases)('%j %s', (env, url) => {
    const saved = { ...process.env };
    for (const k of [
      'https_proxy',
      'HTTPS_PROXY',
      'http_proxy',
      'HTTP_PROXY',
      'all_proxy',
      'ALL_PROXY',
      'no_proxy',
      'NO_PROXY',
    ])
      delete process.env[k];
    Object.assign(process.env, env);
    try {
      const u = new URL(url);
      const ours = resolveProxy(
        { scheme: u.protocol.slice(0, -1) as 'https', host: u.hostname, port: Number(u.port) || 0 },
        { env },
      );
      expect(ours?.url.href ?? '').toBe(getProxyForUrl(url) ? new URL(getProxyForUrl(url)).href : '');
    } finally {
      process.env = saved;
    }
  });
});

describe('bypass', () => {
  it('a host name never matches an IP entry, nor a block', () => {
    expect(bypass(https('a.test'), '10.0.0.0/8, 127.0.0.1')).toBe(false);
  });
  it('parseProxy keeps the credentials for the tunnel only', () => {
    const p = parseProxy('https://u:p@proxy.test', 'proxy');
    expect([p.url.username, p.display]).toEqual(['u', 'https://proxy.test']);
  });
});
