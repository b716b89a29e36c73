/**
 * `npm run demo`: everything on 127.0.0.1, nothing leaves the machine.
 *
 * 1. Starts the local environment (test/support/local-env): an HTTPS API stand-in answering the
 *    session-info request, a WSS signaling endpoint, a logging endpoint, a media server stand-in
 *    and, when installed, the real coturn.
 * 2. Runs `video-allowlist preflight` against it in credentials mode with examples/sample-list.txt:
 *    progress per check, then the report table; with coturn, `--quality` too (call quality through
 *    the TURN relays over UDP, TCP and TLS, and a recommendation).
 * 3. Runs the SDK demo (scripts/demo-sdk.ts): the real OpenTok.js sending `ipWhitelist: true`.
 * 4. Stops everything and checks that no socket, timer or child process is left.
 *
 * Exit 0 when every check passed and the SDK sent `ipWhitelist: true`; 1 otherwise.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { main } from '../src/cli/main.js';
import type { CliIo } from '../src/cli/io.js';
import { startLocalEnv, type LocalEnv } from '../test/support/local-env/index.js';
import { runSdkDemo } from './demo-sdk.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The sample list the demo preflights against (category headings, a loopback block each). */
export const SAMPLE_LIST = join(ROOT, 'examples', 'sample-list.txt');

/** Handles that mean "something was left running". */
const WATCHED = new Set([
  'TCPSocketWrap',
  'TCPServerWrap',
  'TCPWrap',
  'UDPWrap',
  'TLSWrap',
  'Timeout',
  'ProcessWrap',
  'GetAddrInfoReqWrap',
  'TCPConnectWrap',
]);

function handles(): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of process.getActiveResourcesInfo()) if (WATCHED.has(r)) m.set(r, (m.get(r) ?? 0) + 1);
  return m;
}

/** What the demo saw. */
export interface DemoResult {
  /** The preflight command's exit status (0: every check passed). */
  preflightExit: number;
  /** `ipWhitelist` the SDK sent through the library (expected `true`). */
  ipWhitelist: unknown;
  /** Sockets, timers or child processes still alive after everything stopped (expected none). */
  leftovers: string[];
  /** Why the TURN checks were skipped (coturn not installed), or null when they ran. */
  turnSkipped: string | null;
}

/** Runs the demo, writing every line with `log`; the process's streams are not touched otherwise. */
export async function runDemo(log: (line: string) => void): Promise<DemoResult> {
  const before = handles();
  const rule = (title: string): void => log(`\n== ${title}\n`);
  const dir = mkdtempSync(join(tmpdir(), 'video-allowlist-demo-'));
  const removeDir = (): void => rmSync(dir, { recursive: true, force: true });
  process.once('exit', removeDir); // interrupted: the local environment's own exit hook stops coturn
  let env: LocalEnv | null = null;
  let preflightExit = 1;
  let ipWhitelist: unknown;
  let turnSkipped: string | null = null;
  try {
    rule('1. Local stand-ins for Vonage Video, all on 127.0.0.1');
    env = await startLocalEnv();
    log(`API (HTTPS)        ${env.apiUrl}   GET /session/{sessionId}?extended=true`);
    log(`Signaling (WSS)    ${env.messagingUrl}`);
    log(`Logging (HTTPS)    ${env.loggingUrl}/logging/ClientEvent`);
    log(
      `Media stand-in     TCP ${env.media.host}:${env.media.tcpPort} (accepts), UDP ${env.media.host}:${env.media.udpPort} (answers STUN)`,
    );
    if (env.turn) {
      log(
        `TURN (coturn)      UDP and TCP ${env.turn.host}:${env.turn.port}, TLS ${env.turn.host}:${env.turn.tlsPort}, long-term credentials`,
      );
    } else {
      turnSkipped = env.turnSkipReason;
      log(
        `TURN               not started: ${env.turnSkipReason}. The TURN checks are skipped (install coturn to run them).`,
      );
    }
    const caFile = join(dir, 'local-ca.pem');
    writeFileSync(caFile, env.caPem);

    rule('2. Preflight: video-allowlist preflight, credentials mode, with the sample list');
    const c = env.credentials;
    const args = [
      '--list',
      relative(process.cwd(), SAMPLE_LIST) || SAMPLE_LIST,
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
      '5000',
      // With coturn: media through two relays per TURN transport for 2 s, figures and a recommendation.
      ...(env.turn ? ['--quality', '--quality-seconds', '2'] : []),
    ];
    log(`$ video-allowlist preflight ${args.map((a) => (a === c.token ? '***' : a)).join(' ')}`);
    log('  (the session info names the signaling URL, the TURN servers and credentials, and the media host)\n');
    const io: CliIo = {
      stdout: (t) => log(t.replace(/\n$/, '')),
      stderr: (t) => log(t.replace(/\n$/, '')),
      env: process.env,
      isTTY: Boolean(process.stdout.isTTY),
    };
    preflightExit = await main(['preflight', ...args], io);
    log(`\n(exit status ${preflightExit})`);
    await env.stop();
    env = null;

    rule('3. The SDK: a session through vonage-video-allowlist sends ipWhitelist: true');
    const sdk = await runSdkDemo(log);
    ipWhitelist = sdk.viaLibrary;
  } finally {
    await env?.stop();
    process.off('exit', removeDir);
    removeDir();
  }

  rule('4. Stopped');
  // Closed handles leave the active list over the next loop turns.
  const extra = (): string[] =>
    [...handles()].filter(([k, v]) => v > (before.get(k) ?? 0)).map(([k, v]) => `${k} x${v - (before.get(k) ?? 0)}`);
  for (let i = 0; i < 50 && extra().length > 0; i++) await new Promise((r) => setTimeout(r, 20));
  const leftovers = extra();
  log(
    leftovers.length === 0
      ? 'Every server, socket, timer and child process (coturn) is gone.'
      : `Left running: ${leftovers.join(', ')}`,
  );
  return { preflightExit, ipWhitelist, leftovers, turnSkipped };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // Ctrl-C (or a test's SIGTERM): exit through 'exit', so coturn (its own process group, which the
  // terminal's SIGINT does not reach) and the temp files go too.
  process.once('SIGINT', () => process.exit(130));
  process.once('SIGTERM', () => process.exit(143));
  const r = await runDemo((line) => console.log(line));
  const ok = r.preflightExit === 0 && r.ipWhitelist === true && r.leftovers.length === 0;
  console.log(
    ok
      ? `\nOK: every preflight check ${r.turnSkipped ? 'that ran (TURN skipped: coturn is not installed) ' : ''}passed against the sample list, and the SDK sent "ipWhitelist":true.`
      : `\nNOT OK: preflight exit ${r.preflightExit}, ipWhitelist ${JSON.stringify(r.ipWhitelist)}, left running: ${r.leftovers.join(', ') || 'nothing'}`,
  );
  process.exitCode = ok ? 0 : 1;
}
