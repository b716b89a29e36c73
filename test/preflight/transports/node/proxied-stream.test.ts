import { createSecureContext, rootCertificates } from 'node:tls';
import type { Duplex } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openProxiedStream } from '../../../../src/preflight/transports/node/proxied-stream.js';
import { parseProxy } from '../../../../src/preflight/proxy/resolve.js';
import { ProbeError } from '../../../../src/preflight/probe-error.js';
import { startLocalEnv, type LocalEnv } from '../../../support/local-env/index.js';
import {
  startInspectingProxy,
  startTinyproxy,
  tinyproxySkip,
  type InspectingProxy,
  type RunningProxy,
} from '../../../support/proxies.js';
import { resourceBaseline } from '../../helpers.js';

let env: LocalEnv;
let inspecting: InspectingProxy;
let tiny: RunningProxy | undefined;
let apiPort = 0;

beforeAll(async () => {
  env = await startLocalEnv({ coturn: false });
  apiPort = Number(new URL(env.apiUrl).port);
  inspecting = await startInspectingProxy(env.caPem);
  if (!tinyproxySkip()) tiny = await startTinyproxy();
});
afterAll(async () => {
  await Promise.all([inspecting?.stop(), tiny?.stop()]);
  await env?.stop();
});

const trusting = (...ca: string[]) => createSecureContext({ ca: [...rootCertificates, ...ca] });

function open(proxyUrl: string, ca: string[]): Promise<Duplex> {
  return openProxiedStream({
    proxy: parseProxy(proxyUrl, 'proxy'),
    host: '127.0.0.1',
    port: apiPort,
    secure: true,
    alpn: ['http/1.1'],
    secureContext: trusting(...ca),
    signal: new AbortController().signal,
  });
}

/** One HTTP/1.1 request over the stream (no token: the API stand-in answers 403); the status line of the answer. */
async function statusLine(s: Duplex): Promise<string> {
  s.write(`GET /session/nope HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
  const first = await new Promise<string>((r) => s.once('data', (d: Buffer) => r(d.toString('latin1'))));
  s.destroy();
  return first.split('\r\n')[0]!;
}

describe('openProxiedStream', () => {
  it.skipIf(tinyproxySkip() !== null)('HTTPS to the API stand-in through tinyproxy', async () => {
    const leaks = resourceBaseline();
    expect(await statusLine(await open(tiny!.url, [env.caPem]))).toBe('HTTP/1.1 403 Forbidden');
    expect(tiny!.connects()).toContain(`127.0.0.1:${apiPort}`);
    await leaks.expectNone();
  });

  it('behind a TLS-inspecting proxy whose CA is not given: tls-untrusted naming the issuer, nothing sent', async () => {
    const before = env.received.length;
    const err = await open(inspecting.url, [env.caPem]).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ProbeError);
    expect((err as ProbeError).code).toBe('tls-untrusted');
    expect((err as ProbeError).message).toContain(`issuer "${inspecting.caName}"`);
    expect(env.received.length).toBe(before);
  });

  it('passes behind the inspecting proxy once its CA is trusted', async () => {
    expect(await statusLine(await open(inspecting.url, [inspecting.caPem]))).toBe('HTTP/1.1 403 Forbidden');
  });
});
