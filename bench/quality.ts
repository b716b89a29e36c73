/**
 * Quality loop (src/preflight/quality) on the local environment, real coturn:
 *
 * 1. Duration: wall-clock time of one loop (two allocations, channels, stream, drain, release)
 *    beside its configured seconds. Goal ≤ seconds + 0.5 s (the Vonage network test: 30 s, users
 *    report 35-40 s).
 * 2. Back-to-back spread: two runs in a row on the same path (UDP through the impairing relay: 20 ms
 *    each way to coturn, ±5 ms jitter, 3% random drop). Goal: loss within 0.02, median RTT within
 *    10%. On bare loopback the RTT is about a millisecond, where 10% is noise, so that path is shown
 *    but not judged.
 *
 * `npm run bench` runs it through bench/run.ts; `npx tsx bench/quality.ts` alone.
 */
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { runNodeLoop, type NodeLoopRequest } from '../src/preflight/quality/node-loop.js';
import { startUdpImpairRelay } from '../test/support/impair-relay.js';
import { startLocalEnv, type LocalEnv } from '../test/support/local-env/index.js';

const SECONDS = 3;
const KBPS = 1500;

export async function runQualityBench(log: (line: string) => void): Promise<void> {
  const env: LocalEnv = await startLocalEnv();
  try {
    const turn = env.turn;
    if (!turn) return log(`skipped: ${env.turnSkipReason}`);
    log(`${SECONDS} s at ${KBPS} kbit/s per run; load average ${loadavg()[0]!.toFixed(1)}`);
    const base = {
      host: '127.0.0.1',
      username: turn.username,
      credential: turn.credential,
      ca: env.caPem,
      seconds: SECONDS,
      kbps: KBPS,
    };
    const once = (port: number, kind: NodeLoopRequest['kind']): ReturnType<typeof runNodeLoop> =>
      runNodeLoop({ ...base, port, kind, signal: AbortSignal.timeout(SECONDS * 1000 + 10_000) });
    const relay = await startUdpImpairRelay({
      target: turn.port,
      toServer: { delayMs: 20, jitterMs: 5, drop: 0.03, random: true },
    });
    const paths: Array<[string, () => ReturnType<typeof runNodeLoop>, boolean]> = [
      ['UDP loopback', () => once(turn.port, 'udp'), false],
      ['TLS loopback', () => once(turn.tlsPort, 'tls'), false],
      ['UDP impaired', () => once(relay.port, 'udp'), true],
    ];
    log('path          run  took     over     setup   loss   RTT med  jitter  kbps  MOS');
    try {
      for (const [name, run, judged] of paths) {
        const runs = [await run(), await run()];
        runs.forEach((r, i) => {
          const f = r.figures;
          const over = r.elapsedMs / 1000 - SECONDS;
          log(
            `${name.padEnd(13)} ${i + 1}    ${(r.elapsedMs / 1000).toFixed(2)} s  ${over >= 0 ? '+' : ''}${over.toFixed(2)} s  ${r.setupMs.toFixed(0).padStart(4)} ms  ` +
              `${f.lossRatio.toFixed(3)}  ${String(f.rttMs?.median ?? '-').padStart(6)} ms  ${f.jitterMs.toFixed(1).padStart(5)} ms  ` +
              `${f.kbps}  ${f.mos} ${over <= 0.5 ? '(goal met)' : '(over the 0.5 s goal)'}`,
          );
        });
        const [a, b] = runs.map((r) => r.figures);
        const dLoss = Math.abs(a!.lossRatio - b!.lossRatio);
        const m1 = a!.rttMs?.median ?? 0;
        const m2 = b!.rttMs?.median ?? 0;
        const dRtt = Math.abs(m1 - m2) / Math.max(m1, m2, 1e-9);
        const verdict = judged
          ? dLoss <= 0.02 && dRtt <= 0.1
            ? '(goal met)'
            : '(goal missed)'
          : '(not judged: RTT of about 1 ms)';
        log(
          `${name.padEnd(13)} spread: loss ${dLoss.toFixed(3)} (goal ≤ 0.02), median RTT ${(dRtt * 100).toFixed(1)}% (goal ≤ 10%) ${verdict}`,
        );
      }
    } finally {
      await relay.close();
    }
  } finally {
    await env.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await runQualityBench((line) => void process.stdout.write(`${line}\n`));
}
