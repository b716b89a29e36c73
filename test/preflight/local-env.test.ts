import { describe, expect, it } from 'vitest';
import { nodeTransport, runNodePreflight } from '../../src/preflight/node.js';
import type { PreflightOptions } from '../../src/preflight/types.js';
import { loopbackListText, startLocalEnv, type LocalEnv } from '../support/local-env/index.js';
import { LOOPBACK, resourceBaseline } from './helpers.js';

/** Every category against `env`, each target named explicitly (so it can be probed again after stop). */
function targets(env: LocalEnv): Partial<PreflightOptions> {
  return {
    apiUrl: env.apiUrl,
    messagingUrl: env.messagingUrl,
    loggingUrl: env.loggingUrl,
    media: { host: env.media.host, tcpPort: env.media.tcpPort, udpPort: env.media.udpPort },
    ...(env.turn ? { turn: { urls: [env.turn.urls.udp, env.turn.urls.tcp, env.turn.urls.tls], username: env.turn.username, credential: env.turn.credential } } : {}),
  };
}

describe('the local environment (test/support/local-env)', () => {
  it('serves every category on 127.0.0.1, then stops with no socket, timer or child process (coturn) left, and nothing answering on its ports', async () => {
    const leaks = resourceBaseline();
    const env = await startLocalEnv();
    const opts = targets(env);
    const transport = nodeTransport({ ca: env.caPem });
    const up = await runNodePreflight({ list: LOOPBACK, timeoutMs: 3000, transport, ...opts });
    expect(up.checks.map((c) => `${c.category}/${c.transport}/${c.code}`)).toEqual([
      'api/https/ok',
      'messaging/wss/ok',
      ...(env.turn ? ['turn/udp/ok', 'turn/tcp/ok', 'turn/tls/ok'] : ['turn/udp/not-configured']),
      'media/tcp/ok',
      'media/udp/ok',
      'logging/https/ok',
    ]);

    await env.stop();
    await leaks.expectNone();

    // The same targets again: every TCP port refuses, every UDP port draws ICMP port unreachable.
    const down = await runNodePreflight({ list: LOOPBACK, timeoutMs: 3000, transport, ...opts });
    const codes = down.checks.filter((c) => c.status !== 'skip').map((c) => `${c.category}/${c.transport}/${c.code}`);
    expect(codes).toEqual(codes.map((c) => c.replace(/[^/]+$/, 'refused')));
    expect(codes.length).toBeGreaterThanOrEqual(5);
    await leaks.expectNone();
  });

  it('stop() a second time does nothing and throws nothing', async () => {
    const leaks = resourceBaseline();
    const env = await startLocalEnv({ coturn: false });
    await env.stop();
    await expect(env.stop()).resolves.toBeUndefined();
    await leaks.expectNone();
  });

  it.each([
    [['api', 'turn', 'media', 'logging'] as const],
    [['api'] as const],
  ])('loopbackListText(%j) has one heading and the loopback block per category', (cats) => {
    const text = loopbackListText([...cats]);
    expect(text.match(/^\[\w+\]$/gm)).toEqual(cats.map((c) => `[${c}]`));
    expect(text.match(/^127\.0\.0\.1\/32 /gm)).toHaveLength(cats.length);
  });
});
