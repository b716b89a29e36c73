/**
 * A check is one object in one file, listed in the registry: a check defined here, added to the
 * registry's list, runs with the others without any change to the runner.
 */
import { describe, expect, it } from 'vitest';
import { CHECKS, baseOf, type Check } from '../../src/preflight/checks/index.js';
import { reachedReport } from '../../src/preflight/verdict.js';
import { runChecks } from '../../src/preflight/runner.js';
import type { CheckName, PreflightOptions, ProbeResult, Transport } from '../../src/preflight/types.js';
import { LOOPBACK, listOf } from './helpers.js';

/** A check of a sixth kind: a TCP connection to a "ping" host, judged on the list's API block. */
const ping: Check<string, { host: string; port: number }> = {
  name: 'ping' as CheckName,
  block: 'api',
  words: { block: 'API', missing: 'ping host' },
  via: 'tcp',
  targets: (options) => {
    const host = (options as { pingHost?: string }).pingHost;
    return host ? [host] : [];
  },
  plan: (host) => [
    { base: baseOf(ping, { target: `${host}:7`, transport: 'tcp', host, port: 7 }), request: { host, port: 7 } },
  ],
  run: async (request, ctx, base) => {
    const answer = await ctx.transport.media!({ ...request, protocol: 'tcp' }, ctx.signal);
    return reachedReport(base, answer, ctx, { detail: 'pinged' });
  },
};

const answered = (remoteAddress: string): ProbeResult => ({ remoteAddress, timings: { totalMs: 1, connectMs: 1 } });

function transport(): Transport {
  return {
    kind: 'node',
    http: async () => ({ ...answered('127.0.0.1'), status: 200 }),
    websocket: async () => answered('127.0.0.1'),
    media: async (req) => answered(req.host),
  };
}

describe('the check registry', () => {
  it('runs a check added to the registry with the others, in registry order, judged on its own list block', async () => {
    const report = await runChecks(
      {
        list: listOf({ api: ['127.0.0.1', '127.0.0.2'], logging: ['127.0.0.1'], media: ['127.0.0.9'] }),
        apiUrl: 'https://127.0.0.1',
        loggingUrl: 'https://127.0.0.1',
        pingHost: '127.0.0.2',
      } as PreflightOptions,
      transport(),
      [...CHECKS, ping],
    );
    const row = report.checks.at(-1)!;
    expect(row).toMatchObject({ category: 'ping', target: '127.0.0.2:7', status: 'pass', detail: 'pinged' });
    expect(row.addresses).toEqual([{ ip: '127.0.0.2', allowed: true, block: '127.0.0.2/32' }]);
    expect(row.hint).toMatch(/in your list's API block/);
  });

  it('asks the added check by name, and skips it in its own words when it has no target', async () => {
    const report = await runChecks({ list: LOOPBACK, checks: ['ping' as CheckName] }, transport(), [...CHECKS, ping]);
    expect(report.checks).toHaveLength(1);
    expect(report.checks[0]).toMatchObject({ category: 'ping', status: 'skip', code: 'not-configured' });
    expect(report.checks[0]!.hint).toMatch(/give the ping host/);
  });

  it('refuses a check name the registry does not hold', async () => {
    await expect(
      runChecks({ list: LOOPBACK, checks: ['ping' as CheckName] }, transport(), CHECKS),
    ).rejects.toMatchObject({
      code: 'invalid-option',
      path: ['checks', 0],
    });
  });
});
