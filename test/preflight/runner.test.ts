import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runPreflightWith, PreflightOptionError, ProbeError } from '../../src/preflight/index.js';
import type {
  HttpProbeRequest,
  HttpProbeResult,
  PreflightEvent,
  PreflightOptions,
  PreflightReport,
  ProbeResult,
  Transport,
  TurnProbeRequest,
  TurnProbeResult,
} from '../../src/preflight/types.js';
import { AllowedIpList } from '../../src/allowlist/list.js';
import { LOOPBACK, elapsed, listOf, resourceBaseline } from './helpers.js';

const ok = (remoteAddress: string | null = '127.0.0.1'): ProbeResult => ({
  remoteAddress,
  timings: { totalMs: 1, firstByteMs: 1 },
});

/** Resolves after `ms`, or rejects with `aborted` (clearing its timer) when the signal aborts. */
function after<T>(ms: number, value: T, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => resolve(value), ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      reject(new ProbeError('aborted', 'aborted'));
    });
  });
}

/** A transport whose every probe answers after `ms` from 127.0.0.1. */
function fake(ms = 0, over: Partial<Transport> = {}): Transport {
  return {
    kind: 'node',
    http: (req, s) => after(ms, { ...ok(), status: 200, ...(req.readBody ? { body: '[]' } : {}) }, s),
    websocket: (_u, s) => after(ms, ok(), s),
    turn: (_r, s) => after(ms, { ...ok(), outcome: 'reached' as const }, s),
    media: (_r, s) => after(ms, ok(), s),
    ...over,
  };
}

const ALL: Partial<PreflightOptions> = {
  apiUrl: 'https://api.test.invalid',
  loggingUrl: 'https://log.test.invalid/prod',
  messagingUrl: 'wss://ws.test.invalid/rumorwebsocketsv2',
  turn: {
    urls: [
      'turn:turn.test.invalid:3478?transport=udp',
      'turn:turn.test.invalid:3478?transport=tcp',
      'turns:turn.test.invalid:443?transport=tcp',
    ],
  },
  media: { host: 'media.test.invalid', udpPort: 3478 },
};

let unhandled: unknown[] = [];
const onUnhandled = (e: unknown): void => void unhandled.push(e);
let leaks: ReturnType<typeof resourceBaseline>;
beforeEach(() => {
  unhandled = [];
  process.on('unhandledRejection', onUnhandled);
  leaks = resourceBaseline();
});
afterEach(async () => {
  await new Promise((r) => setTimeout(r, 10));
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
  await leaks.expectNone();
});

