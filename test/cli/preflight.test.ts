import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLocalEnv, type LocalEnv } from '../support/local-env/index.js';
import { resourceBaseline } from '../preflight/helpers.js';
import { AllowedIpList } from '../../src/allowlist/list.js';
import { main } from '../../src/cli/main.js';
import { commandRunner } from '../support/cli.js';
import { flagOf, inFlagWords } from '../../src/cli/commands/preflight/flags.js';
import { tempFolder } from '../support/temp.js';

const cli = commandRunner('preflight');

const tmp = tempFolder('cli-preflight-');
let env: LocalEnv;
let listFile: string;
let caFile: string;
let closedPort: number;

beforeAll(async () => {
  env = await startLocalEnv();
  listFile = tmp.file('list.txt', env.listText);
  caFile = tmp.file('ca.pem', env.caPem);
  tmp.file('api-only.txt', '[api]\n127.0.0.1/32 local api\n');
  tmp.file('bad-list.txt', 'API server\n127.1/32 - not an address\n');
  tmp.file('four-bad.txt', '[api]\n127.1/32\n  10.0.0.1/8\n1.2.3.4/33\n300.0.0.1\n');
  const s = createServer();
  closedPort = await new Promise<number>((r) =>
    s.listen(0, '127.0.0.1', () => r((s.address() as { port: number }).port)),
  );
  await new Promise<void>((r) => s.close(() => r()));
});
afterAll(async () => {
  await env?.stop();
});

let leaks: ReturnType<typeof resourceBaseline>;
beforeEach(() => {
  leaks = resourceBaseline();
});
afterEach(async () => {
  await leaks.expectNone();
});

/** Every category on the local environment, explicit targets (no credentials). */
function explicit(): string[] {
  const args = [
    '--list',
    listFile,
    '--ca',
    caFile,
    '--api-url',
    env.apiUrl,
    '--messaging-url',
    env.messagingUrl,
    '--logging-url',
    env.loggingUrl,
    '--media-host',
    env.media.host,
    '--media-tcp-port',
    String(env.media.tcpPort),
    '--media-udp-port',
    String(env.media.udpPort),
    '--timeout',
    '3000',
  ];
  if (env.turn) {
    for (const u of [env.turn.urls.udp, env.turn.urls.tcp, env.turn.urls.tls]) args.push('--turn-url', u);
    args.push('--turn-username', env.turn.username, '--turn-credential', env.turn.credential);
  }
  return args;
}

function credentialsArgs(): string[] {
  const c = env.credentials;
  return [
    '--list',
    listFile,
    '--ca',
    caFile,
    '--api-url',
    env.apiUrl,
    '--logging-url',
    env.loggingUrl,
    '--media-tcp-port',
    String(env.media.tcpPort),
    '--media-udp-port',
    String(env.media.udpPort),
    '--api-key',
    c.apiKey,
    '--session-id',
    c.sessionId,
    '--token',
    c.token,
    '--timeout',
    '3000',
  ];
}

