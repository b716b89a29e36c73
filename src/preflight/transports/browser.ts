import type { HttpProbeRequest, HttpProbeResult, ProbeResult, ProbeTimings, Transport } from '../types.js';
import { ProbeError } from '../probe-error.js';
import { abortError, answeredSince, eventProbe, safeUrl } from './browser-shared.js';
import { probeTurn } from './browser-turn.js';

/** Said of every HTTPS probe in the browser (a WebSocket's report says it through its null address). */
const HIDDEN_ADDRESS = 'address not visible in the browser: reachability only';

/**
 * The browser transport: `fetch` for HTTPS, `WebSocket` for signaling, `RTCPeerConnection` with
 * `iceTransportPolicy: 'relay'` for TURN. The browser never shows which address a request reached,
 * so `remoteAddress` is always null for HTTPS and WebSocket: those checks prove reachability only.
 * There is no `media` probe (the check reports `skip`), and nothing asks for camera or microphone.
 */
export function browserTransport(): Transport {
  return { kind: 'browser', http: probeHttp, websocket: probeWebSocket, turn: probeTurn };
}

/**
 * One HTTP request. Without `readBody` it runs in `no-cors` mode: the answer is opaque
 * (`status` 0) but its arrival proves the path, and servers without CORS headers still count as
 * reached. With `readBody` (session info) it needs CORS, as the SDK does.
 */
async function probeHttp(req: HttpProbeRequest, signal: AbortSignal): Promise<HttpProbeResult> {
  const what = `${req.method} ${safeUrl(req.url)}`;
  if (signal.aborted) throw abortError(signal, what);
  const cors = req.readBody === true;
  const start = performance.now();
  let res: Response;
  try {
    res = await fetch(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      mode: cors ? 'cors' : 'no-cors',
      credentials: 'omit',
      cache: 'no-store',
      // no-cors allows only 'follow' (Chromium refuses 'manual' cross-origin).
      redirect: 'follow',
      referrerPolicy: 'no-referrer',
      signal,
    });
  } catch (err) {
    if (signal.aborted) throw abortError(signal, what);
    throw new ProbeError(
      'unreachable',
      `${what}: the browser could not complete the request; it does not say whether DNS, the connection, ` +
        `TLS${cors ? ' or CORS' : ''} failed`,
      { cause: err, phase: 'unknown' },
    );
  }
  const firstByteMs = performance.now() - start;
  let body: string | undefined;
  if (cors) {
    try {
      body = await res.text();
    } catch (err) {
      if (signal.aborted) throw abortError(signal, what);
      throw new ProbeError('reset', `${what}: the answer broke off while reading it`, { cause: err, phase: 'body' });
    }
  }
  const totalMs = performance.now() - start;
  // An opaque (no-cors) answer's entry never has phase detail: wait for the entry only in CORS mode.
  const entry = await resourceEntry(req.url, start, cors ? signal : null);
  return {
    remoteAddress: null,
    status: res.status,
    timings: (entry && entryTimings(entry)) ?? { firstByteMs, totalMs },
    detail: cors ? HIDDEN_ADDRESS : `${HIDDEN_ADDRESS}; the answer is opaque (no-cors), its status unknown`,
    body,
  };
}

/** How long a probe waits for its Resource Timing entry once the answer is in (it lands when the body ends). */
const ENTRY_WAIT_MS = 150;

/** This request's Resource Timing entry (waiting briefly for it when given a signal); undefined when none. */
async function resourceEntry(
  url: string,
  start: number,
  signal: AbortSignal | null,
): Promise<PerformanceResourceTiming | undefined> {
  if (typeof performance.getEntriesByName !== 'function') return undefined;
  let name: string;
  try {
    name = new URL(url, globalThis.location?.href).href;
  } catch {
    return undefined;
  }
  const find = (list: PerformanceEntryList): PerformanceResourceTiming | undefined =>
    (list as PerformanceResourceTiming[]).filter((e) => e.name === name && e.startTime >= start - 1).pop();
  const found = find(performance.getEntriesByName(name, 'resource'));
  if (found || !signal || typeof PerformanceObserver !== 'function') return found;
  // Settled by the entry, the wait running out (undefined), or the abort (undefined).
  return eventProbe<PerformanceResourceTiming | undefined>(signal, name, (settle) => {
    const observer = new PerformanceObserver((list) => {
      const entry = find(list.getEntries());
      if (entry) settle(entry);
    });
    const timer = setTimeout(settle, ENTRY_WAIT_MS);
    observer.observe({ type: 'resource' });
    return () => {
      observer.disconnect();
      clearTimeout(timer);
    };
  }).catch(() => undefined);
}

/**
 * Phase timings (ms from the request's start) from a Resource Timing entry, when it has detail
 * (same origin, or the server sent `Timing-Allow-Origin`); otherwise undefined. A phase the entry
 * does not show is left undefined (the report keeps only numbers).
 */
function entryTimings(entry: PerformanceResourceTiming): ProbeTimings | undefined {
  const at = (mark: number): number | undefined => (mark > 0 ? Math.max(0, mark - entry.startTime) : undefined);
  const tls = entry.secureConnectionStart > 0;
  return entry.responseStart > 0
    ? {
        dnsMs: at(entry.domainLookupEnd),
        connectMs: at(tls ? entry.secureConnectionStart : entry.connectEnd),
        tlsMs: tls ? at(entry.connectEnd) : undefined,
        firstByteMs: at(entry.responseStart),
        totalMs: Math.max(0, (entry.responseEnd || entry.responseStart) - entry.startTime),
      }
    : undefined;
}

/** Open a WebSocket and close it at once: `open` is the pass; a close or error before it is `ws-closed`. */
function probeWebSocket(url: string, signal: AbortSignal): Promise<ProbeResult> {
  const what = `WebSocket ${safeUrl(url)}`;
  return eventProbe<ProbeResult>(signal, what, (settle) => {
    if (typeof WebSocket !== 'function') throw new ProbeError('unsupported', 'this browser has no WebSocket');
    const start = performance.now();
    const ws = new WebSocket(url);
    ws.onopen = () => settle({ remoteAddress: null, timings: answeredSince(start), detail: 'WebSocket opened' });
    // The browser hides why (refused, TLS, HTTP answer instead of an upgrade): code 1006 says nothing more.
    const closed = `${what}: the connection closed before the WebSocket opened`;
    ws.onerror = () => settle(new ProbeError('ws-closed', closed));
    ws.onclose = (ev) => settle(new ProbeError('ws-closed', `${closed} (code ${ev.code})`));
    return () => {
      ws.onopen = ws.onerror = ws.onclose = null;
      // CONNECTING or OPEN: close it (a closing or closed socket needs nothing).
      if (ws.readyState < WebSocket.CLOSING) ws.close(1000);
    };
  });
}