describe("runs every check at once, each under its own deadline and the caller's signal", () => {
  it('runs every check at once: total time is about the slowest check, and all start before any ends', async () => {
    const events: PreflightEvent[] = [];
    const took = elapsed();
    const report = await runPreflightWith({ ...ALL, list: LOOPBACK, onProgress: (e) => events.push(e) }, fake(300));
    const total = took();
    expect(report.checks).toHaveLength(8);
    expect(report.checks.every((c) => c.status === 'pass')).toBe(true);
    expect(report.ok).toBe(true);
    expect(total).toBeLessThan(1500); // 8 checks one by one would take 2400 ms
    const firstEnd = events.findIndex((e) => e.type === 'end');
    expect(events.slice(0, firstEnd).filter((e) => e.type === 'start')).toHaveLength(8);
    expect(events.filter((e) => e.type === 'end')).toHaveLength(8);
  });

  it('gives a transport that never settles (and ignores abort) a timeout verdict at the deadline', async () => {
    const never = (): Promise<never> => new Promise<never>(() => {});
    const took = elapsed();
    const report = await runPreflightWith(
      { ...ALL, list: LOOPBACK, timeoutMs: 300 },
      fake(0, { http: never, websocket: never }),
    );
    expect(took()).toBeGreaterThanOrEqual(290);
    expect(took()).toBeLessThan(1300);
    const byCat = Object.fromEntries(report.checks.map((c) => [`${c.category}/${c.transport}`, c.code]));
    expect(byCat).toMatchObject({
      'api/https': 'timeout',
      'messaging/wss': 'timeout',
      'logging/https': 'timeout',
      'turn/udp': 'ok',
    });
    expect(report.ok).toBe(false);
    const api = report.checks.find((c) => c.category === 'api')!;
    expect(api.hint).toMatch(/No answer within 300 ms.*TCP 443 \(HTTPS\) to api\.test\.invalid/);
    expect(api.detail).toBe('no verdict within 300 ms');
  });

  it('gives each check 5000 ms when timeoutMs is not given', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      let report: PreflightReport | undefined;
      void runPreflightWith(
        { list: LOOPBACK, checks: ['api'] },
        fake(0, { http: () => new Promise<never>(() => {}) }),
      ).then((r) => (report = r));
      await vi.advanceTimersByTimeAsync(4999);
      expect(report).toBeUndefined();
      await vi.advanceTimersByTimeAsync(1);
      expect(report?.checks[0]).toMatchObject({ code: 'timeout', detail: 'no verdict within 5000 ms' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('names each target as written in a deadline verdict: turns: as TLS, an IPv6 URL host without brackets, no doubled slash after a URL ending in /', async () => {
    const never = (): Promise<never> => new Promise<never>(() => {});
    const report = await runPreflightWith(
      {
        list: LOOPBACK,
        checks: ['api', 'turn', 'logging'],
        apiUrl: 'https://[::1]:8443/',
        loggingUrl: 'https://log.test.invalid/prod/',
        turn: { urls: ['turns:turn.test.invalid:443?transport=tcp'] },
        timeoutMs: 50,
      },
      fake(0, { http: never, turn: never }),
    );
    expect(report.checks.map((c) => `${c.category} ${c.transport} ${c.target} ${c.code}`)).toEqual([
      'api https https://[::1]:8443/ timeout',
      'turn tls turns:turn.test.invalid:443?transport=tcp timeout',
      'logging https https://log.test.invalid/prod/logging/ClientEvent timeout',
    ]);
    expect(report.checks[0]!.hint).toContain('TCP 8443 (HTTPS) to ::1,');
    expect(report.checks[1]!.hint).toContain('TCP 443 (TURN over TLS) to turn.test.invalid,');
  });

  it('aborts the checks still running when the caller aborts, keeping the verdicts already given', async () => {
    const ac = new AbortController();
    const slowWs: Transport['websocket'] = (_u, s) => after(5000, ok(), s);
    setTimeout(() => ac.abort(), 200);
    const took = elapsed();
    const report = await runPreflightWith(
      { ...ALL, list: LOOPBACK, signal: ac.signal },
      fake(20, { websocket: slowWs }),
    );
    expect(took()).toBeLessThan(1500);
    const messaging = report.checks.find((c) => c.category === 'messaging')!;
    expect([messaging.code, messaging.detail]).toEqual(['aborted', 'aborted by the caller']);
    const api = report.checks.find((c) => c.category === 'api')!;
    expect(api.code).toBe('ok');
    // The address reached is known and inside the list: the hint says so (not "not visible here").
    expect(api.hint).toBe(
      "Reachable and inside the list: keep TCP 443 (HTTPS) to api.test.invalid, in your list's API block open.",
    );
  });

  it('reports every check aborted at once when the signal is already aborted', async () => {
    const report = await runPreflightWith({ ...ALL, list: LOOPBACK, signal: AbortSignal.abort() }, fake(1000));
    expect(new Set(report.checks.map((c) => c.code))).toEqual(new Set(['aborted']));
  });

  it('probes the default Vonage hosts when no URL is given', async () => {
    const urls: string[] = [];
    await runPreflightWith(
      { list: LOOPBACK, checks: ['api', 'logging'] },
      fake(0, { http: (r, s) => (urls.push(r.url), after(0, { ...ok(), status: 200 }, s)) }),
    );
    expect(urls.sort()).toEqual(['https://anvil.opentok.com', 'https://hlg.tokbox.com/prod/logging/ClientEvent']);
  });

  it('runs only the categories asked for', async () => {
    const report = await runPreflightWith({ ...ALL, list: LOOPBACK, checks: ['turn', 'logging'] }, fake());
    expect(report.checks.map((c) => c.category)).toEqual(['turn', 'turn', 'turn', 'logging']);
  });
});

describe('keeps the run going whatever a listener or a transport throws', () => {
  it('ignores progress listeners that throw or reject', async () => {
    const report = await runPreflightWith(
      {
        ...ALL,
        list: LOOPBACK,
        onProgress: ((e: PreflightEvent) => {
          if (e.type === 'start') throw new Error('listener bug');
          return Promise.reject(new Error('async listener bug'));
        }) as never,
      },
      fake(5),
    );
    expect(report.ok).toBe(true);
  });

  it.each([
    ['throws a plain error', () => Promise.reject(new TypeError('boom')), 'error'],
    [
      'throws synchronously',
      () => {
        throw new TypeError('sync boom');
      },
      'error',
    ],
    ['throws a ProbeError', () => Promise.reject(new ProbeError('refused', 'connect ECONNREFUSED')), 'refused'],
  ] as const)('turns a transport that %s into a failed check, not a rejection', async (_n, http, code) => {
    const report = await runPreflightWith({ list: LOOPBACK, checks: ['api'] }, fake(0, { http: http as never }));
    expect(report.checks[0]).toMatchObject({ category: 'api', status: 'fail', code });
  });

  it('fails a check whose transport throws a plain Error with code error, its message as the detail', async () => {
    const report = await runPreflightWith(
      { list: LOOPBACK, checks: ['api'] },
      fake(0, { http: () => Promise.reject(new Error('socket exploded')) }),
    );
    expect(report.checks[0]).toMatchObject({ status: 'fail', code: 'error', detail: 'socket exploded' });
  });
});

describe('names each target and the port and protocol a firewall rule needs', () => {
  it.each<[string, Partial<PreflightOptions>, string]>([
    ['api', { apiUrl: 'http://api.test.invalid', checks: ['api'] }, 'TCP 80 (HTTP) to api.test.invalid'],
    [
      'api (session info)',
      {
        apiUrl: 'http://api.test.invalid/',
        checks: ['api'],
        credentials: { apiKey: 'k', sessionId: 's', token: 'T1==token-value' },
      },
      'TCP 80 (HTTP) to api.test.invalid',
    ],
    [
      'logging',
      { loggingUrl: 'http://log.test.invalid/prod', checks: ['logging'] },
      'TCP 80 (HTTP) to log.test.invalid',
    ],
    [
      'messaging',
      { messagingUrl: 'ws://ws.test.invalid/ws', checks: ['messaging'] },
      'TCP 80 (WebSocket) to ws.test.invalid',
    ],
  ])(
    'names the plain port and protocol in the %s hint for an http:/ws: URL without a port (not TCP 443, not HTTPS)',
    async (_n, opts, needs) => {
      const refused = (): Promise<never> => Promise.reject(new ProbeError('refused', 'connecting: ECONNREFUSED'));
      const report = await runPreflightWith(
        { list: LOOPBACK, ...opts },
        fake(0, { http: refused, websocket: refused }),
      );
      expect(report.checks).toHaveLength(1);
      expect(report.checks[0]!.hint).toContain(`open ${needs},`);
    },
  );

  it.each(['[::1]', '::1', ' [::1] '])(
    'probes an IPv6 media host given as %j at ::1, shown once bracketed ([::1]:443)',
    async (host) => {
      const media: string[] = [];
      const report = await runPreflightWith(
        { list: listOf({ media: ['::1'] }), media: { host }, checks: ['media'] },
        fake(0, { media: (r, s) => (media.push(r.host), after(0, ok('::1'), s)) }),
      );
      expect(media).toEqual(['::1']);
      expect(report.checks.map((c) => c.target)).toEqual(['[::1]:443', '[::1] UDP']);
      expect(report.checks[0]!.hint).toContain('to ::1,');
    },
  );

  it.each(['0:0:0:0:0:0:0:1', '::ffff:127.0.0.1'])(
    'takes the brackets off an IPv6 media host [%s] (zeros in its first or last group) before probing it',
    async (host) => {
      const media: string[] = [];
      const report = await runPreflightWith(
        { list: LOOPBACK, media: { host: `[${host}]` }, checks: ['media'] },
        fake(0, { media: (r, s) => (media.push(r.host), after(0, ok(), s)) }),
      );
      expect(media).toEqual([host]);
      expect(report.checks[0]!.target).toBe(`[${host}]:443`);
    },
  );

  it('skips media UDP without media.udpPort as not-configured, saying the ports are negotiated per call (UDP 1025-65535)', async () => {
    const report = await runPreflightWith(
      { list: LOOPBACK, media: { host: 'media.test.invalid' }, checks: ['media'] },
      fake(),
    );
    expect(report.checks.map((c) => `${c.transport}/${c.status}/${c.code}`)).toEqual([
      'tcp/pass/ok',
      'udp/skip/not-configured',
    ]);
    expect(report.checks[1]!.detail).toBe(
      'media UDP ports are negotiated per call (UDP 1025-65535); set media.udpPort to a port that answers STUN to probe one',
    );
  });
});

describe('reports what the probe saw: latency, timings, detail, the request made', () => {
  it.each([
    [
      'turn-unauthorized (the server answered)',
      new ProbeError('turn-unauthorized', 'refused the credentials (401)', {
        remoteAddress: '127.0.0.1',
        timings: { connectMs: 1, firstByteMs: 4.2, totalMs: 5 },
      }),
      4.2,
    ],
    ['refused (nothing answered)', new ProbeError('refused', 'ECONNREFUSED', { timings: { totalMs: 1 } }), null],
    [
      'tls (no answer byte)',
      new ProbeError('tls', 'CERT_HAS_EXPIRED', { remoteAddress: '127.0.0.1', timings: { connectMs: 1, totalMs: 3 } }),
      null,
    ],
  ])(
    'gives a failed check the latency of the answer when one came, and the timings measured: %s',
    async (_n, err, latency) => {
      const report = await runPreflightWith(
        { ...ALL, list: LOOPBACK, checks: ['turn'], turn: { urls: ['turn:turn.test.invalid:3478'] } },
        fake(0, { turn: () => Promise.reject(err) }),
      );
      expect(report.checks[0]).toMatchObject({ code: err.code, latencyMs: latency });
      expect(report.checks[0]!.timings).toEqual(err.timings);
    },
  );

  it('gives a reached check the latency of its first answer byte (not the total), and its timings rounded to 0.1 ms, unmeasured ones left out', async () => {
    const report = await runPreflightWith(
      { list: LOOPBACK, checks: ['api'] },
      fake(0, {
        http: (_r, s) =>
          after(
            0,
            {
              remoteAddress: '127.0.0.1',
              status: 200,
              timings: { connectMs: 1.26, firstByteMs: 3.04, totalMs: 9, tlsMs: undefined },
            },
            s,
          ),
      }),
    );
    expect(report.checks[0]!.latencyMs).toBe(3);
    expect(report.checks[0]!.timings).toStrictEqual({ connectMs: 1.3, firstByteMs: 3, totalMs: 9 });
  });

  it('leaves detail out of a report that has none (a media TCP pass)', async () => {
    const report = await runPreflightWith(
      { list: LOOPBACK, media: { host: 'media.test.invalid', udpPort: 3478 }, checks: ['media'] },
      fake(),
    );
    expect(report.checks[0]!.status).toBe('pass');
    expect(Object.keys(report.checks[0]!)).not.toContain('detail');
  });

  it('makes the request each check stands for: api GET accepting JSON, logging POST of a JSON event; says a WebSocket upgraded; times media TCP by its connect', async () => {
    const seen: HttpProbeRequest[] = [];
    const report = await runPreflightWith(
      { ...ALL, list: LOOPBACK, checks: ['api', 'messaging', 'media', 'logging'] },
      fake(0, {
        http: (r, s) => (seen.push(r), after(0, { ...ok(), status: 200 }, s)),
        media: (_r, s) => after(0, { remoteAddress: '127.0.0.1', timings: { connectMs: 2.5, totalMs: 9 } }, s),
      }),
    );
    // The checks run at once: sort by method, not by arrival.
    expect(seen.map((r) => [r.method, r.url, r.headers, r.body]).sort()).toEqual([
      ['GET', 'https://api.test.invalid', { Accept: 'application/json' }, undefined],
      ['POST', 'https://log.test.invalid/prod/logging/ClientEvent', { 'Content-Type': 'application/json' }, '{}'],
    ]);
    expect(report.checks.find((c) => c.category === 'messaging')!.detail).toBe('WebSocket upgraded');
    expect(report.checks.find((c) => c.category === 'media' && c.transport === 'tcp')!.latencyMs).toBe(2.5);
  });

  it('says where TURN allocated the relay', async () => {
    const report = await runPreflightWith(
      {
        list: LOOPBACK,
        checks: ['turn'],
        turn: { urls: ['turn:turn.test.invalid:3478'], username: 'u', credential: 'c' },
      },
      fake(0, {
        turn: (_r, s) => after(0, { ...ok(), outcome: 'relay' as const, relayAddress: '127.0.0.1:50000' }, s),
      }),
    );
    expect(report.checks[0]).toMatchObject({ status: 'pass', detail: 'relay allocated at 127.0.0.1:50000' });
  });
});

describe("judges every address reached against its check's list block", () => {
  it('fails an address outside the list with outside-allowlist, naming the address and the block to fix', async () => {
    const report = await runPreflightWith(
      {
        ...ALL,
        list: listOf({ api: ['127.0.0.1'], turn: ['127.0.0.1'], media: ['127.0.0.1'], logging: ['127.0.0.1'] }),
      },
      fake(0, { turn: (_r, s) => after(0, { ...ok('203.0.113.9'), outcome: 'relay' as const }, s) }),
    );
    const turn = report.checks.filter((c) => c.category === 'turn');
    expect(turn.map((c) => c.code)).toEqual(['outside-allowlist', 'outside-allowlist', 'outside-allowlist']);
    expect(turn[0]!.addresses).toEqual([{ ip: '203.0.113.9', allowed: false, block: null }]);
    expect(turn[0]!.hint).toMatch(/203\.0\.113\.9.*outside your list's TURN blocks/);
    expect(report.checks.find((c) => c.category === 'api')!.status).toBe('pass');
  });

  it('judges messaging against the API block (signaling runs on the API servers)', async () => {
    const report = await runPreflightWith(
      { ...ALL, list: listOf({ api: ['127.0.0.1'] }), checks: ['messaging'] },
      fake(),
    );
    expect(report.checks[0]).toMatchObject({
      category: 'messaging',
      status: 'pass',
      addresses: [{ ip: '127.0.0.1', allowed: true, block: '127.0.0.1/32' }],
    });
  });

  it.each(['::ffff:127.0.0.1', '::FFFF:127.0.0.1'])(
    'checks the IPv4-mapped IPv6 remote address %s as the IPv4 address it carries',
    async (remote) => {
      const report = await runPreflightWith(
        { list: LOOPBACK, checks: ['api'] },
        fake(0, { http: (_r, s) => after(0, { ...ok(remote), status: 200 }, s) }),
      );
      expect(report.checks[0]!.addresses).toEqual([{ ip: '127.0.0.1', allowed: true, block: '127.0.0.1/32' }]);
    },
  );

  it('passes on reachability alone where the platform hides the address, and says so', async () => {
    const report = await runPreflightWith(
      { list: LOOPBACK, checks: ['api'] },
      fake(0, { http: (_r, s) => after(0, { ...ok(null), status: 200 }, s) }),
    );
    expect(report.checks[0]).toMatchObject({ status: 'pass', addresses: [] });
    expect(report.checks[0]!.detail).toMatch(/hides the remote address/);
  });

  it('says "reachability only" once when the transport already said the address is hidden', async () => {
    const said = 'the browser hides the remote address: reachability only';
    const report = await runPreflightWith(
      { list: LOOPBACK, checks: ['messaging'], messagingUrl: 'wss://ws.test.invalid/' },
      fake(0, { websocket: (_u, s) => after(0, { ...ok(null), detail: said }, s) }),
    );
    expect(report.checks[0]).toMatchObject({ status: 'pass', detail: said });
  });

  it('fails a remote address the list cannot read (a scoped IPv6 address) as outside the list, not as a pass', async () => {
    const list = AllowedIpList.fromText('API\n127.0.0.1/32\nfe80::/10\n');
    const report = await runPreflightWith(
      { list, checks: ['api'] },
      fake(0, { http: (_r, s) => after(0, { ...ok('fe80::1%eth0'), status: 200 }, s) }),
    );
    expect(report.checks[0]).toMatchObject({
      status: 'fail',
      code: 'outside-allowlist',
      addresses: [{ ip: 'fe80::1%eth0', allowed: false, block: null }],
    });
  });
});

describe('skips, with the reason, a check that has no target or cannot run here', () => {
  it('skips messaging, TURN and media with not-configured when neither they nor credentials are given', async () => {
    const report = await runPreflightWith({ list: LOOPBACK }, fake());
    expect(report.checks.map((c) => [c.category, c.transport, c.target, c.status, c.code])).toEqual([
      ['api', 'https', 'https://anvil.opentok.com/', 'pass', 'ok'],
      ['messaging', 'wss', '(none)', 'skip', 'not-configured'],
      ['turn', 'udp', '(none)', 'skip', 'not-configured'],
      ['media', 'tcp', '(none)', 'skip', 'not-configured'],
      ['logging', 'https', 'https://hlg.tokbox.com/prod/logging/ClientEvent', 'pass', 'ok'],
    ]);
    expect(report.ok).toBe(true);
  });

  it('skips a check the transport cannot run (no turn or media method) as unsupported', async () => {
    const t = fake();
    delete t.turn;
    delete t.media;
    const report = await runPreflightWith({ ...ALL, list: LOOPBACK, checks: ['turn', 'media'] }, t);
    expect(new Set(report.checks.map((c) => `${c.status}/${c.code}`))).toEqual(new Set(['skip/unsupported']));
  });
});

describe('returns plain data', () => {
  it('returns a plain JSON-serialisable report', async () => {
    const report = await runPreflightWith({ ...ALL, list: LOOPBACK }, fake());
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    expect(report.startedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });
});

describe("says a browser's opaque HTTP answer as such, never as HTTP 0", () => {
  it('says a browser answer is opaque instead of "HTTP 0", and keeps real statuses', async () => {
    const report = await runPreflightWith(
      { ...ALL, list: LOOPBACK, checks: ['api', 'logging'] },
      fake(0, {
        http: (req, s) =>
          after(
            0,
            req.url.includes('ClientEvent')
              ? { ...ok(null), status: 0, detail: 'the answer is opaque (no-cors), its status unknown' }
              : { ...ok(), status: 204 },
            s,
          ),
      }),
    );
    const detail = (c: string): string | undefined => report.checks.find((x) => x.category === c)!.detail;
    expect(detail('logging')).toMatch(/^the answer is opaque \(no-cors\), its status unknown/);
    expect(detail('logging')).not.toMatch(/HTTP 0/);
    expect(detail('api')).toBe('HTTP 204');
  });
});

describe('skips media as unsupported where the transport has no raw sockets (the browser)', () => {
  it('skips media TCP and UDP as unsupported, not as a missing port', async () => {
    const { media: _none, ...noMedia } = fake();
    const report = await runPreflightWith(
      { list: LOOPBACK, media: { host: 'media.test.invalid' }, checks: ['media'] },
      { ...noMedia, kind: 'browser' },
    );
    expect(report.checks.map((c) => `${c.transport}/${c.status}/${c.code}`)).toEqual([
      'tcp/skip/unsupported',
      'udp/skip/unsupported',
    ]);
    expect(report.checks[1]!.detail).toBe('the browser transport cannot probe raw UDP');
  });
});

describe('names an IPv6 literal host without brackets in every hint', () => {
  it('names [::1] URLs as ::1 in every hint, as the runner does for timeouts', async () => {
    const report = await runPreflightWith(
      {
        list: '::1/128\n',
        apiUrl: 'https://[::1]:8443',
        messagingUrl: 'wss://[::1]:8444/ws',
        loggingUrl: 'https://[::1]:8445/prod',
        checks: ['api', 'messaging', 'logging'],
      },
      fake(0, {
        http: (_r, s) => after(0, { ...ok('::1'), status: 204 }, s),
        websocket: (_u, s) => after(0, ok('::1'), s),
      }),
    );
    for (const c of report.checks) {
      expect(c.hint, c.category).toMatch(/ to ::1,/);
      expect(c.hint, c.category).not.toMatch(/\[::1\]/);
    }
  });
});

describe('credentials mode: reads the session info, then probes what it names', () => {
  const creds = { apiKey: '47000001', sessionId: '1_MX4-session', token: 'T1==secret-token-value' };
  const info = [
    {
      session_id: creds.sessionId,
      messaging_url: 'wss://ws.from-session.invalid/rumorwebsocketsv2',
      media_server_hostname: 'media.from-session.invalid',
      ice_servers: [
        {
          urls: ['turn:turn.from-session.invalid:3478?transport=udp', 'stun:stun.from-session.invalid:3478'],
          username: '1700000000:turn-user-x',
          credential: 'turn-pass-secret',
        },
        {
          url: 'turns:turn.from-session.invalid:443?transport=tcp',
          username: '1700000000:turn-user-x',
          credential: 'turn-pass-secret',
        },
      ],
    },
  ];

  it('reports the checks waiting for the session info as aborted, not as not-configured, when the caller aborts', async () => {
    const ac = new AbortController();
    const run = runPreflightWith(
      { list: LOOPBACK, credentials: creds, signal: ac.signal, timeoutMs: 10_000 },
      fake(0, { http: (_r, s) => after(60_000, { ...ok(), status: 200, body: '[]' }, s) }),
    );
    setTimeout(() => ac.abort(), 20);
    const report = await run;
    const byCategory = Object.fromEntries(report.checks.map((c) => [c.category, `${c.status}/${c.code}`]));
    expect(byCategory).toMatchObject({
      api: 'fail/aborted',
      messaging: 'fail/aborted',
      turn: 'fail/aborted',
      media: 'fail/aborted',
    });
    expect(report.ok).toBe(false);
    // Named by the transport and port each usually takes, the target still unknown.
    const waiting = report.checks.filter((c) => c.target === '(from the session info)');
    expect(waiting.map((c) => `${c.transport} ${c.target}`)).toEqual([
      'wss (from the session info)',
      'udp (from the session info)',
      'tcp (from the session info)',
    ]);
    expect(waiting.map((c) => /run again to check (.*) to \(session info\)/.exec(c.hint)?.[1])).toEqual([
      'TCP 443 (secure WebSocket)',
      'UDP 443',
      'TCP 443',
    ]);
  });

  it.each<[string, Partial<PreflightOptions>]>([
    ['only logging is asked for', { checks: ['logging'] }],
    [
      'every target asked for is given',
      {
        checks: ['messaging', 'media'],
        messagingUrl: 'wss://ws.test.invalid/x',
        media: { host: 'media.test.invalid' },
      },
    ],
  ])('does not read the session info when %s', async (_name, opts) => {
    const urls: string[] = [];
    const report = await runPreflightWith(
      { list: LOOPBACK, credentials: creds, ...opts },
      fake(0, { http: (r, s) => (urls.push(r.url), after(0, { ...ok(), status: 500 }, s)) }),
    );
    expect(urls.filter((u) => u.includes('/session/'))).toEqual([]);
    expect(report.checks.map((c) => c.category)).not.toContain('api');
  });

  it('reads the session info with the SDK headers, then probes the messaging URL, TURN servers and media host it names', async () => {
    const seen: HttpProbeRequest[] = [];
    const turns: TurnProbeRequest[] = [];
    const wss: string[] = [];
    const report = await runPreflightWith(
      { list: LOOPBACK, credentials: creds, apiUrl: 'https://api.test.invalid/' },
      fake(0, {
        http: (r, s) => (
          seen.push(r),
          after(0, { ...ok(), status: 200, body: r.readBody ? JSON.stringify(info) : '' }, s)
        ),
        websocket: (u, s) => (wss.push(u), after(0, ok(), s)),
        turn: (r, s) => (turns.push(r), after(0, { ...ok(), outcome: 'relay' as const } satisfies TurnProbeResult, s)),
      }),
    );
    const session = seen.find((r) => r.readBody)!;
    expect(session.url).toBe('https://api.test.invalid/session/1_MX4-session?extended=true');
    expect(session.headers).toMatchObject({
      'X-OPENTOK-AUTH': creds.token,
      'X-TB-VERSION': '1',
      Accept: 'application/json',
    });
    expect(session.headers!['X-TB-CLIENT-VERSION']).toMatch(/^js-/);
    expect(wss).toEqual(['wss://ws.from-session.invalid/rumorwebsocketsv2']);
    expect(turns.map((t) => t.url)).toEqual([
      'turn:turn.from-session.invalid:3478?transport=udp',
      'turns:turn.from-session.invalid:443?transport=tcp',
    ]);
    expect(turns[0]).toMatchObject({ username: '1700000000:turn-user-x', credential: 'turn-pass-secret' });
    expect(report.checks.map((c) => `${c.category}/${c.transport}/${c.status}`)).toEqual([
      'api/https/pass',
      'messaging/wss/pass',
      'turn/udp/pass',
      'turn/tls/pass',
      'media/tcp/pass',
      'media/udp/skip',
      'logging/https/pass',
    ]);
    expect(report.checks.find((c) => c.category === 'media' && c.transport === 'tcp')!.target).toBe(
      'media.from-session.invalid:443',
    );
  });

  it('sends no progress event for the session-info read when the api check was not asked for: every start has its end', async () => {
    const events: PreflightEvent[] = [];
    await runPreflightWith(
      { list: LOOPBACK, credentials: creds, checks: ['messaging'], onProgress: (e) => events.push(e) },
      fake(0, { http: (_r, s) => after(0, { ...ok(), status: 200, body: JSON.stringify(info) }, s) }),
    );
    const starts = events.flatMap((e) => (e.type === 'start' ? [e.category] : []));
    expect(starts).toEqual(['messaging']);
    expect(events.filter((e) => e.type === 'end')).toHaveLength(1);
  });

  it('writes the session id into the session-info URL percent-encoded', async () => {
    const urls: string[] = [];
    await runPreflightWith(
      {
        list: LOOPBACK,
        credentials: { ...creds, sessionId: '1_MX4/a?b#c' },
        apiUrl: 'https://api.test.invalid',
        checks: ['api'],
      },
      fake(0, {
        http: (r, s) => (urls.push(r.url), after(0, { ...ok(), status: 200, body: JSON.stringify(info) }, s)),
      }),
    );
    expect(urls).toEqual(['https://api.test.invalid/session/1_MX4%2Fa%3Fb%23c?extended=true']);
  });

  it('probes the media host named by the session info on the ports given without a host', async () => {
    const media: Array<{ host: string; port: number; protocol: string }> = [];
    const report = await runPreflightWith(
      { list: LOOPBACK, credentials: creds, media: { tcpPort: 8443, udpPort: 3478 }, checks: ['media'] },
      fake(0, {
        http: (_r, s) => after(0, { ...ok(), status: 200, body: JSON.stringify(info) }, s),
        media: (r, s) => (media.push(r), after(0, ok(), s)),
      }),
    );
    expect(media).toEqual([
      { host: 'media.from-session.invalid', port: 8443, protocol: 'tcp' },
      { host: 'media.from-session.invalid', port: 3478, protocol: 'udp' },
    ]);
    expect(report.checks.map((c) => `${c.target}/${c.status}`)).toEqual([
      'media.from-session.invalid:8443/pass',
      'media.from-session.invalid:3478/pass',
    ]);
  });

  it('skips what a session info leaves out (no TURN servers, no messaging URL) with not-configured, saying the session info names none', async () => {
    const bare = [
      { session_id: creds.sessionId, media_server_hostname: 'media.from-session.invalid', ice_servers: [] },
    ];
    const report = await runPreflightWith(
      { list: LOOPBACK, credentials: creds, checks: ['api', 'messaging', 'turn'] },
      fake(0, { http: (_r, s) => after(0, { ...ok(), status: 200, body: JSON.stringify(bare) }, s) }),
    );
    expect(report.checks.map((c) => `${c.category}/${c.status}/${c.code}/${c.detail ?? ''}`)).toEqual([
      'api/pass/ok/HTTP 200, session info read',
      'messaging/skip/not-configured/the session info names none',
      'turn/skip/not-configured/the session info names none',
    ]);
  });

  it.each(['not a url', 'ftp://ws.from-session.invalid/x'])(
    'fails the messaging check (bad-response) on a session info whose messaging_url is unusable (%s), instead of rejecting the run',
    async (messagingUrl) => {
      const odd = [{ ...info[0], messaging_url: messagingUrl }];
      const report = await runPreflightWith(
        { list: LOOPBACK, credentials: creds, checks: ['api', 'messaging', 'turn'] },
        fake(0, { http: (_r, s) => after(0, { ...ok(), status: 200, body: JSON.stringify(odd) }, s) }),
      );
      expect(report.checks.map((c) => `${c.category}/${c.status}/${c.code}`)).toEqual([
        'api/pass/ok',
        'messaging/fail/bad-response',
        'turn/pass/ok',
        'turn/pass/ok',
      ]);
      expect(report.ok).toBe(false);
    },
  );

  it('lets an explicitly given target win over the session info', async () => {
    const wss: string[] = [];
    await runPreflightWith(
      { list: LOOPBACK, credentials: creds, messagingUrl: 'wss://mine.invalid/ws', checks: ['messaging'] },
      fake(0, {
        http: (r, s) => after(0, { ...ok(), status: 200, body: JSON.stringify(info) }, s),
        websocket: (u, s) => (wss.push(u), after(0, ok(), s)),
      }),
    );
    expect(wss).toEqual(['wss://mine.invalid/ws']);
  });

  it.each([
    [
      'HTTP 403',
      403,
      '[{"error":{"code":403,"errorMessage":"Invalid token format T1==secret-token-value"}}]',
      'http-status',
      'HTTP 403 to the session-info request',
    ],
    ['a status below 200', 199, JSON.stringify(info), 'http-status', 'HTTP 199 to the session-info request'],
    [
      'an error element',
      200,
      '[{"error":{"code":1004,"errorMessage":"Invalid token format T1==secret-token-value"}}]',
      'bad-response',
      'session info error 1004',
    ],
    ['a body that is not JSON', 200, '<html>T1==secret-token-value</html>', 'bad-response', 'session info is not JSON'],
  ])('fails the api check on %s and skips what needed the session info', async (_n, status, body, code, detail) => {
    const report = await runPreflightWith(
      { list: LOOPBACK, credentials: creds },
      fake(0, { http: (_r, s) => after(0, { ...ok(), status, body }, s) }),
    );
    expect(report.checks.find((c) => c.category === 'api')).toMatchObject({
      status: 'fail',
      code,
      detail,
      addresses: [{ ip: '127.0.0.1', allowed: true }],
    });
    for (const c of report.checks.filter((x) => ['messaging', 'turn', 'media'].includes(x.category))) {
      expect([c.status, c.code]).toEqual(['skip', 'not-configured']);
      expect(c.detail).toMatch(/session info/);
    }
    expect(JSON.stringify(report)).not.toContain('secret-token-value');
  });

  it.each([
    [
      'refused',
      (_r: HttpProbeRequest, _s: AbortSignal): Promise<HttpProbeResult> =>
        Promise.reject(new ProbeError('refused', 'connecting: ECONNREFUSED')),
      'refused',
    ],
    [
      'HTTP 403',
      (_r: HttpProbeRequest, s: AbortSignal) => after(0, { ...ok(), status: 403, body: '' }, s),
      'http-status',
    ],
  ])(
    'is not ok when only checks that need the session info were asked for and it cannot be read (%s): the session-info failure is reported',
    async (_n, http, code) => {
      const report = await runPreflightWith(
        { list: LOOPBACK, credentials: creds, checks: ['turn', 'media'] },
        fake(0, { http }),
      );
      expect(report.ok).toBe(false);
      expect(report.checks.map((c) => `${c.category}/${c.status}/${c.code}`)).toEqual([
        'api/fail/' + code,
        'turn/skip/not-configured',
        'media/skip/not-configured',
      ]);
    },
  );

  it('stars the token in a target URL that carries it, in the report and the progress events', async () => {
    const events: PreflightEvent[] = [];
    const report = await runPreflightWith(
      {
        list: LOOPBACK,
        credentials: creds,
        apiUrl: 'https://api.test.invalid/',
        messagingUrl: `wss://ws.test.invalid/${creds.token}/rumor`,
        checks: ['api', 'messaging'],
        onProgress: (e) => events.push(e),
      },
      fake(0, { http: (r, s) => after(0, { ...ok(), status: 200, body: r.readBody ? JSON.stringify(info) : '' }, s) }),
    );
    expect(report.checks.map((c) => c.target)).toEqual([
      'https://api.test.invalid/session/{sessionId}?extended=true',
      'wss://ws.test.invalid/***/rumor',
    ]);
    expect(JSON.stringify({ report, events })).not.toContain(creds.token);
  });

  it('never lets the token or TURN credentials reach a report or a progress event, even when an error echoes them', async () => {
    const events: PreflightEvent[] = [];
    const echo = (s: string): never => {
      throw new ProbeError('tls', `failed for ${s}`);
    };
    const report = await runPreflightWith(
      {
        list: LOOPBACK,
        credentials: creds,
        turn: {
          urls: ['turn:turn.test.invalid:3478?transport=udp'],
          username: 'explicit-turn-user',
          credential: 'explicit-turn-pass',
        },
        onProgress: (e) => events.push(e),
      },
      fake(0, {
        http: async (r: HttpProbeRequest): Promise<HttpProbeResult> =>
          r.readBody
            ? { ...ok(), status: 200, body: JSON.stringify(info) }
            : echo(`${r.url} ${creds.token} ${encodeURIComponent(creds.token)}`),
        websocket: async (u) => echo(`${u} turn-pass-secret 1700000000:turn-user-x`),
        turn: async (r) => echo(`${r.url} ${r.username}:${r.credential}`),
      }),
    );
    const text = JSON.stringify({ report, events });
    for (const secret of [
      creds.token,
      encodeURIComponent(creds.token),
      'turn-pass-secret',
      '1700000000:turn-user-x',
      'explicit-turn-user',
      'explicit-turn-pass',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('***');
  });
});

describe('refuses bad options with a PreflightOptionError naming the option, its reason and hint', () => {
  it.each([
    ['list', { list: undefined }],
    ['list', { list: { nope: true } }],
    ['apiUrl', { apiUrl: 'ftp://x' }],
    ['apiUrl', { apiUrl: 'not a url' }],
    ['messagingUrl', { messagingUrl: 'https://x' }],
    ['loggingUrl', { loggingUrl: 'https://user:pw@x' }],
    ['turn.urls[1]', { turn: { urls: ['turn:a:3478', 'stun:b:3478'] } }],
    ['turn.credential', { turn: { urls: ['turn:a'], username: 'u' } }],
    ['media.udpPort', { media: { host: 'h', udpPort: 70000 } }],
    ['media.host', { media: { host: '' } }],
    ['media.host', { media: { host: 'media.example.invalid:3478' } }],
    ['media.host', { media: { host: '[::1]:443' } }],
    ['media.host', { media: { host: ' media.example.invalid:3478 ' } }],
    ['media.host', { media: { tcpPort: 443 } }],
    ['credentials.token', { credentials: { apiKey: 'k', sessionId: 's', token: '' } }],
    ['credentials.token', { credentials: { apiKey: 'k', sessionId: 's', token: 'T1==token-from-a-crlf-file\r' } }],
    ['credentials.token', { credentials: { apiKey: 'k', sessionId: 's', token: 'T1==two\nlines' } }],
    ['credentials.token', { credentials: { apiKey: 'k', sessionId: 's', token: 'T1==with-a-DEL\x7f' } }],
    ['timeoutMs', { timeoutMs: 0 }],
    ['timeoutMs', { timeoutMs: Number.NaN }],
    ['checks[1]', { checks: ['api', 'video'] }],
    ['checks', { checks: [] }],
    ['onProgress', { onProgress: 'yes' }],
    ['onProgress', { onProgress: Object.create(null) }],
    ['signal', { signal: {} }],
    ['signal', { signal: Object.assign(() => {}, { addEventListener: () => {} }) }],
    ['turn.username', { turn: { urls: ['turn:a'], username: 5, credential: 'c' } }],
    ['media.tcpPort', { media: { host: 'h', tcpPort: 0 } }],
    ['credentials.apiKey', { credentials: null }],
    ['credentials.sessionId', { credentials: { apiKey: 'k', sessionId: ' ', token: 't' } }],
    ['timeoutMs', { timeoutMs: '100' }],
    ['timeoutMs', { timeoutMs: Number.POSITIVE_INFINITY }],
    ['timeoutMs', { timeoutMs: 600_001 }],
    ['apiUrl', { apiUrl: 42 }],
    ['apiUrl', { apiUrl: 'https://user-only@api.test.invalid' }],
    ['turn.urls', { turn: { urls: 'turn:a' } }],
    ['turn.urls[0]', { turn: { urls: [5] } }],
    ['media', { media: null }],
    ['media', { media: 'media.test.invalid' }],
    ['checks', { checks: 'api' }],
    ['loggingUrl', { loggingUrl: {} }],
    ['media.udpPort', { media: { host: 'h', udpPort: 65536 } }],
    ['media.tcpPort', { media: { host: 'h', tcpPort: 1.5 } }],
    ['credentials.sessionId', { credentials: { apiKey: 'k', token: 't' } }],
    ['credentials.token', { credentials: { apiKey: 'k', sessionId: 's' } }],
  ])('refuses a bad %s with an invalid-option error naming it', async (option, bad) => {
    const err = await runPreflightWith({ list: LOOPBACK, ...(bad as object) } as PreflightOptions, fake()).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(PreflightOptionError);
    expect(err).toMatchObject({ code: 'invalid-option', option });
    expect((err as Error).message.startsWith(`${option}: `)).toBe(true);
  });

  it.each<[Partial<PreflightOptions>, Array<string | number>]>([
    [{ turn: { urls: ['turn:a:3478', 'stun:b:3478'] } }, ['turn', 'urls', 1]],
    [{ credentials: { apiKey: 'k', sessionId: 's', token: '' } }, ['credentials', 'token']],
    [{ checks: ['api', 'video' as never] }, ['checks', 1]],
    [{ media: { host: 'media.test.invalid:3478' } }, ['media', 'host']],
    [{ timeoutMs: 0 }, ['timeoutMs']],
  ])('names the option at fault as a path of keys (%j)', async (bad, path) => {
    const err = await runPreflightWith({ list: LOOPBACK, ...bad } as PreflightOptions, fake()).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'invalid-option', path });
    expect((err as PreflightOptionError).reason).not.toBe('');
  });

  it('gives the reason and the hint apart, in words that name options and never a command-line flag', async () => {
    const err = (await runPreflightWith({ list: LOOPBACK, media: { host: 'media.test.invalid:3478' } }, fake()).catch(
      (e: unknown) => e,
    )) as PreflightOptionError;
    expect(err.reason).toBe('"media.test.invalid:3478" carries a port');
    expect(err.hint).toBe('give the host alone, and the ports as media.tcpPort and media.udpPort');
    expect(err.message).not.toMatch(/--[a-z]/);
  });

  it.each(['turn:alice:hunter22@127.0.0.1:3478', 'turns:alice:hunter22@127.0.0.1', 'turn://alice:hunter22@127.0.0.1'])(
    'does not echo the password of a TURN URL with user info (%s) in its option error',
    async (url) => {
      const err = await runPreflightWith({ list: LOOPBACK, turn: { urls: [url] } }, fake()).catch((e: Error) => e);
      expect(err).toMatchObject({ code: 'invalid-option', option: 'turn.urls[0]' });
      expect((err as Error).message).not.toContain('hunter22');
    },
  );

  it.each([
    ['apiUrl', 'https://exa mple.com/?token=hunter2222'],
    ['messagingUrl', 'wss://ws host/x?b=1&auth=hunter2222'],
    ['loggingUrl', 'https://[bad/?sig=hunter2222#top'],
  ])('does not echo a secret query value of a %s that does not parse', async (option, url) => {
    const err = await runPreflightWith({ list: LOOPBACK, [option]: url }, fake()).catch((e: Error) => e);
    expect(err).toMatchObject({ code: 'invalid-option', option });
    expect((err as Error).message).not.toContain('hunter2222');
    expect((err as Error).message).toContain('=***');
  });

  it.each([
    ['turn.username', { username: 73914205, credential: 'c' }],
    ['turn.credential', { username: 'u', credential: 73914205 }],
  ])('does not echo a %s that is not a string (a numeric secret) in its option error', async (option, creds) => {
    const err = await runPreflightWith(
      { list: LOOPBACK, turn: { urls: ['turn:a'], ...creds } } as unknown as PreflightOptions,
      fake(),
    ).catch((e: Error) => e);
    expect(err).toMatchObject({ code: 'invalid-option', option });
    expect((err as Error).message).not.toContain('73914205');
  });

  it.each([null, 'list text', 5])(
    'refuses options that are not an object (%j) with an invalid-option error naming options',
    async (options) => {
      const err = await runPreflightWith(options as unknown as PreflightOptions, fake()).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PreflightOptionError);
      expect(err).toMatchObject({ code: 'invalid-option', option: 'options' });
    },
  );

  it.each([
    ['media.tcpPort', { media: { host: 'h', tcpPort: 0 } }, 'media.tcpPort: expected a port 1-65535, got 0'],
    ['media.udpPort', { media: { host: 'h', udpPort: 65536 } }, 'media.udpPort: expected a port 1-65535, got 65536'],
    ['timeoutMs', { timeoutMs: 600_001 }, 'timeoutMs: expected milliseconds in (0, 600000], got 600001'],
    [
      'turn.urls[0]',
      { turn: { urls: ['stun:x'] } },
      'turn.urls[0]: not a TURN URL (turn:host:3478?transport=udp, turns:host:443?transport=tcp): "stun:x"',
    ],
  ])('says the range a refused %s must be in, and the value given', async (_option, bad, message) => {
    const err = await runPreflightWith({ list: LOOPBACK, ...bad } as PreflightOptions, fake()).catch((e: Error) => e);
    expect((err as Error).message).toBe(message);
  });

  it.each<[string, Partial<PreflightOptions>]>([
    ['ports 1 and 65535', { media: { host: 'media.test.invalid', tcpPort: 1, udpPort: 65535 }, checks: ['media'] }],
    ['timeoutMs 600000 (10 minutes)', { timeoutMs: 600_000, checks: ['api'] }],
    ['timeoutMs 0.5 (any positive number)', { timeoutMs: 0.5, checks: ['api'] }],
  ])('accepts the edge values %s', async (_name, opts) => {
    const report = await runPreflightWith({ list: LOOPBACK, ...opts } as PreflightOptions, fake());
    expect(report.checks.length).toBeGreaterThan(0);
  });

  it('does not echo a password embedded in a bad URL', async () => {
    const err = await runPreflightWith({ list: LOOPBACK, apiUrl: 'https://user:hunter22@x' }, fake()).catch(
      (e: Error) => e,
    );
    expect((err as Error).message).not.toContain('hunter22');
  });
});
