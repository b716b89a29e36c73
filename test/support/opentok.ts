/**
 * The real OpenTok.js (npm `@vonage/client-sdk-video`) in a happy-dom window, and a loopback HTTP
 * stand-in for the hosts it contacts on `connect()` (config, API, logging). Shared by the tests in
 * `test/sdk`, `test/build` and by `scripts/demo-sdk.ts`.
 *
 * Each {@link openSdkWindow} call makes a fresh window and evaluates the SDK's own script in it, as a
 * `<script>` tag would: a fresh `OT`, a fresh session cache, and `setProxyUrl` still unused. With a
 * stand-in it calls `OT.setProxyUrl(standIn.origin)` before anything else, so every non-media request
 * (even the config request that `window.OTProperties` cannot redirect) arrives on 127.0.0.1 as
 * `/{original host}{original path}`: nothing leaves the machine.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { Window } from 'happy-dom';

/** Absolute path of the SDK's UMD script (the file a `<script>` tag would load). */
export const OPENTOK_JS_PATH = createRequire(import.meta.url).resolve('@vonage/client-sdk-video/dist/js/opentok.js');

let sdkSource: string | undefined;
/** The SDK's script text, read once per process. */
export function opentokSource(): string {
  sdkSource ??= readFileSync(OPENTOK_JS_PATH, 'utf8');
  return sdkSource;
}