describe('video-allowlist preflight against the local environment', () => {
  it('exits 0 when every check passes: progress per check on stderr, the table on stdout', async () => {
    const r = await cli(explicit());
    expect(r.stderr).not.toMatch(/FAIL/);
    expect(r.code).toBe(0);
    const rows = r.stdout.split('\n').filter((l) => /^(PASS|FAIL|SKIP) /.test(l));
    expect(rows.map((l) => l.split(/\s+/).slice(0, 3).join(' '))).toEqual([
      'PASS api HTTPS',
      'PASS messaging WSS',
      ...(env.turn ? ['PASS turn UDP', 'PASS turn TCP', 'PASS turn TLS'] : []),
      'PASS media TCP',
      'PASS media UDP',
      'PASS logging HTTPS',
    ]);
    expect(r.stdout).toMatch(/^OK: \d+ pass, 0 fail, 0 skip in \d+ ms$/m);
    // One start line and one end line per check.
    expect(r.stderr.match(/^ {2}\.\.\. /gm)).toHaveLength(rows.length);
    expect(r.stderr.match(/^ {2}PASS /gm)).toHaveLength(rows.length);
    expect(r.stdout).not.toContain('\x1b[');
  });

  it('exits 1 when a check fails, and says why in the table', async () => {
    const r = await cli([
      '--list',
      listFile,
      '--ca',
      caFile,
      '--api-url',
      env.apiUrl,
      '--logging-url',
      env.loggingUrl,
      '--media-host',
      '127.0.0.1',
      '--media-tcp-port',
      String(closedPort),
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL {2}media +TCP /m);
    expect(r.stdout).toMatch(/^FAIL media 127\.0\.0\.1:\d+ \[refused\]$/m);
    expect(r.stdout).toMatch(/^NOT OK: /m);
  });

  it('exits 1 when an address reached is outside the list', async () => {
    const r = await cli([
      '--list',
      join(tmp.path, 'api-only.txt'),
      '--ca',
      caFile,
      '--api-url',
      env.apiUrl,
      '--logging-url',
      env.loggingUrl,
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL logging \S+ \[outside-allowlist\]$/m);
  });

  it('--json prints only the report: {verdict, ok, startedAt, durationMs, checks[...]} on stdout, nothing on stderr', async () => {
    const r = await cli([...explicit(), '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(report).sort()).toEqual(['checks', 'durationMs', 'ok', 'startedAt', 'verdict']);
    expect(report.ok).toBe(true);
    expect(report.verdict).toBe('pass');
    expect(new Date(report.startedAt as string).toISOString()).toBe(report.startedAt);
    const checks = report.checks as Array<Record<string, unknown>>;
    expect(checks.length).toBeGreaterThanOrEqual(5);
    for (const c of checks) {
      expect(c).toMatchObject({
        status: 'pass',
        code: 'ok',
        addresses: [{ ip: '127.0.0.1', allowed: true, block: '127.0.0.1/32' }],
      });
      for (const k of ['category', 'target', 'transport', 'status', 'code', 'latencyMs', 'addresses', 'hint'])
        expect(c).toHaveProperty(k);
    }
  });

  it('--json exits 1 with ok false when a check fails', async () => {
    const r = await cli([
      '--list',
      listFile,
      '--api-url',
      `https://127.0.0.1:${closedPort}`,
      '--logging-url',
      env.loggingUrl,
      '--ca',
      caFile,
      '--json',
    ]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { ok: boolean; checks: Array<{ category: string; code: string }> };
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => c.category === 'api')?.code).toBe('refused');
  });

  it.each([
    ['table', [] as string[]],
    ['json', ['--json']],
  ])(
    'credentials mode (%s): reads the session info, passes, and never prints the token or TURN credential',
    async (_n, extra) => {
      const r = await cli([...credentialsArgs(), ...extra]);
      expect(r.code).toBe(0);
      const all = r.stdout + r.stderr;
      expect(all).toContain('/session/{sessionId}?extended=true');
      expect(all).not.toContain(env.credentials.token);
      if (env.turn) {
        expect(all).toMatch(/turns?:127\.0\.0\.1/);
        expect(all).not.toContain(env.turn.credential);
      }
      const tokenSent = env.received.some((q) => q.headers['x-opentok-auth'] === env.credentials.token);
      expect(tokenSent).toBe(true);
    },
  );

  it('takes the token from VONAGE_VIDEO_TOKEN, and a wrong token fails the api check (http-status) without printing it', async () => {
    const args = credentialsArgs();
    const i = args.indexOf('--token');
    args.splice(i, 2);
    const wrong = 'T1==wrong-token-value-0123456789';
    const r = await cli(args, { env: { VONAGE_VIDEO_TOKEN: wrong } });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL api \S+ \[http-status\]$/m);
    expect(r.stdout + r.stderr).not.toContain(wrong);
  });

  it('colours a TTY, and NO_COLOR turns colours off', async () => {
    const args = ['--list', listFile, '--ca', caFile, '--api-url', env.apiUrl, '--logging-url', env.loggingUrl];
    const tty = await cli(args, { isTTY: true });
    expect(tty.stdout + tty.stderr).toContain('\x1b[32m');
    const plain = await cli([...args, '--allow-skip'], { env: { NO_COLOR: '1' }, isTTY: true });
    expect(plain.code).toBe(0);
    expect(plain.stdout + plain.stderr).not.toContain('\x1b[');
  });
});

describe('video-allowlist preflight: prints its usage, and exits 2 naming the flag on bad usage', () => {
  it('--help prints the usage on stdout and exits 0', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: video-allowlist preflight --list FILE/);
    expect(r.stdout).toMatch(/NO_COLOR/);
    expect(r.stdout).toMatch(
      /^Exit status: 0 pass \(every check passed\), 1 a check failed, 3 incomplete \(nothing failed, but a check\s+was skipped; --allow-skip makes that 0\), 2 bad usage, 130 interrupted \(Ctrl-C: the checks still\s+running end as aborted, the table is printed\)\.$/m,
    );
  });

  const SECRET = 'T1==super-secret-token-value';
  it.each([
    ['an unknown flag', () => ['--list', listFile, '--bogus'], /unknown option --bogus/],
    ['a flag without its value', () => ['--list', listFile, '--api-url'], /--api-url.*argument missing/],
    ['no --list', () => ['--api-url', env.apiUrl], /--list FILE is required/],
    [
      'an unreadable list file',
      () => ['--list', join(tmp.path, 'nope.txt')],
      /--list \S+nope\.txt: cannot read the file \(no such file\)/,
    ],
    [
      'a list path that is a directory',
      () => ['--list', tmp.path],
      /--list \S+: cannot read the file \(is a directory\)/,
    ],
    [
      'a list file that does not parse',
      () => ['--list', join(tmp.path, 'bad-list.txt')],
      /--list \S+bad-list\.txt: the list has 1 problem:\n\S+bad-list\.txt:2:1: "127\.1\/32": has 2 parts/,
    ],
    [
      'a CA file without a PEM certificate',
      () => [
        '--list',
        listFile,
        '--api-url',
        env.apiUrl,
        '--logging-url',
        env.loggingUrl,
        '--ca',
        tmp.file('not-a-ca.pem', 'just some text\n'),
      ],
      /--ca \S+not-a-ca\.pem: no PEM certificate/,
    ],
    [
      'a CA file in DER form',
      () => [
        '--list',
        listFile,
        '--api-url',
        env.apiUrl,
        '--logging-url',
        env.loggingUrl,
        '--ca',
        tmp.file('ca.der', Buffer.from([0x30, 0x82, 0x01, 0x0a, 0x02, 0x82]).toString('latin1')),
      ],
      /--ca \S+ca\.der: no PEM certificate.*openssl x509 -inform der/,
    ],
    [
      'a CA file with a broken certificate',
      () => [
        '--list',
        listFile,
        '--api-url',
        env.apiUrl,
        '--logging-url',
        env.loggingUrl,
        '--ca',
        tmp.file('broken.pem', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'),
      ],
      /--ca \S+broken\.pem: certificate 1 does not parse/,
    ],
    [
      'an unreadable CA file',
      () => ['--list', listFile, '--ca', join(tmp.path, 'missing-ca.pem')],
      /--ca \S+missing-ca\.pem: cannot read the file/,
    ],
    ['a bad API URL', () => ['--list', listFile, '--api-url', 'not a url'], /--api-url: not a URL/],
    [
      'a messaging URL that is not ws(s)',
      () => ['--list', listFile, '--messaging-url', 'https://127.0.0.1/'],
      /--messaging-url: expected wss:\/\/ or ws:\/\//,
    ],
    ['a bad TURN URL', () => ['--list', listFile, '--turn-url', 'stun:127.0.0.1:3478'], /--turn-url: not a TURN URL/],
    [
      'a TURN URL with a user and password in it',
      () => ['--list', listFile, '--turn-url', `turn:alice:${SECRET}@127.0.0.1:3478`],
      /--turn-url: not a TURN URL/,
    ],
    [
      '--api-key without --session-id and --token',
      () => ['--list', listFile, '--api-key', '47000001'],
      /missing --session-id and --token/,
    ],
    [
      '--token without --api-key',
      () => ['--list', listFile, '--session-id', 's', '--token', SECRET],
      /missing --api-key/,
    ],
    [
      '--turn-username without --turn-credential',
      () => ['--list', listFile, '--turn-url', 'turn:127.0.0.1:3478', '--turn-username', 'alice'],
      /^video-allowlist preflight: --turn-credential: /m,
    ],
    [
      '--turn-credential without --turn-username',
      () => ['--list', listFile, '--turn-url', 'turn:127.0.0.1:3478', '--turn-credential', SECRET],
      /^video-allowlist preflight: --turn-username: /m,
    ],
    [
      'a token with a line break (VONAGE_VIDEO_TOKEN from a CRLF file)',
      () => [
        '--list',
        listFile,
        '--api-url',
        env.apiUrl,
        '--logging-url',
        env.loggingUrl,
        '--api-key',
        '47000001',
        '--session-id',
        's',
        '--token',
        `${SECRET}\r`,
      ],
      /^video-allowlist preflight: --token: .*control character/m,
    ],
    [
      'a blank --session-id',
      () => ['--list', listFile, '--api-key', '47000001', '--session-id', ' ', '--token', SECRET],
      /^video-allowlist preflight: --session-id: /m,
    ],
    ['a bad timeout', () => ['--list', listFile, '--timeout', '5s'], /--timeout: expected milliseconds/],
    [
      'a bad port',
      () => ['--list', listFile, '--media-host', '127.0.0.1', '--media-tcp-port', '70000'],
      /--media-tcp-port: expected a port/,
    ],
    [
      'port 0 (which would fall back to the default port)',
      () => ['--list', listFile, '--media-host', '127.0.0.1', '--media-tcp-port', '0'],
      /--media-tcp-port: expected a port 1-65535, got "0"/,
    ],
    [
      'a timeout of 0',
      () => ['--list', listFile, '--timeout', '0'],
      /--timeout: expected milliseconds 1-600000, got "0"/,
    ],
    ['a port without --media-host', () => ['--list', listFile, '--media-udp-port', '3478'], /need --media-host/],
    ['a stray argument', () => ['--list', listFile, '--token', SECRET, SECRET], /Unexpected argument '\*\*\*'/],
    [
      'two lists (one would be dropped)',
      () => ['--list', listFile, '--list', join(tmp.path, 'api-only.txt')],
      /--list given twice \(.*\); give it once/,
    ],
    [
      'two API URLs',
      () => ['--list', listFile, '--api-url', env.apiUrl, '--api-url', 'https://127.0.0.2/'],
      /--api-url given twice/,
    ],
    [
      'two tokens (both secrets kept out of the message)',
      () => [
        '--list',
        listFile,
        '--api-key',
        '47000001',
        '--session-id',
        's',
        '--token',
        SECRET,
        '--token',
        `${SECRET}-2`,
      ],
      /--token given twice \("\*\*\*" and "\*\*\*-2"|--token given twice \("\*\*\*" and "\*\*\*"\)/,
    ],
  ])('exits 2 on %s, naming it on stderr', async (_n, args, message) => {
    // Loopback targets for the API and logging unless the row gives its own: should a row's bad
    // input ever be accepted, its run still never leaves the machine.
    const own = args();
    const defaults = [
      ['--api-url', env.apiUrl],
      ['--logging-url', env.loggingUrl],
    ]
      .filter(([flag]) => !own.includes(flag!))
      .flat();
    const r = await cli([...defaults, ...own]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/--help/);
    expect(r.stderr).not.toContain(SECRET);
  });
});

describe('video-allowlist preflight: refuses an empty flag value instead of using the default', () => {
  // An already-aborted signal: if a flag were dropped, the run would stop before any probe (no
  // query to a default Vonage host leaves the machine) and exit 1, not 2.
  it.each(['--api-url', '--messaging-url', '--logging-url', '--media-host', '--ca'])(
    'exits 2 on an empty %s instead of dropping it',
    async (flag) => {
      let stdout = '';
      let stderr = '';
      const io = {
        stdout: (t: string) => void (stdout += t),
        stderr: (t: string) => void (stderr += t),
        env: {},
        isTTY: false,
      };
      const code = await main(['preflight', '--list', listFile, `${flag}=`], io, AbortSignal.abort());
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(new RegExp(`^video-allowlist preflight: ${flag}\\b`, 'm'));
    },
  );
});

describe('video-allowlist preflight: names every problem of a list that does not parse', () => {
  it('names every problem as FILE:LINE:COLUMN, as check does, and exits 2', async () => {
    const file = join(tmp.path, 'four-bad.txt');
    const r = await cli(['--list', file]);
    expect(r.code).toBe(2);
    const at = r.stderr
      .split('\n')
      .filter((l) => l.startsWith(`${file}:`))
      .map((l) => l.slice(file.length + 1).split(': ')[0]);
    expect(at).toEqual(['2:1', '3:3', '4:1', '5:1']);
  });
});

describe('video-allowlist preflight: keeps the report intact when a short secret is a report word', () => {
  it.each(['turn', 'media'])(
    'keeps the --json report intact when the TURN user name is %j (category, target and transport unchanged)',
    async (username) => {
      const port = closedPort; // refused over UDP (ICMP): a verdict without any server
      const r = await cli([
        '--list',
        listFile,
        '--api-url',
        env.apiUrl,
        '--logging-url',
        env.loggingUrl,
        '--ca',
        caFile,
        '--json',
        '--turn-url',
        `turn:127.0.0.1:${port}?transport=udp`,
        '--turn-username',
        username,
        '--turn-credential',
        'local-secret-credential',
        '--media-host',
        '127.0.0.1',
        '--media-tcp-port',
        String(port),
      ]);
      const report = JSON.parse(r.stdout) as { checks: Array<{ category: string; target: string; transport: string }> };
      expect(report.checks.map((c) => c.category)).toEqual(['api', 'messaging', 'turn', 'media', 'media', 'logging']);
      expect(report.checks.find((c) => c.category === 'turn')!.target).toBe(`turn:127.0.0.1:${port}?transport=udp`);
      expect(r.stdout).not.toContain('local-secret-credential');
    },
  );
});

describe('video-allowlist preflight: reads the list in its JSON form', () => {
  it('reads a --list file that starts with "{" as the JSON form, as check, diff and export do', async () => {
    const json = tmp.file('list.json', `${JSON.stringify(AllowedIpList.fromText(env.listText).toJSON(), null, 2)}\n`);
    const r = await cli([
      '--list',
      json,
      '--ca',
      caFile,
      '--api-url',
      env.apiUrl,
      '--logging-url',
      env.loggingUrl,
      '--json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(3); // incomplete: messaging, TURN and media not configured
    const report = JSON.parse(r.stdout) as {
      checks: Array<{ category: string; status: string; addresses: unknown[] }>;
    };
    expect(report.checks.filter((c) => c.status === 'pass').map((c) => c.category)).toEqual(['api', 'logging']);
  });
});

describe('video-allowlist preflight: library option paths in the flags the user typed', () => {
  it.each<[Array<string | number>, string]>([
    [['credentials', 'token'], '--token'],
    [['turn', 'urls', 1], '--turn-url'],
    [['media', 'udpPort'], '--media-udp-port'],
    [['timeoutMs'], '--timeout'],
    [['ca', 0], '--ca'],
  ])('maps the option path %j to %s', (path, flag) => {
    expect(flagOf(path)).toBe(flag);
  });

  it("says a hint's option names as flags (media.udpPort, the ca option)", () => {
    expect(inFlagWords('give one that answers STUN (media.udpPort) to probe it.')).toBe(
      'give one that answers STUN (--media-udp-port) to probe it.',
    );
    expect(inFlagWords("or trust the proxy's CA (the ca option).")).toBe("or trust the proxy's CA (--ca FILE).");
  });

  it('names the flags in a refused media host, where the library names the options', async () => {
    const r = await cli(['--list', listFile, '--media-host', '127.0.0.1:3478']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^video-allowlist preflight: --media-host: "127\.0\.0\.1:3478" carries a port; give the host alone, and the ports as --media-tcp-port and --media-udp-port$/m,
    );
  });
});
