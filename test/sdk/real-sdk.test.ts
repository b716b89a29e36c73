/**
 * The real OpenTok.js (npm @vonage/client-sdk-video) in a happy-dom window, connecting against a
 * loopback stand-in: what reaches the wire is the SDK's own Connect analytics event.
 */
import dc from 'node:diagnostics_channel';
import { createRequire } from 'node:module';
import type { Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AllowlistPolicyError,
  allowlistBuild,
  assertSupportedSdk,
  guard,
  initSession,
  sdkVersion,
  UnsupportedSdkVersionError,
  type AllowlistWarning,
} from '../../src/sdk/index.js';
import { connectAndCollect, openSdkWindow, startStandIn, type SdkWindow, type StandIn } from '../support/opentok.js';

const KEY = '12345';
const SDK_PACKAGE_VERSION = (
  createRequire(import.meta.url)('@vonage/client-sdk-video/package.json') as { version: string }
).version;
const quiet = { onWarning: () => {} };

let standIn: StandIn;
const windows: SdkWindow[] = [];
let n = 0;
/** A session id no other test uses (the stand-in is shared). */
const sid = (): string => `1_MX4xMjM0NX5-real-${process.pid}-${++n}`;

function open(): SdkWindow {
  const w = openSdkWindow(standIn);
  windows.push(w);
  return w;
}

/** Every TCP connection this process opened while these tests ran (the SDK's XHRs go through Node). */
const remotes: string[] = [];
const onSocket = (message: unknown): void => {
  const socket = (message as { socket: Socket }).socket;
  socket.once('connect', () => remotes.push(String(socket.remoteAddress)));
};

beforeAll(async () => {
  dc.subscribe('net.client.socket', onSocket);
  standIn = await startStandIn();
});
afterEach(async () => {
  await Promise.all(windows.splice(0).map((w) => w.close()));
});
afterAll(async () => {
  dc.unsubscribe('net.client.socket', onSocket);
  await standIn?.close();
});

describe('the real SDK: version and build', () => {
  it('the version gate reads the real OT.version', () => {
    const { OT } = open();
    expect(OT.version).toBe(`v${SDK_PACKAGE_VERSION}`);
    expect(sdkVersion(OT)).toBe(`v${SDK_PACKAGE_VERSION}`);
    expect(assertSupportedSdk(OT)).toBe(`v${SDK_PACKAGE_VERSION}`);
    let err: unknown;
    try {
      assertSupportedSdk(OT, '99.0.0');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UnsupportedSdkVersionError);
    expect(err).toMatchObject({ found: `v${SDK_PACKAGE_VERSION}`, required: '99.0.0' });
  });

  it('reads the npm build’s empty allow-list config URL, and warns once', () => {
    const { OT } = open();
    expect(allowlistBuild(OT)).toEqual({ allowlistConfigUrl: '', fullEffect: false });
    const warnings: AllowlistWarning[] = [];
    initSession(OT, KEY, sid(), undefined, { onWarning: (w) => void warnings.push(w) });
    initSession(OT, KEY, sid(), undefined, { onWarning: (w) => void warnings.push(w) });
    expect(warnings.map((w) => w.code)).toEqual(['allowlist-config-url-empty']);
  });
});

describe('the real SDK on the wire (loopback stand-in)', () => {
  it('a session created through the library posts a Connect event with "ipWhitelist":true', async () => {
    const { OT } = open();
    const id = sid();
    const session = initSession(OT, KEY, id, undefined, quiet);
    const events = await connectAndCollect(session, standIn);
    const ended = events.find((e) => e.variation === 'Failure' || e.variation === 'Success');
    expect(ended).toMatchObject({ action: 'Connect', sessionId: id, ipWhitelist: true });
    // The raw body, as sent:
    const raw = standIn.requests.find(
      (r) => r.method === 'POST' && r.body.includes(`"sessionId":"${id}"`) && r.body.includes('"ipWhitelist"'),
    );
    expect(raw?.body).toContain('"ipWhitelist":true');
    // It went where window.OTProperties.loggingURL points, on loopback, not to the built-in logging host.
    expect(raw?.path).toBe(`/${new URL(standIn.origin).host}/log/logging/ClientEvent`);
  });

  it('the same flow through the raw SDK without the option posts "ipWhitelist":false', async () => {
    const { OT } = open();
    const id = sid();
    const events = await connectAndCollect(OT.initSession(KEY, id), standIn);
    expect(events.find((e) => e.variation === 'Failure')).toMatchObject({ sessionId: id, ipWhitelist: false });
  });

  it('a session with other options (iceConfig, connectionEventsSuppressed) still posts "ipWhitelist":true', async () => {
    const { OT } = open();
    const id = sid();
    const iceConfig = {
      includeServers: 'custom',
      transportPolicy: 'relay',
      customServers: [{ urls: 'turn:127.0.0.1:3478' }],
    };
    const session = initSession(OT, KEY, id, { iceConfig, connectionEventsSuppressed: true } as never, quiet);
    const events = await connectAndCollect(session, standIn);
    expect(events.find((e) => e.variation === 'Failure')).toMatchObject({ ipWhitelist: true });
  });

  it('reproduces the cache bypass on the raw SDK, and the library refuses that session id', async () => {
    const { OT } = open();
    const id = sid();
    const first = OT.initSession(KEY, id, { ipWhitelist: false });
    const second = OT.initSession(KEY, id, { ipWhitelist: true });
    expect(second).toBe(first);
    expect(OT.sessions.get(id)).toBe(first);
    let err: unknown;
    try {
      initSession(OT, KEY, id, undefined, quiet);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AllowlistPolicyError);
    expect(err).toMatchObject({ code: 'allowlist-session-cached' });
    // The raw SDK ignored the second ipWhitelist: true: false is what goes on the wire.
    const events = await connectAndCollect(second, standIn);
    expect(events.find((e) => e.variation === 'Failure')).toMatchObject({ ipWhitelist: false });
  });

  it('returns the Session, as the SDK does, for an id created through the library earlier', () => {
    const { OT } = open();
    const id = sid();
    const first = initSession(OT, KEY, id, undefined, quiet);
    expect(initSession(OT, KEY, id, undefined, quiet)).toBe(first);
    expect(OT.sessions.get(id)).toBe(first);
  });

  it('guard(OT) makes a raw OT.initSession call carry "ipWhitelist":true, and unguard restores the SDK', async () => {
    const { OT } = open();
    const original = OT.initSession;
    const unguard = guard(OT, quiet);
    const id = sid();
    const session = OT.initSession(KEY, id);
    expect(() => OT.initSession(KEY, sid(), { ipWhitelist: false })).toThrow(AllowlistPolicyError);
    const events = await connectAndCollect(session, standIn);
    expect(events.find((e) => e.variation === 'Failure')).toMatchObject({ sessionId: id, ipWhitelist: true });
    unguard();
    expect(OT.initSession).toBe(original);
    const rawId = sid();
    const rawEvents = await connectAndCollect(OT.initSession(KEY, rawId), standIn);
    expect(rawEvents.find((e) => e.variation === 'Failure')).toMatchObject({ sessionId: rawId, ipWhitelist: false });
  });
});

describe('network', () => {
  // Registered last, runs after the other tests of this file (tests in a file run in order).
  it('every connection the SDK opened went to 127.0.0.1', () => {
    expect(remotes.length).toBeGreaterThan(0);
    expect(remotes.filter((a) => a !== '127.0.0.1')).toEqual([]);
  });
});
