// Preflight this machine's network against your allowed IP list, from a Node script.
//
//   npm install vonage-video-allowlist
//   node preflight.mjs allowed.txt            # a table; add --json for the report as JSON
//
// allowed.txt is the list your firewall holds (copied from your Vonage account page).
// Credentials mode, which also probes the signaling, TURN and media servers your session uses:
//   VONAGE_API_KEY=... VONAGE_SESSION_ID=... VONAGE_VIDEO_TOKEN=... node preflight.mjs allowed.txt
// Other targets (defaults: Vonage's public servers): VONAGE_API_URL, VONAGE_LOGGING_URL, and in
// credentials mode VONAGE_MEDIA_TCP_PORT (the session names the media host). Behind a TLS-inspecting proxy, trust its CA: NODE_EXTRA_CA_CERTS=proxy-ca.pem.
//
// Exit status: 0 every check passed or was skipped, 1 a check failed, 2 bad input.
import { readFile } from 'node:fs/promises';
import { formatReport, runPreflight } from 'vonage-video-allowlist/node';

const args = process.argv.slice(2);
const listFile = args.find((a) => !a.startsWith('--')) ?? 'allowed.txt';
const { VONAGE_API_KEY: apiKey, VONAGE_SESSION_ID: sessionId, VONAGE_VIDEO_TOKEN: token, ...env } = process.env;
const credentials = apiKey && sessionId && token ? { apiKey, sessionId, token } : undefined;

try {
  const report = await runPreflight({
    list: await readFile(listFile, 'utf8'),
    credentials,
    apiUrl: env.VONAGE_API_URL,
    loggingUrl: env.VONAGE_LOGGING_URL,
    media: credentials && env.VONAGE_MEDIA_TCP_PORT ? { tcpPort: Number(env.VONAGE_MEDIA_TCP_PORT) } : undefined,
    timeoutMs: 5000, // per check; the checks run at once
    onProgress: (e) => e.type === 'end' && console.error(`${e.check.status} ${e.check.category} ${e.check.target}`),
  });
  console.log(args.includes('--json') ? JSON.stringify(report, null, 2) : formatReport(report));
  process.exitCode = report.ok ? 0 : 1;
} catch (err) {
  // Bad input only (an unreadable file, a list that does not parse, a bad URL): network
  // failures are in the report, never thrown. err.code is stable (docs/error-codes.md).
  console.error(`preflight: ${err.message}`);
  process.exitCode = 2;
}
