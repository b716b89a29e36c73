import { createSocket } from 'node:dgram';
import { createServer, connect, type Server } from 'node:net';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTcpDelayRelay, startUdpImpairRelay } from '../../support/impair-relay.js';

/** A UDP echo server on 127.0.0.1. */
async function udpEcho(): Promise<{ port: number; close(): Promise<void> }> {
  const s = createSocket('udp4');
  s.on('message', (m, from) => s.send(m, from.port, from.address));
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  return { port: s.address().port, close: () => new Promise<void>((r) => s.close(() => r())) };
}

/** Sends `n` numbered datagrams 2 ms apart through the relay; returns the round trip of each that came back. */
async function roundTrips(port: number, n: number): Promise<Map<number, number>> {
  const c = createSocket('udp4');
  const sentAt = new Map<number, number>();
  const rtt = new Map<number, number>();
  c.on('message', (m) => rtt.set(m.readUInt32BE(0), performance.now() - sentAt.get(m.readUInt32BE(0))!));
  await new Promise<void>((r) => c.bind(0, '127.0.0.1', () => r()));
  for (let i = 0; i < n; i++) {
    const b = Buffer.alloc(64);
    b.writeUInt32BE(i, 0);
    sentAt.set(i, performance.now());
    c.send(b, port, '127.0.0.1');
    await new Promise((r) => setTimeout(r, 2));
  }
  await new Promise((r) => setTimeout(r, 300));
  await new Promise<void>((r) => c.close(() => r()));
  return rtt;
}

describe('impair-relay (test/support): a userspace netem for the quality tests', () => {
  let echo: Awaited<ReturnType<typeof udpEcho>>;
  beforeAll(async () => {
    echo = await udpEcho();
  });
  afterAll(() => echo.close());

  it.each([
    [0.1, 0, 90],
    [0, 0.25, 75],
    [0.1, 0.1, 81],
  ])('drops exactly the share asked: %s to the server, %s back, of 100 gives %s', async (up, down, expected) => {
    const relay = await startUdpImpairRelay({ target: echo.port, toServer: { drop: up }, toClient: { drop: down } });
    try {
      const rtt = await roundTrips(relay.port, 100);
      expect(rtt.size).toBe(expected);
      expect(relay.counts.toServer.dropped).toBe(Math.round(100 * up));
    } finally {
      await relay.close();
    }
  });

  it('adds the delay asked in each direction, and jitter spreads it', async () => {
    const relay = await startUdpImpairRelay({
      target: echo.port,
      toServer: { delayMs: 30 },
      toClient: { delayMs: 20, jitterMs: 15 },
    });
    try {
      const rtt = [...(await roundTrips(relay.port, 60)).values()];
      expect(rtt).toHaveLength(60);
      expect(Math.min(...rtt)).toBeGreaterThanOrEqual(34); // 30 + (20 - 15), less a timer's 1 ms
      expect(Math.max(...rtt) - Math.min(...rtt)).toBeGreaterThan(10); // ±15 ms drawn 60 times
    } finally {
      await relay.close();
    }
  });

  it('delays a TCP stream in each direction and keeps its bytes in order', async () => {
    const server: Server = createServer((s) => s.pipe(s));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const target = (server.address() as { port: number }).port;
    const relay = await startTcpDelayRelay({ target, toServer: { delayMs: 40 }, toClient: { delayMs: 10 } });
    try {
      const c = connect(relay.port, '127.0.0.1');
      await new Promise((r) => c.once('connect', r));
      const start = performance.now();
      const text = Array.from({ length: 50 }, (_, i) => `${i};`);
      let got = '';
      const done = new Promise<void>((r) =>
        c.on('data', (d) => {
          got += d.toString();
          if (got.length === text.join('').length) r();
        }),
      );
      for (const t of text) c.write(t);
      await done;
      expect(performance.now() - start).toBeGreaterThanOrEqual(49);
      expect(got).toBe(text.join(''));
      c.destroy();
    } finally {
      await relay.close();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
