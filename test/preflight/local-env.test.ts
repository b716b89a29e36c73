import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { guardedEnv } from '../support/child.js';
import { nodeTransport, runNodePreflight } from '../../src/preflight/node.js';
import type { PreflightOptions } from '../../src/preflight/types.js';
import { loopbackListText, startLocalEnv, turnserverPath, type LocalEnv } from '../support/local-env/index.js';
import { LOOPBACK, resourceBaseline } from './helpers.js';

/** Every category against `env`, each target named explicitly (so it can be probed again after stop). */
function targets(env: LocalEnv): Partial<PreflightOptions> {
  return {
    apiUrl: env.apiUrl,
    messagingUrl: env.messagingUrl,
    loggingUrl: env.loggingUrl,
    media: { host: env.media.host, tcpPort: env.media.tcpPort, udpPort: env.media.udpPort },
    ...(env.turn
      ? {
          turn: {
            urls: [env.turn.urls.udp, env.turn.urls.tcp, env.turn.urls.tls],
            username: env.turn.username,
            credential: env.turn.credential,
          },
        }
      : {}),
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

  it.runIf(turnserverPath() !== null)(
    'takes coturn with it when its process is killed outright (SIGKILL: no exit handler runs)',
    async () => {
      const module = new URL('../support/local-env/index.ts', import.meta.url).href;
      const script = `const { startLocalEnv } = await import(${JSON.stringify(module)});
      const env = await startLocalEnv();
      console.log(JSON.stringify({ port: env.turn.port }));
      setInterval(() => {}, 1000);`;
      const tsx = createRequire(import.meta.url).resolve('tsx');
      const child = spawn(process.execPath, ['--import', tsx, '--input-type=module', '-e', script], {
        env: guardedEnv({ PATH: process.env['PATH'] }),
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      try {
        const port = await new Promise<number>((resolve, reject) => {
          let out = '';
          child.stdout!.on('data', (d: Buffer) => {
            out += d.toString();
            const line = out.split('\n').find((l) => l.startsWith('{'));
            if (line) resolve((JSON.parse(line) as { port: number }).port);
          });
          child.once('exit', (code) => reject(new Error(`the child exited (${code}) before starting coturn`)));
        });
        expect(await accepts(port)).toBe(true);
        child.kill('SIGKILL');
        let open = true;
        for (let i = 0; i < 50 && open; i++) {
          await new Promise((r) => setTimeout(r, 100));
          open = await accepts(port);
        }
        expect(open, `coturn still listens on 127.0.0.1:${port} after its parent was killed`).toBe(false);
      } finally {
        child.kill('SIGKILL');
      }
    },
    30_000,
  );

  it('stop() a second time does nothing and throws nothing', async () => {
    const leaks = resourceBaseline();
    const env = await startLocalEnv({ coturn: false });
    await env.stop();
    await expect(env.stop()).resolves.toBeUndefined();
    await leaks.expectNone();
  });

  it.each([[['api', 'turn', 'media', 'logging'] as const], [['api'] as const]])(
    'loopbackListText(%j) has one heading and the loopback block per category',
    (cats) => {
      const text = loopbackListText([...cats]);
      expect(text.match(/^\[\w+\]$/gm)).toEqual(cats.map((c) => `[${c}]`));
      expect(text.match(/^127\.0\.0\.1\/32 /gm)).toHaveLength(cats.length);
    },
  );
});

/** Whether something accepts a TCP connection on 127.0.0.1:port. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}
