/**
 * The preflight through real proxies on loopback, against the local stand-ins (and the real coturn):
 * tinyproxy for CONNECT, Basic authentication and refused ports; a dropping proxy; our own
 * TLS-inspecting proxy with a test CA. Every failure's hint is asserted to name its real cause.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNodePreflight, nodeTransport } from '../../../src/preflight/node.js';
import type { CheckReport, PreflightOptions, PreflightReport } from '../../../src/preflight/types.js';
import { startLocalEnv, type LocalEnv } from '../../support/local-env/index.js';
import {
  startDroppingProxy,
  startInspectingProxy,
  startTinyproxy,
  tinyproxySkip,
  type InspectingProxy,
  type RunningProxy,
} from '../../support/proxies.js';
import { resourceBaseline } from '../helpers.js';

const skip = tinyproxySkip();
let env: LocalEnv;
let open: RunningProxy;
let auth: RunningProxy;
let only443: RunningProxy;
let dropping: RunningProxy;
let inspecting: InspectingProxy;

beforeAll(async () => {
  env = await startLocalEnv();
  dropping = await startDroppingProxy();
  inspecting = await startInspectingProxy(env.caPem);
  if (skip) return;
  [open, auth, only443] = await Promise.all([
    startTinyproxy(),
    startTinyproxy({ auth: { user: 'alice', password: 'Sekr1tPw' } }),
    startTinyproxy({ connectPorts: [443] }),
  ]);
});
afterAll(async () => {
  await Promise.all([open?.stop(), auth?.stop(), only443?.stop(), dropping?.stop(), inspecting?.stop()]);
  await env?.stop();
});

/** Credentials mode with a media UDP port: every check runs, TURN on UDP, TCP and TLS. */
function run(
  transport: ReturnType<typeof nodeTransport>,
  more: Partial<PreflightOptions> = {},
): Promise<PreflightReport> {
  return runNodePreflight({
    list: env.listText,
    apiUrl: env.apiUrl,
    loggingUrl: env.loggingUrl,
    credentials: env.credentials,
    media: { udpPort: env.media.udpPort, tcpPort: env.media.tcpPort },
    timeoutMs: 4000,
    transport,
    ...more,
  });
}

const port = (url: string): string => new URL(url).port;
const row = (r: PreflightReport, category: string, transport?: string): CheckReport =>
  r.checks.find((c) => c.category === category && (!transport || c.transport === transport))!;

