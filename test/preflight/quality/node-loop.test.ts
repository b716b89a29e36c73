import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNodeLoop, type NodeLoopRequest } from '../../../src/preflight/quality/node-loop.js';
import { startLocalEnv, turnserverPath, type LocalEnv } from '../../support/local-env/index.js';
import {
  startTcpDelayRelay,
  startUdpImpairRelay,
  type ImpairRelay,
  type RelayOptions,
} from '../../support/impair-relay.js';

/**
 * Accuracy of the Node quality loop against the real coturn, with the userspace impairing relay
 * (test/support/impair-relay.ts) between both clients and coturn. 1 s of stream at 800 kbit/s
 * (100 packets each way) per case; the relay's drop is exact, so the loss tolerance covers only the
 * measurement. Tolerances hold on a loaded 2-core machine (timers late by tens of ms).
 */
describe.skipIf(!turnserverPath())('the Node quality loop through the real coturn', () => {
  let env: LocalEnv;
  beforeAll(async () => {
    env = await startLocalEnv();
  });
  afterAll(() => env?.stop());

  const base = (): Omit<NodeLoopRequest, 'port' | 'kind'> => ({
    host: '127.0.0.1',
    username: env.turn!.username,
    credential: env.turn!.credential,
    ca: env.caPem,
    seconds: 1,
    kbps: 800,
    signal: AbortSignal.timeout(10_000),
  });

  async function through(
    start: (o: RelayOptions) => Promise<ImpairRelay>,
    kind: NodeLoopRequest['kind'],
    o: Omit<RelayOptions, 'target'>,
  ): ReturnType<typeof runNodeLoop> {
    const relay = await start({ target: kind === 'tls' ? env.turn!.tlsPort : env.turn!.port, ...o });
    try {
      return await runNodeLoop({ ...base(), port: relay.port, kind });
    } finally {
      await relay.close();
    }
  }

  it.each(['udp', 'tcp', 'tls'] as const)(
    'measures no loss and a loopback RTT over %s without impairment, both relays on coturn',
    async (kind) => {
      const r = await runNodeLoop({ ...base(), port: kind === 'tls' ? env.turn!.tlsPort : env.turn!.port, kind });
      const f = r.figures;
      expect(f.sent).toBe(100);
      expect(f.received).toBe(100);
      expect(f.loss).toEqual({ forward: 0, backward: 0 });
      expect(f.rttMs!.median).toBeLessThan(5);
      expect(f.kbps).toBeGreaterThan(700);
      expect(f.mos).toBeGreaterThanOrEqual(4.3);
      expect(r.relayed.map((a) => a.ip)).toEqual(['127.0.0.1', '127.0.0.1']);
      expect(r.relayed[0]!.port).not.toBe(r.relayed[1]!.port);
    },
  );

  it('measures 10% drop on the client-to-server leg as a one-way loss of 0.10 ± 0.03 each way', async () => {
    const f = (await through(startUdpImpairRelay, 'udp', { toServer: { drop: 0.1 } })).figures;
    expect(Math.abs(f.loss.forward - 0.1)).toBeLessThanOrEqual(0.03);
    expect(Math.abs(f.loss.backward - 0.1)).toBeLessThanOrEqual(0.03);
    expect(Math.abs(f.lossRatio - 0.1)).toBeLessThanOrEqual(0.03);
    expect(f.mos).toBeLessThan(3.6);
  });

  it('measures 20% drop on the server-to-client leg as 0.20 ± 0.03 each way', async () => {
    // coturn → first client carries the echoes, coturn → second client the probes: both legs lose.
    const f = (await through(startUdpImpairRelay, 'udp', { toClient: { drop: 0.2 } })).figures;
    expect(Math.abs(f.loss.forward - 0.2)).toBeLessThanOrEqual(0.03);
    expect(Math.abs(f.loss.backward - 0.2)).toBeLessThanOrEqual(0.03);
  });

  it('measures 40 ms on each client-to-server leg as an RTT of at least 80 ms', async () => {
    const f = (await through(startUdpImpairRelay, 'udp', { toServer: { delayMs: 40 } })).figures;
    expect(f.rttMs!.min).toBeGreaterThanOrEqual(79); // a timer may fire up to 1 ms early
    expect(f.rttMs!.median).toBeLessThan(150);
    expect(f.lossRatio).toBe(0);
  });

  it('shows injected jitter in jitterMs', async () => {
    const f = (await through(startUdpImpairRelay, 'udp', { toServer: { delayMs: 20, jitterMs: 15 } })).figures;
    // ±15 ms uniform per packet: mean |D| of two draws is 10 ms; unimpaired loopback gives under 2 ms.
    expect(f.jitterMs).toBeGreaterThanOrEqual(5);
    expect(f.jitterMs).toBeLessThan(25);
  });

  it.each(['tcp', 'tls'] as const)('shows a TCP relay adding 40 ms toward coturn in the %s RTT', async (kind) => {
    const f = (await through(startTcpDelayRelay, kind, { toServer: { delayMs: 40 } })).figures;
    expect(f.rttMs!.min).toBeGreaterThanOrEqual(79);
    expect(f.lossRatio).toBe(0);
  });

  it('refuses wrong credentials with turn-unauthorized and leaves no socket open', async () => {
    const err = await runNodeLoop({ ...base(), credential: 'wrong', port: env.turn!.port, kind: 'udp' }).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'turn-unauthorized' });
  });
});
