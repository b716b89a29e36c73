import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTunnel } from '../../../src/preflight/proxy/tunnel.js';
import { parseProxy } from '../../../src/preflight/proxy/resolve.js';
import { ProbeError } from '../../../src/preflight/probe-error.js';
import { startDroppingProxy, startTinyproxy, tinyproxySkip, type RunningProxy } from '../../support/proxies.js';
import { resourceBaseline } from '../helpers.js';

/** An echo server: what goes through the tunnel comes back. */
let echo: Server;
let echoPort = 0;
let open: RunningProxy;
let auth: RunningProxy;
let dropping: RunningProxy;

beforeAll(async () => {
  echo = createServer((s) => s.pipe(s));
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
  echoPort = (echo.address() as { port: number }).port;
  dropping = await startDroppingProxy();
  if (tinyproxySkip()) return;
  open = await startTinyproxy({ connectPorts: [echoPort] });
  auth = await startTinyproxy({ auth: { user: 'alice', password: 's3cret' } });
});
afterAll(async () => {
  await Promise.all([open?.stop(), auth?.stop(), dropping?.stop()]);
  await new Promise((r) => echo.close(r));
});

const tunnel = (proxyUrl: string, port = echoPort) =>
  openTunnel({ proxy: parseProxy(proxyUrl, 'proxy'), host: '127.0.0.1', port, signal: new AbortController().signal });

async function codeOf(p: Promise<unknown>): Promise<[string, string]> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ProbeError);
    return [(e as ProbeError).code, (e as ProbeError).message];
  }
  throw new Error('the tunnel opened');
}

describe.skipIf(tinyproxySkip() !== null)('openTunnel through tinyproxy', () => {
  it('carries bytes to the target and back, and the proxy saw the CONNECT', async () => {
    const leaks = resourceBaseline();
    const t = await tunnel(open.url);
    t.socket.write('ping');
    const back = await new Promise<string>((r) => t.socket.once('data', (d: Buffer) => r(d.toString())));
    t.socket.destroy();
    expect(back).toBe('ping');
    expect(t.proxyAddress).toBe('127.0.0.1');
    expect(open.connects()).toContain(`127.0.0.1:${echoPort}`);
    await leaks.expectNone();
  });

  it('CONNECT to a port the proxy does not allow: proxy-refused with its status', async () => {
    const [code, message] = await codeOf(tunnel(open.url, 1));
    expect(code).toBe('proxy-refused');
    expect(message).toContain('HTTP 403');
  });

  it('407 without credentials: proxy-auth, saying credentials are asked for', async () => {
    const [code, message] = await codeOf(tunnel(auth.url));
    expect(code).toBe('proxy-auth');
    expect(message).toMatch(/asks for credentials \(HTTP 407, Basic\)/);
  });

  it('407 with wrong credentials: proxy-auth, saying they were refused', async () => {
    const [code, message] = await codeOf(tunnel(auth.url.replace('//', '//alice:wrong@')));
    expect(code).toBe('proxy-auth');
    expect(message).toContain('refused the credentials');
    expect(message).not.toContain('wrong');
  });

  it('the credentials in the proxy URL, percent-decoded, open the tunnel', async () => {
    // tinyproxy takes only letters and digits in BasicAuth; `%61` is an `a` all the same.
    const t = await tunnel(auth.url.replace('//', '//%61lice:s3cret@'));
    t.socket.destroy();
  });
});

describe('openTunnel without a working proxy', () => {
  it('a proxy that drops the connection: proxy-dropped', async () => {
    const [code] = await codeOf(tunnel(dropping.url));
    expect(code).toBe('proxy-dropped');
    expect(dropping.connects()).toEqual([`127.0.0.1:${echoPort}`]);
  });

  it('nothing listens on the proxy port: proxy-unreachable', async () => {
    const s = createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const port = (s.address() as { port: number }).port;
    await new Promise((r) => s.close(r));
    const [code, message] = await codeOf(tunnel(`http://127.0.0.1:${port}`));
    expect(code).toBe('proxy-unreachable');
    expect(message).toContain('ECONNREFUSED');
  });

  it('an abort ends the attempt as aborted', async () => {
    const hang = createServer(() => {});
    await new Promise<void>((r) => hang.listen(0, '127.0.0.1', r));
    const ac = new AbortController();
    const p = openTunnel({
      proxy: parseProxy(`http://127.0.0.1:${(hang.address() as { port: number }).port}`, 'proxy'),
      host: '127.0.0.1',
      port: echoPort,
      signal: ac.signal,
    });
    setTimeout(() => ac.abort(), 50);
    const [code] = await codeOf(p);
    hang.close();
    expect(code).toBe('aborted');
  });
});