describe.skipIf(skip !== null)('through tinyproxy', () => {
  it('HTTPS, WSS and TURN over TCP/TLS go through CONNECT, UDP and media direct; the report says which', async (ctx) => {
    if (!env.turn) ctx.skip();
    const leaks = resourceBaseline();
    const before = open.connects().length;
    const r = await run(nodeTransport({ ca: env.caPem, proxy: open.url, env: {} }));
    expect(r.checks.map((c) => [c.category, c.transport, c.status, c.via])).toEqual([
      ['api', 'https', 'pass', 'proxy'],
      ['messaging', 'wss', 'pass', 'proxy'],
      ['turn', 'udp', 'pass', 'direct'],
      ['turn', 'tcp', 'pass', 'proxy'],
      ['turn', 'tls', 'pass', 'proxy'],
      ['media', 'tcp', 'pass', 'direct'],
      ['media', 'udp', 'pass', 'direct'],
      ['logging', 'https', 'pass', 'proxy'],
    ]);
    expect(r.verdict).toBe('pass');
    // tinyproxy itself saw each tunnel: API, signaling, logging, TURN TCP and TLS.
    const seen = open.connects().slice(before);
    for (const p of [
      port(env.apiUrl),
      port(env.messagingUrl),
      port(env.loggingUrl),
      String(env.turn!.port),
      String(env.turn!.tlsPort),
    ])
      expect(seen).toContain(`127.0.0.1:${p}`);
    // Only the proxy sees the server's address: nothing judged, and the hint says why.
    expect(row(r, 'api').addresses).toEqual([]);
    expect(row(r, 'api').hint).toMatch(new RegExp(`^Reachable through the proxy ${open.url}; only the proxy sees`));
    expect(row(r, 'turn', 'udp').addresses[0]?.ip).toBe('127.0.0.1');
    await leaks.expectNone();
  });

  it('reads HTTPS_PROXY from the environment, and NO_PROXY sends a host direct', async () => {
    const viaEnv = await run(nodeTransport({ ca: env.caPem, env: { HTTPS_PROXY: open.url } }), { checks: ['api'] });
    expect(row(viaEnv, 'api').via).toBe('proxy');
    const before = open.connects().length;
    const bypass = await run(
      nodeTransport({ ca: env.caPem, env: { HTTPS_PROXY: open.url, NO_PROXY: '127.0.0.0/8' } }),
      {
        checks: ['api'],
      },
    );
    expect([row(bypass, 'api').status, row(bypass, 'api').via]).toEqual(['pass', 'direct']);
    expect(open.connects().length).toBe(before);
  });

  it('407 without credentials: proxy-auth, the hint asks for them; with them in the URL: pass, never shown', async () => {
    const without = await run(nodeTransport({ ca: env.caPem, proxy: auth.url, env: {} }), { checks: ['api'] });
    expect(row(without, 'api').code).toBe('proxy-auth');
    expect(row(without, 'api').hint).toMatch(/asks for credentials \(HTTP 407\): give them in the proxy URL/);
    const wrong = await run(nodeTransport({ ca: env.caPem, proxy: auth.url.replace('//', '//alice:nope@'), env: {} }), {
      checks: ['api'],
    });
    expect(row(wrong, 'api').hint).toMatch(/refused the user name and password/);
    const withCreds = auth.url.replace('//', '//alice:Sekr1tPw@');
    const ok = await run(nodeTransport({ ca: env.caPem, proxy: withCreds, env: {} }), { checks: ['api', 'logging'] });
    expect(ok.checks.map((c) => c.status)).toEqual(['pass', 'pass']);
    for (const r of [without, wrong, ok]) {
      expect(JSON.stringify(r)).not.toMatch(/Sekr1tPw|alice|nope/);
    }
  });

  it('CONNECT refused (a port the proxy does not allow): proxy-refused, the hint names the port to allow', async () => {
    const r = await run(nodeTransport({ ca: env.caPem, proxy: only443.url, env: {} }), { checks: ['api'] });
    const api = row(r, 'api');
    expect([api.code, api.detail]).toEqual([
      'proxy-refused',
      `the proxy refused CONNECT to 127.0.0.1:${port(env.apiUrl)}: HTTP 403`,
    ]);
    expect(api.hint).toMatch(
      new RegExp(
        `refused to tunnel to 127\\.0\\.0\\.1:${port(env.apiUrl)} \\(HTTP 403\\).*allow CONNECT to TCP ${port(env.apiUrl)} \\(HTTPS\\)`,
      ),
    );
    expect(r.verdict).toBe('fail');
  });
});

describe('through proxies that fail', () => {
  it('a proxy that drops the connection: proxy-dropped, and nothing listening: proxy-unreachable', async () => {
    const dropped = await run(nodeTransport({ ca: env.caPem, proxy: dropping.url, env: {} }), { checks: ['api'] });
    expect(row(dropped, 'api').code).toBe('proxy-dropped');
    expect(row(dropped, 'api').hint).toMatch(/closed the connection before answering CONNECT/);
    const gone = await run(nodeTransport({ ca: env.caPem, proxy: 'http://127.0.0.1:9', env: {} }), { checks: ['api'] });
    expect(row(gone, 'api').code).toBe('proxy-unreachable');
    expect(row(gone, 'api').hint).toMatch(/^Could not connect to the proxy http:\/\/127\.0\.0\.1:9 \(ECONNREFUSED\)/);
  });

  it('a TLS-inspecting proxy: tls-untrusted naming its CA without it, pass with it', async () => {
    const before = env.received.length;
    const untrusted = await run(nodeTransport({ ca: env.caPem, proxy: inspecting.url, env: {} }), {
      checks: ['api', 'messaging', 'logging'],
    });
    for (const c of [row(untrusted, 'api'), row(untrusted, 'logging')]) {
      expect(c.code).toBe('tls-untrusted');
      expect(c.hint).toContain(`issued by "${inspecting.caName}" that this machine does not trust`);
    }
    // Signaling's URL comes from the session info, which could not be read: that is its hint, not "not configured".
    expect(row(untrusted, 'messaging').hint).toMatch(
      /^Not probed: its target comes from the session info, which could not be read/,
    );
    expect(env.received.length).toBe(before); // no request (with its token) reached the server
    const trusted = await run(nodeTransport({ ca: [env.caPem, inspecting.caPem], proxy: inspecting.url, env: {} }), {
      checks: ['api', 'messaging', 'logging'],
    });
    expect(trusted.checks.map((c) => c.status)).toEqual(['pass', 'pass', 'pass']);
  });
});
