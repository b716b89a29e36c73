import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNodePreflight } from '../../../src/preflight/node.js';
import { nodeTransport } from '../../../src/preflight/transports/node/index.js';
import { startUdpImpairRelay, type ImpairRelay } from '../../support/impair-relay.js';
import { loopbackListText, startLocalEnv, turnserverPath, type LocalEnv } from '../../support/local-env/index.js';

/** The preflight with `quality` on, against the local environment's coturn (1 s at 800 kbit/s). */
describe.skipIf(!turnserverPath())('preflight with quality on', () => {
  let env: LocalEnv;
  let lossy: ImpairRelay;
  beforeAll(async () => {
    env = await startLocalEnv();
    lossy = await startUdpImpairRelay({ target: env.turn!.port, toServer: { drop: 0.08 } });
  });
  afterAll(async () => {
    await lossy?.close();
    await env?.stop();
  });

  const run = (urls: string[], quality: unknown) =>
    runNodePreflight({
      list: loopbackListText(),
      turn: { urls, username: env.turn!.username, credential: env.turn!.credential },
      checks: ['turn'],
      quality: quality as never,
      transport: nodeTransport({ ca: env.caPem }),
    });

  it('measures every TURN transport, judges both relays, and recommends video on loopback', async () => {
    const t = env.turn!;
    const report = await run([t.urls.udp, t.urls.tcp, t.urls.tls], { seconds: 1, kbps: 800 });
    expect(report.checks.map((c) => [c.transport, c.status])).toEqual([
      ['udp', 'pass'],
      ['tcp', 'pass'],
      ['tls', 'pass'],
    ]);
    for (const c of report.checks) {
      expect(c.quality).toMatchObject({ sent: 100, received: 100, lossRatio: 0 });
      expect(Object.keys(c.quality!)).toEqual(
        expect.arrayContaining(['seconds', 'sent', 'received', 'lossRatio', 'rttMs', 'jitterMs', 'kbps', 'mos']),
      );
      expect(c.addresses).toEqual([{ ip: '127.0.0.1', allowed: true, block: '127.0.0.1/32' }]);
    }
    expect(report.recommendation).toMatchObject({ level: 'video', reason: expect.stringMatching(/^UDP \d+ 0% loss/) });
    // Three 1 s streams at once, not one after another.
    expect(report.durationMs).toBeLessThan(2900);
  });

  it('recommends audio only at 8% loss over UDP, and says TLS would give video', async () => {
    const t = env.turn!;
    const report = await run([`turn:127.0.0.1:${lossy.port}?transport=udp`, t.urls.tls], { seconds: 1, kbps: 800 });
    expect(report.checks[0]!.quality!.lossRatio).toBeCloseTo(0.08, 2);
    expect(report.recommendation?.level).toBe('audio-only');
    expect(report.recommendation?.reason).toMatch(
      /^UDP \d+ 8% loss.*; 8% loss \(over 3%\) rules out video; TLS \d+ 0% loss.*would give video\.$/,
    );
  });

  it('fails a row whose relayed address is outside the TURN block', async () => {
    const report = await runNodePreflight({
      // The transport reports one relayed address the list does not hold (10.9.9.9).
      list: loopbackListText(),
      turn: { urls: [env.turn!.urls.udp], username: env.turn!.username, credential: env.turn!.credential },
      checks: ['turn'],
      quality: { seconds: 0.5 },
      transport: {
        ...nodeTransport(),
        quality: async (req, signal) => {
          const r = await nodeTransport().quality!(req, signal);
          return { ...r, relayed: ['10.9.9.9', ...r.relayed] };
        },
      },
    });
    expect(report.checks[0]).toMatchObject({ status: 'fail', code: 'outside-allowlist' });
    expect(report.checks[0]!.addresses).toContainEqual({ ip: '10.9.9.9', allowed: false, block: null });
  });

  it('is off by default: no figures, no recommendation', async () => {
    const report = await run([env.turn!.urls.udp], undefined);
    expect(report.checks[0]!.quality).toBeUndefined();
    expect(report).not.toHaveProperty('recommendation');
  });
});
