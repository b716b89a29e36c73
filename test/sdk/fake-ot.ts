/**
 * A small stand-in for OpenTok.js's `OT`, shaped like the real one where this library looks:
 * `version` (non-writable), `initSession(apiKey, sessionId, options)` with the SDK's argument
 * normalisation and its session cache (`OT.sessions.get(id)`: a cached id returns the old Session
 * and ignores the new options), and `OT._.StaticConfig.onlyLocal().ipWhitelistConfigUrl`.
 * Every call that reached the SDK is recorded in `calls`.
 */
export interface FakeSession {
  apiKey: unknown;
  sessionId: unknown;
  /** The options object exactly as the SDK received it. */
  options: unknown;
}

export interface FakeOT {
  version?: unknown;
  properties?: Record<string, unknown>;
  initSession(apiKey: unknown, sessionId?: unknown, options?: unknown): FakeSession;
  sessions: { get(id: unknown): FakeSession | undefined };
  _: { StaticConfig: { onlyLocal(): { ipWhitelistConfigUrl: string } } };
  /** The arguments of every call that reached the SDK's initSession, in order. */
  calls: unknown[][];
}

export interface FakeOptions {
  /** `OT.version`; `undefined` leaves the property out. Default `'v2.35.2'`. */
  version?: unknown;
  /** `OT.properties.version`; left out when `undefined`. */
  propertiesVersion?: unknown;
  /** The build's allow-list config URL. Default `''` (the npm build). */
  allowlistConfigUrl?: string;
}

export function fakeOT(opts: FakeOptions = {}): FakeOT {
  const cache = new Map<unknown, FakeSession>();
  const calls: unknown[][] = [];
  const ot = {
    calls,
    sessions: { get: (id: unknown) => cache.get(id) },
    _: { StaticConfig: { onlyLocal: () => ({ ipWhitelistConfigUrl: opts.allowlistConfigUrl ?? '' }) } },
    initSession(apiKey: unknown, sessionId?: unknown, options?: unknown): FakeSession {
      calls.push([apiKey, sessionId, options]);
      if (sessionId == null) {
        sessionId = apiKey;
        apiKey = null;
      }
      if (Array.isArray(sessionId) && sessionId.length === 1) sessionId = sessionId[0];
      let session = cache.get(sessionId);
      if (!session) cache.set(sessionId, (session = { apiKey, sessionId, options }));
      return session;
    },
  } as FakeOT;
  const version = 'version' in opts ? opts.version : 'v2.35.2';
  if (version !== undefined) Object.defineProperty(ot, 'version', { value: version });
  if (opts.propertiesVersion !== undefined) ot.properties = { version: opts.propertiesVersion };
  return ot;
}