/** One request the stand-in received. */
export interface RecordedRequest {
  method: string;
  /** Path and query as received, e.g. `/hlg.tokbox.com/prod/logging/ClientEvent`. */
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A Connect analytics event as the SDK posted it (`POST …/logging/ClientEvent`). */
export interface ConnectEvent {
  action: 'Connect';
  variation: string;
  ipWhitelist: unknown;
  sessionId: string;
  [key: string]: unknown;
}

export interface StandIn {
  /** `http://127.0.0.1:PORT` (no trailing slash). */
  origin: string;
  /** Every request, in arrival order (CORS preflights included). */
  requests: RecordedRequest[];
  /** The parsed bodies of every `POST …/logging/ClientEvent`. */
  clientEvents(): Record<string, unknown>[];
  /** The Connect events (Attempt, Failure, …) posted for `sessionId`, oldest first. */
  connectEvents(sessionId: string): ConnectEvent[];
  /** Resolves once `predicate` holds; rejects with `what` in the message after `timeoutMs`. */
  waitFor(predicate: () => boolean, what: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** What the stand-in answers to the session-info request: one error node, so connect fails fast. */
export const SESSION_INFO_ANSWER = [{ error: { code: 404, errorMessage: { message: 'stand-in: no such session' } } }];

/**
 * Starts the loopback stand-in on 127.0.0.1 and a free port. It answers CORS preflights, the config
 * request with `{}`, the session-info request with {@link SESSION_INFO_ANSWER}, and everything else
 * (logging) with `204`, recording each request.
 */
export async function startStandIn(): Promise<StandIn> {
  const requests: RecordedRequest[] = [];
  const waiters = new Set<() => void>();

  const answer = (req: IncomingMessage, res: ServerResponse, body: string): void => {
    requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
    for (const wake of waiters) wake();
    const cors: Record<string, string> = {
      'access-control-allow-origin': req.headers.origin ?? '*',
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '*',
      'access-control-max-age': '600',
      'cache-control': 'no-store',
    };
    const path = req.url ?? '';
    if (req.method === 'OPTIONS') res.writeHead(204, cors).end();
    else if (req.method === 'GET' && /\/project\/[^/]+\/config\.json$/.test(path)) json(res, cors, {});
    else if (req.method === 'GET' && /\/session\/[^/?]+\?/.test(path)) json(res, cors, SESSION_INFO_ANSWER);
    else res.writeHead(204, cors).end();
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => answer(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  const clientEvents = (): Record<string, unknown>[] =>
    requests
      .filter((r) => r.method === 'POST' && r.path.endsWith('/logging/ClientEvent'))
      .flatMap((r) => {
        try {
          return [JSON.parse(r.body) as Record<string, unknown>];
        } catch {
          return [];
        }
      });

  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    clientEvents,
    connectEvents: (sessionId) =>
      clientEvents().filter((e): e is ConnectEvent => e['action'] === 'Connect' && e['sessionId'] === sessionId),
    waitFor(predicate, what, timeoutMs = 20_000) {
      if (predicate()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (!predicate()) return;
          done();
          resolve();
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`stand-in: timed out after ${timeoutMs} ms waiting for ${what}`));
        }, timeoutMs);
        const done = (): void => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
      });
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function json(res: ServerResponse, cors: Record<string, string>, value: unknown): void {
  res.writeHead(200, { ...cors, 'content-type': 'application/json' }).end(JSON.stringify(value));
}

/** The parts of the SDK's `OT` the tests touch (it has no typing for `version` or `sessions`). */
export interface LoadedOT {
  version: string;
  initSession(apiKey: string | null, sessionId: string, options?: object): SdkSession;
  setProxyUrl(url: string): void;
  sessions: { get(id: string): SdkSession | undefined };
  [key: string]: unknown;
}

/** The parts of an SDK Session the tests touch. */
export interface SdkSession {
  id: string;
  connect(token: string, callback: (error?: { message: string }) => void): void;
  disconnect(): void;
}

export interface SdkWindow {
  /** The happy-dom window the SDK runs in (its global scope). */
  window: Window & Record<string, unknown>;
  /** `window.OT`, as the SDK's script left it. */
  OT: LoadedOT;
  /** Evaluates another script in the same global scope, like a later `<script>` tag. */
  evaluate(source: string): void;
  close(): Promise<void>;
}

/** A fresh happy-dom window that runs scripts, with no SDK loaded (yet). */
export function openBlankWindow(): Omit<SdkWindow, 'OT'> {
  const window = new Window({
    url: 'http://localhost/',
    settings: { enableJavaScriptEvaluation: true, suppressInsecureJavaScriptEnvironmentWarning: true },
  }) as unknown as Window & Record<string, unknown>;
  const evaluate = (source: string): void => {
    (window as unknown as { eval(code: string): unknown }).eval(source);
  };
  return { window, evaluate, close: () => window.happyDOM.close() };
}

/**
 * The `window.OTProperties` that point the SDK's API and logging hosts at the stand-in (read by the
 * SDK at `connect()`): `apiURL` `{origin}/api`, `loggingURL` `{origin}/log`, assets and CDN under
 * `{origin}/assets` and `{origin}/cdn`. Behind `OT.setProxyUrl(origin)` these requests arrive as
 * `/127.0.0.1:PORT/api/...` and `/127.0.0.1:PORT/log/...`, which shows the SDK took them from
 * `OTProperties` (the built-in hosts would arrive as `/anvil.opentok.com/...`).
 */
export function standInProperties(standIn: Pick<StandIn, 'origin'>): Record<string, string> {
  const o = standIn.origin;
  return { apiURL: `${o}/api`, loggingURL: `${o}/log`, assetURL: `${o}/assets`, cdnURL: `${o}/cdn` };
}

/**
 * A fresh happy-dom window with the SDK's script evaluated in its global scope (`window.OT`).
 * With `standIn`, `OT.setProxyUrl(standIn.origin)` runs before anything else, then
 * `window.OTProperties` is set to {@link standInProperties}.
 * Never sets `window.process` (the SDK would think it runs in Node and send no XHR).
 */
export function openSdkWindow(standIn?: Pick<StandIn, 'origin'>): SdkWindow {
  const { window, evaluate } = openBlankWindow();
  evaluate(opentokSource());
  const OT = window['OT'] as LoadedOT | undefined;
  if (!OT) throw new Error('openSdkWindow: the SDK script ran but left no window.OT');
  if (standIn) {
    OT.setProxyUrl(standIn.origin);
    window['OTProperties'] = standInProperties(standIn);
  }
  return { window, OT, evaluate, close: () => window.happyDOM.close() };
}

/**
 * Calls `session.connect(token)` and resolves with the Connect events the SDK posted for the session
 * once its Failure (or Success) event has arrived. The stand-in answers session info with an error,
 * so a Failure is what normally ends it.
 */
export async function connectAndCollect(
  session: SdkSession,
  standIn: StandIn,
  timeoutMs = 30_000,
): Promise<ConnectEvent[]> {
  session.connect('T1==stand-in-token', () => {});
  const ended = (): boolean =>
    standIn.connectEvents(session.id).some((e) => e.variation === 'Failure' || e.variation === 'Success');
  await standIn.waitFor(ended, `the Connect Failure/Success event of ${session.id}`, timeoutMs);
  return standIn.connectEvents(session.id);
}
