/**
 * The SDK part of the demo: the real OpenTok.js (npm @vonage/client-sdk-video) in a happy-dom
 * window, a session created through this library, connected to a loopback stand-in for Vonage's
 * hosts, and what the SDK sent, showing `"ipWhitelist":true` on the wire. Then the same through the
 * raw SDK (false) and the SDK's session-cache bypass (refused by the library). Nothing leaves
 * 127.0.0.1: `OT.setProxyUrl` sends every request to the stand-in.
 *
 * `npx tsx scripts/demo-sdk.ts`, or `runSdkDemo(console.log)` from the main demo.
 */
import { pathToFileURL } from 'node:url';
import { allowlistBuild, assertSupportedSdk, initSession, type AllowlistWarning } from '../src/sdk/index.js';
import { VideoAllowlistError } from '../src/errors.js';
import { connectAndCollect, openSdkWindow, startStandIn, type ConnectEvent } from '../test/support/opentok.js';

/** What the demo saw, for callers that check it. */
export interface SdkDemoResult {
  /** `ipWhitelist` in the Connect event of the session created through the library (expected `true`). */
  viaLibrary: unknown;
  /** `ipWhitelist` in the Connect event of a raw `OT.initSession` without the option (expected `false`). */
  viaRawSdk: unknown;
  /** The error code the library gave for a session id the raw SDK had cached (expected `'allowlist-session-cached'`). */
  cacheBypass: string | null;
}

const API_KEY = '12345';

/** The Connect event that ended the attempt (Failure against the stand-in, Success against a real server). */
const ending = (events: ConnectEvent[]): ConnectEvent | undefined =>
  events.find((e) => e.variation === 'Failure' || e.variation === 'Success');

export async function runSdkDemo(log: (line: string) => void): Promise<SdkDemoResult> {
  const standIn = await startStandIn();
  const sdk = openSdkWindow(standIn);
  try {
    const { OT } = sdk;
    const host = new URL(standIn.origin).host;
    log(`OpenTok.js ${OT.version} (npm @vonage/client-sdk-video) loaded in a happy-dom window`);
    log(`Loopback stand-in for config, API and logging: ${standIn.origin}`);
    log(
      `  OT.setProxyUrl('${standIn.origin}'); window.OTProperties = { apiURL: '${standIn.origin}/api', loggingURL: '${standIn.origin}/log' }`,
    );
    log(`Version gate: assertSupportedSdk(OT) → ${assertSupportedSdk(OT)} (minimum 2.15.0)`);
    const build = allowlistBuild(OT);
    log(
      `Build check: allow-list config URL ${JSON.stringify(build.allowlistConfigUrl)}, full effect: ${build.fullEffect}`,
    );

    const sessionId = `1_MX4xMjM0NX5-demo-${Date.now()}`;
    const warnings: AllowlistWarning[] = [];
    log('');
    log(`initSession(OT, '${API_KEY}', '${sessionId}')  ← vonage-video-allowlist`);
    const session = initSession(OT, API_KEY, sessionId, undefined, { onWarning: (w) => void warnings.push(w) });
    for (const w of warnings) log(`  warning (${w.code}): ${w.message}`);
    log('session.connect(token): what the SDK sent to the stand-in');
    const firstRequest = standIn.requests.length;
    const events = await connectAndCollect(session, standIn);
    for (const r of standIn.requests.slice(firstRequest)) {
      if (r.method === 'OPTIONS') continue;
      const viaProperties = r.path.startsWith(`/${host}/`);
      const path = viaProperties ? r.path.slice(host.length + 1) : r.path;
      let note = viaProperties ? '' : '  (built-in host, via OT.setProxyUrl)';
      if (r.path.endsWith('/logging/ClientEvent')) {
        try {
          const body = JSON.parse(r.body) as Record<string, unknown>;
          note = `  ${String(body['action'])} ${String(body['variation'])}${'ipWhitelist' in body ? `  ipWhitelist: ${JSON.stringify(body['ipWhitelist'])}` : ''}`;
        } catch {
          note = '  (body is not JSON)';
        }
      }
      log(`  ${r.method.padEnd(4)} ${path}${note}`);
    }
    const ended = ending(events);
    const raw = standIn.requests.find(
      (r) => r.method === 'POST' && r.body.includes(`"sessionId":"${sessionId}"`) && r.body.includes('"ipWhitelist"'),
    );
    const excerpt = raw?.body.match(/"action":"Connect".*?"variation":"\w+"|"ipWhitelist":\w+/g) ?? [];
    log(
      `On the wire (POST …/logging/ClientEvent body): ${excerpt.join(', ') || '(no Connect event with ipWhitelist)'}`,
    );

    log('');
    log('For comparison, the raw SDK without the option: OT.initSession(apiKey, otherId)');
    const rawId = `${sessionId}-raw`;
    const rawEnded = ending(await connectAndCollect(OT.initSession(API_KEY, rawId), standIn));
    log(`  Connect ${String(rawEnded?.variation)}: ipWhitelist: ${JSON.stringify(rawEnded?.ipWhitelist)}`);

    log('');
    log(
      "The SDK's session cache: OT.initSession(id, {ipWhitelist:false}), then OT.initSession(id, {ipWhitelist:true})",
    );
    const cachedId = `${sessionId}-cached`;
    const first = OT.initSession(API_KEY, cachedId, { ipWhitelist: false });
    log(
      `  the raw SDK returns the same Session both times: ${OT.initSession(API_KEY, cachedId, { ipWhitelist: true }) === first}`,
    );
    let cacheBypass: string | null = null;
    try {
      initSession(OT, API_KEY, cachedId, undefined, { onWarning: () => {} });
      log('  vonage-video-allowlist: accepted it (unexpected)');
    } catch (err) {
      if (!(err instanceof VideoAllowlistError)) throw err;
      cacheBypass = err.code;
      log(`  vonage-video-allowlist refuses it: ${err.name} (${err.code}): ${err.message}`);
    }
    return { viaLibrary: ended?.ipWhitelist, viaRawSdk: rawEnded?.ipWhitelist, cacheBypass };
  } finally {
    await sdk.close();
    await standIn.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await runSdkDemo((line) => console.log(line));
  const ok =
    result.viaLibrary === true && result.viaRawSdk === false && result.cacheBypass === 'allowlist-session-cached';
  console.log(
    ok
      ? '\nOK: ipWhitelist: true on the wire through vonage-video-allowlist.'
      : `\nUNEXPECTED: ${JSON.stringify(result)}`,
  );
  process.exitCode = ok ? 0 : 1;
}
