// An app that imports the package the npm way; rollup + node-resolve bundle it for the browser.
// It runs the preflight against its own targets and list, shows each check, then joins the session
// through initSession, which passes `ipWhitelist: true` to the SDK (or refuses before calling it).
import { initSession, runPreflight, VideoAllowlistError } from 'vonage-video-allowlist';

const $ = (id) => document.getElementById(id);

function showCheck(c) {
  const li = document.createElement('li');
  li.dataset.category = c.category;
  li.dataset.transport = c.transport;
  li.dataset.status = c.status;
  li.dataset.code = c.code;
  const latency = c.latencyMs === null ? '' : ` ${Math.round(c.latencyMs)} ms`;
  const where = c.addresses.map((a) => ` ${a.ip} ${a.allowed ? 'inside' : 'OUTSIDE'} the list`).join(',');
  li.textContent = `${c.status.toUpperCase()} ${c.category} over ${c.transport}${latency}${where}: ${c.hint}`;
  $('checks').append(li);
}

/** Join through the library: the SDK (`OT`, loaded by its own script tag) gets `ipWhitelist: true`. */
function join(config) {
  const out = $('join');
  try {
    initSession(globalThis.OT, config.apiKey, config.sessionId, {}, { onWarning: (w) => (out.title = w.message) });
    out.dataset.state = 'joined';
    out.textContent = 'Session created with ipWhitelist: true.';
  } catch (err) {
    // Every refusal is a typed error with a stable code (the SDK missing, too old, an option against the policy).
    out.dataset.state = 'refused';
    out.dataset.code = err instanceof VideoAllowlistError ? err.code : 'unexpected';
    out.textContent = `Not joined: ${err.message}`;
  }
}

async function main() {
  // Targets, list and session come from the app's own config; here a JSON file served next to the page.
  const config = await (await fetch('./local-env.json', { cache: 'no-store' })).json();
  try {
    await preflight(config);
  } catch (err) {
    // Only bad options reject (a list that does not parse, a malformed URL): network failures are results.
    $('summary').dataset.ok = 'false';
    $('summary').textContent = `Could not run the preflight: ${err.message}`;
  }
  // The preflight advises; joining is the app's call. Here it joins either way.
  join(config);
}

async function preflight(config) {
  const report = await runPreflight({
    apiUrl: config.apiUrl,
    messagingUrl: config.messagingUrl,
    loggingUrl: config.loggingUrl,
    turn: config.turn,
    list: config.listText,
    timeoutMs: config.timeoutMs ?? 5000,
  });
  report.checks.forEach(showCheck);
  const failed = report.checks.filter((c) => c.status === 'fail').length;
  $('summary').dataset.ok = String(report.ok);
  $('summary').textContent = report.ok ? 'Every check passed.' : `${failed} check(s) failed: see what to open below.`;
  window.preflightReport = report;
}

main()
  .catch((err) => {
    $('summary').dataset.ok = 'false';
    $('summary').textContent = `Could not load the config: ${err.message}`;
  })
  .finally(() => {
    document.body.dataset.state = 'done';
  });
