import { afterEach, describe, expect, it, vi } from 'vitest';
import { VideoAllowlistError } from '../../src/errors.js';
import {
  AllowlistPolicyError,
  allowlistBuild,
  findOpenTok,
  guard,
  initSession,
  OpenTokNotFoundError,
  SdkArgumentError,
  SdkPatchError,
  UnsupportedSdkVersionError,
  type AllowlistWarning,
} from '../../src/sdk/index.js';
import { fakeOT, type FakeOT } from './fake-ot.js';

const KEY = '12345';
const SID = '1_MX4xMjM0NX5-fake-session';
const quiet = { onWarning: () => {} };

afterEach(() => {
  delete (globalThis as Record<string, unknown>)['OT'];
  vi.restoreAllMocks();
});

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw, got none');
}

/** The options the SDK received on its last call. */
/** An iceConfig whose loss would send media around the TURN relay. */
const RELAY = {
  includeServers: 'custom',
  transportPolicy: 'relay',
  customServers: [{ urls: 'turns:turn.example:443' }],
};

const lastOptions = (OT: FakeOT): Record<string, unknown> => OT.calls.at(-1)?.[2] as Record<string, unknown>;

describe('initSession: what the SDK receives', () => {
  it('adds ipWhitelist: true when the option is absent', () => {
    const OT = fakeOT();
    const session = initSession(OT, KEY, SID, undefined, quiet);
    expect(OT.calls).toEqual([[KEY, SID, { ipWhitelist: true }]]);
    expect(session).toBe(OT.sessions.get(SID));
  });

  it('passes every other option through untouched (same values, same nested objects), without mutating the caller’s object', () => {
    const OT = fakeOT();
    const iceConfig = {
      includeServers: 'custom',
      transportPolicy: 'relay',
      customServers: [{ urls: 'turns:turn.example:443' }],
    };
    const options = {
      iceConfig,
      encryptionSecret: 's3cret',
      connectionEventsSuppressed: true,
      singlePeerConnection: false,
      sessionMigration: undefined,
    };
    initSession(OT, KEY, SID, options, quiet);
    const got = lastOptions(OT);
    expect(got).toEqual({ ...options, ipWhitelist: true });
    expect(got['iceConfig']).toBe(iceConfig);
    expect(Object.keys(got).sort()).toEqual([...Object.keys(options), 'ipWhitelist'].sort());
    expect(options).not.toHaveProperty('ipWhitelist');
  });

  it.each<[string, () => object]>([
    [
      'a class instance whose options are getters on its prototype',
      () =>
        new (class {
          get iceConfig(): object {
            return RELAY;
          }
        })(),
    ],
    ['a non-enumerable own option', () => Object.defineProperty({}, 'iceConfig', { value: RELAY })],
    ['an option inherited from a prototype object', () => Object.create({ iceConfig: RELAY })],
  ])('passes an option the SDK would read on its own through: %s', (_name, make) => {
    const OT = fakeOT();
    initSession(OT, KEY, SID, make() as never, quiet);
    expect(lastOptions(OT)['iceConfig']).toBe(RELAY);
    expect(lastOptions(OT)['ipWhitelist']).toBe(true);
    // The same through a guarded raw call (a widget passing its own options class).
    const other = fakeOT();
    const unguard = guard(other, quiet);
    other.initSession(KEY, SID, make());
    unguard();
    expect(lastOptions(other)['iceConfig']).toBe(RELAY);
  });

  it('does not let an own "__proto__" key (from JSON.parse) give the SDK options it would not read', () => {
    const OT = fakeOT();
    initSession(OT, KEY, SID, JSON.parse('{"__proto__": {"iceConfig": "injected"}}') as never, quiet);
    expect(lastOptions(OT)['iceConfig']).toBeUndefined();
  });

  it.each<[string, true | undefined]>([
    ['true', true],
    ['undefined (given but empty)', undefined],
  ])('accepts ipWhitelist %s', (_name, value) => {
    const OT = fakeOT();
    initSession(OT, KEY, SID, { ipWhitelist: value }, quiet);
    expect(lastOptions(OT)).toEqual({ ipWhitelist: true });
  });

  it('accepts null options as no options', () => {
    const OT = fakeOT();
    initSession(OT, KEY, SID, null as never, quiet);
    expect(lastOptions(OT)).toEqual({ ipWhitelist: true });
  });

  it('accepts null settings as no settings, in initSession and guard', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const OT = fakeOT();
      initSession(OT, KEY, SID, null as never, null as never);
      expect(lastOptions(OT)).toEqual({ ipWhitelist: true });
      const other = fakeOT();
      const unguard = guard(other, null);
      other.initSession(KEY, SID);
      unguard();
      expect(lastOptions(other)).toEqual({ ipWhitelist: true });
    } finally {
      warn.mockRestore();
    }
  });
});

describe('initSession: refused before the SDK is called', () => {
  const changing = (): object => {
    let n = 0;
    return Object.defineProperty({}, 'ipWhitelist', { enumerable: true, get: () => n++ === 0 });
  };
  it.each([
    ['false', { ipWhitelist: false }],
    ['the string "true"', { ipWhitelist: 'true' }],
    ['1', { ipWhitelist: 1 }],
    ['null', { ipWhitelist: null }],
    ['"yes" (the SDK would keep it as is)', { ipWhitelist: 'yes' }],
    ['a Boolean object', { ipWhitelist: Object(true) as unknown }],
    ['a getter that answers true, then false', changing()],
    [
      'a getter that always answers true (it could change)',
      Object.defineProperty({}, 'ipWhitelist', { enumerable: true, get: () => true }),
    ],
    ['an inherited getter', Object.create(Object.defineProperty({}, 'ipWhitelist', { get: () => true })) as object],
    ['an inherited false', Object.create({ ipWhitelist: false }) as object],
  ])('ipWhitelist as %s', (_name, options) => {
    const OT = fakeOT();
    const err = thrown(() => initSession(OT, KEY, SID, options as never, quiet));
    expect(err).toBeInstanceOf(AllowlistPolicyError);
    expect(err).toBeInstanceOf(VideoAllowlistError);
    expect(err).toMatchObject({ code: 'allowlist-option-refused' });
    expect((err as Error).message).toMatch(/^options\.ipWhitelist is .*: omit it or pass true\.$/);
    expect(err).toMatchObject({ path: ['options', 'ipWhitelist'], hint: 'omit it or pass true' });
    expect(OT.calls).toEqual([]);
    expect(OT.sessions.get(SID)).toBeUndefined();
  });

  it('reads ipWhitelist once: a Proxy that answers true, then false, still gives the SDK true', () => {
    const OT = fakeOT();
    let reads = 0;
    const options = new Proxy({ ipWhitelist: true, encryptionSecret: 'e' } as Record<string, unknown>, {
      get: (target, key) => (key === 'ipWhitelist' ? reads++ === 0 : target[key as string]),
    });
    initSession(OT, KEY, SID, options as never, quiet);
    expect(reads).toBe(1);
    expect(lastOptions(OT)).toEqual({ ipWhitelist: true, encryptionSecret: 'e' });
    expect(lastOptions(OT)).not.toBe(options);
  });

  it('runs the version gate first: an old SDK with a refused option reports the version', () => {
    const OT = fakeOT({ version: 'v2.14.9' });
    const err = thrown(() => initSession(OT, KEY, SID, { ipWhitelist: false } as never, quiet));
    expect(err).toBeInstanceOf(UnsupportedSdkVersionError);
    expect(err).toMatchObject({ found: 'v2.14.9', required: '2.15.0' });
    expect(OT.calls).toEqual([]);
  });

  it('honours settings.minimumVersion', () => {
    expect(() =>
      initSession(fakeOT({ version: 'v2.35.2' }), KEY, SID, undefined, { ...quiet, minimumVersion: '2.36.0' }),
    ).toThrow(UnsupportedSdkVersionError);
  });

  it.each([
    ['apiKey', '', SID],
    ['apiKey', 12345, SID],
    ['sessionId', KEY, ''],
    ['sessionId', KEY, undefined],
    ['sessionId', KEY, [SID]],
  ])('refuses a bad %s (%j, %j) with SdkArgumentError', (argument, apiKey, sessionId) => {
    const OT = fakeOT();
    const err = thrown(() => initSession(OT, apiKey as string, sessionId as string, undefined, quiet));
    expect(err).toBeInstanceOf(SdkArgumentError);
    expect(err).toMatchObject({ code: 'invalid-sdk-argument', path: [argument] });
    expect(OT.calls).toEqual([]);
  });

  it('refuses options that are not an object', () => {
    const OT = fakeOT();
    expect(thrown(() => initSession(OT, KEY, SID, 'ipWhitelist' as never, quiet))).toMatchObject({
      path: ['options'],
    });
    expect(OT.calls).toEqual([]);
  });
});

describe('initSession and the SDK’s session cache', () => {
  it('refuses a session id the SDK cached without the setting (created through the raw SDK)', () => {
    const OT = fakeOT();
    const raw = OT.initSession(KEY, SID, { ipWhitelist: false });
    // The bypass on the fake, as on the real SDK: the cached Session comes back, the new option is ignored.
    expect(OT.initSession(KEY, SID, { ipWhitelist: true })).toBe(raw);
    const before = OT.calls.length;
    const err = thrown(() => initSession(OT, KEY, SID, undefined, quiet));
    expect(err).toBeInstanceOf(AllowlistPolicyError);
    expect(err).toMatchObject({ code: 'allowlist-session-cached' });
    expect((err as Error).message).toContain(JSON.stringify(SID));
    expect(OT.calls.length).toBe(before);
  });

  it('refuses a session the raw SDK cached even with ipWhitelist: true (the library cannot vouch for it)', () => {
    const OT = fakeOT();
    OT.initSession(KEY, SID, { ipWhitelist: true });
    expect(() => initSession(OT, KEY, SID, undefined, quiet)).toThrow(AllowlistPolicyError);
  });

  it('returns the cached Session, as the SDK does, for an id created through the library earlier', () => {
    const OT = fakeOT();
    const first = initSession(OT, KEY, SID, undefined, quiet);
    const second = initSession(OT, KEY, SID, { encryptionSecret: 'x' } as never, quiet);
    expect(second).toBe(first);
    expect(OT.calls.length).toBe(2);
  });

  it('keeps sessions of one OT apart from another OT', () => {
    const a = fakeOT();
    const b = fakeOT();
    initSession(a, KEY, SID, undefined, quiet);
    b.initSession(KEY, SID);
    expect(() => initSession(b, KEY, SID, undefined, quiet)).toThrow(AllowlistPolicyError);
  });

  it('refuses when OT.sessions cannot be read, since a cached bypass cannot be ruled out', () => {
    const OT = fakeOT() as Partial<FakeOT> & FakeOT;
    delete (OT as Partial<FakeOT>).sessions;
    const err = thrown(() => initSession(OT, KEY, SID, undefined, quiet));
    expect(err).toMatchObject({ code: 'allowlist-session-cache-unreadable' });
    expect(OT.calls).toEqual([]);
  });
});

describe('findOpenTok', () => {
  it('prefers the explicit argument, else globalThis.OT', () => {
    const mine = fakeOT();
    const global = fakeOT();
    (globalThis as Record<string, unknown>)['OT'] = global;
    expect(findOpenTok(mine)).toBe(mine);
    expect(findOpenTok()).toBe(global);
    expect(findOpenTok(null)).toBe(global);
    initSession(undefined, KEY, SID, undefined, quiet);
    expect(global.calls.length).toBe(1);
  });

  it('says how to pass OT when there is none', () => {
    const err = thrown(() => findOpenTok());
    expect(err).toBeInstanceOf(OpenTokNotFoundError);
    expect(err).toBeInstanceOf(VideoAllowlistError);
    expect(err).toMatchObject({ code: 'opentok-not-found' });
    expect((err as Error).message).toBe('No OpenTok.js at globalThis.OT: pass OT or load opentok.min.js first.');
    expect(err).toMatchObject({ path: ['OT'], reason: 'is missing', hint: 'pass OT or load opentok.min.js first' });
    expect(() => initSession(undefined, KEY, SID)).toThrow(OpenTokNotFoundError);
    expect(() => guard()).toThrow(OpenTokNotFoundError);
  });

  it('refuses an object that is not OpenTok.js', () => {
    expect((thrown(() => findOpenTok({} as never)) as Error).message).toMatch(
      /^No OpenTok\.js in the OT passed: pass OT/,
    );
    (globalThis as Record<string, unknown>)['OT'] = { version: 'v2.35.2' };
    expect((thrown(() => findOpenTok()) as Error).message).toMatch(/^No OpenTok\.js at globalThis\.OT/);
  });
});

describe('guard', () => {
  it('makes a raw OT.initSession call carry ipWhitelist: true, in every call form the SDK accepts', () => {
    const OT = fakeOT();
    const original = OT.initSession;
    const unguard = guard(OT, quiet);
    expect(OT.initSession).not.toBe(original);
    OT.initSession(KEY, 'sid-a', { encryptionSecret: 'e' });
    expect(lastOptions(OT)).toEqual({ encryptionSecret: 'e', ipWhitelist: true });
    OT.initSession('sid-b');
    // The (sessionId) form reaches the SDK as the SDK itself normalises it: (null, sessionId).
    expect(OT.calls.at(-1)).toEqual([null, 'sid-b', { ipWhitelist: true }]);
    OT.initSession(KEY, ['sid-c']);
    expect(OT.sessions.get('sid-c')?.options).toEqual({ ipWhitelist: true });
    unguard();
    expect(OT.initSession).toBe(original);
    OT.initSession(KEY, 'sid-d');
    expect(lastOptions(OT)).toBeUndefined();
  });

  it('throws AllowlistPolicyError from the raw call for a refused option, before the SDK', () => {
    const OT = fakeOT();
    guard(OT, quiet);
    for (const ipWhitelist of [false, 'true', 1]) {
      expect(() => OT.initSession(KEY, SID, { ipWhitelist })).toThrow(AllowlistPolicyError);
    }
    expect(OT.calls).toEqual([]);
  });

  it('refuses an id cached before the guard, also in the (sessionId) and [sessionId] forms', () => {
    const OT = fakeOT();
    OT.initSession(KEY, SID);
    guard(OT, quiet);
    expect(() => OT.initSession(KEY, SID)).toThrow(AllowlistPolicyError);
    expect(() => OT.initSession(SID)).toThrow(AllowlistPolicyError);
    expect(() => OT.initSession(KEY, [SID])).toThrow(AllowlistPolicyError);
    expect(OT.calls.length).toBe(1);
  });

  it('shares the rules with initSession: a guarded session is returned to initSession and vice versa', () => {
    const OT = fakeOT();
    guard(OT, quiet);
    const a = OT.initSession(KEY, 'sid-a');
    expect(initSession(OT, KEY, 'sid-a', undefined, quiet)).toBe(a);
    const b = initSession(OT, KEY, 'sid-b', undefined, quiet);
    expect(OT.initSession(KEY, 'sid-b')).toBe(b);
    expect(OT.calls.every((c) => (c[2] as { ipWhitelist?: unknown }).ipWhitelist === true)).toBe(true);
  });

  it('is idempotent: a second guard adds no second patch; the patch stays until every unguard ran; unguard twice is harmless', () => {
    const OT = fakeOT();
    const original = OT.initSession;
    const u1 = guard(OT, quiet);
    const patched = OT.initSession;
    const u2 = guard(OT, quiet);
    expect(OT.initSession).toBe(patched);
    u1();
    u1();
    expect(OT.initSession).toBe(patched);
    expect(() => OT.initSession(KEY, SID, { ipWhitelist: false })).toThrow(AllowlistPolicyError);
    u2();
    expect(OT.initSession).toBe(original);
    u2();
    expect(OT.initSession).toBe(original);
    const u3 = guard(OT, quiet);
    expect(OT.initSession).not.toBe(original);
    u3();
    expect(OT.initSession).toBe(original);
  });

  it.each([
    ['first guard undone first', [0, 1]],
    ['second guard undone first', [1, 0]],
  ])(
    'with a wrapper between two guards (%s): enforced until the last unguard, then the wrapper alone, SDK reached once per call',
    (_name, order) => {
      const OT = fakeOT();
      const original = OT.initSession;
      const unguards = [guard(OT, quiet)];
      const inner = OT.initSession;
      const seen: unknown[] = [];
      const wrapper = function (this: unknown, ...args: unknown[]): unknown {
        seen.push(args[1]);
        return inner.apply(this, args as never);
      };
      OT.initSession = wrapper as never;
      unguards.push(guard(OT, quiet));
      expect(OT.initSession).not.toBe(wrapper);
      unguards[order[0]!]!();
      expect(() => OT.initSession(KEY, 'sid-a', { ipWhitelist: false })).toThrow(AllowlistPolicyError);
      OT.initSession(KEY, 'sid-b');
      expect(lastOptions(OT)).toEqual({ ipWhitelist: true });
      unguards[order[1]!]!();
      OT.initSession(KEY, 'sid-c', { ipWhitelist: false });
      expect(lastOptions(OT)).toEqual({ ipWhitelist: false });
      // The refused call never reached the SDK; the wrapper saw every call that did, and still works.
      expect(OT.calls.map((c) => c[1])).toEqual(['sid-b', 'sid-c']);
      expect(seen).toEqual(expect.arrayContaining(['sid-b', 'sid-c']));
      expect(OT.initSession).not.toBe(original);
    },
  );

  it('leaves a wrapper added after the guard working, as a pass-through, when unguarded', () => {
    const OT = fakeOT();
    const unguard = guard(OT, quiet);
    const patched = OT.initSession;
    const seen: unknown[] = [];
    OT.initSession = function (this: unknown, ...args: unknown[]) {
      seen.push(args[1]);
      return patched.apply(this, args as never);
    };
    unguard();
    OT.initSession(KEY, 'sid-x', { ipWhitelist: false });
    expect(seen).toEqual(['sid-x']);
    expect(lastOptions(OT)).toEqual({ ipWhitelist: false });
  });

  it('guards the script-tag global when called without an argument', () => {
    const OT = fakeOT();
    (globalThis as Record<string, unknown>)['OT'] = OT;
    const unguard = guard(undefined, quiet);
    OT.initSession(KEY, SID);
    expect(lastOptions(OT)).toEqual({ ipWhitelist: true });
    unguard();
  });

  it('runs the version gate and does not patch an old SDK', () => {
    const OT = fakeOT({ version: 'v2.14.9' });
    const original = OT.initSession;
    expect(() => guard(OT, quiet)).toThrow(UnsupportedSdkVersionError);
    expect(OT.initSession).toBe(original);
  });

  it('honours settings.minimumVersion, and does not patch an SDK below it', () => {
    const OT = fakeOT({ version: 'v2.35.2' });
    const original = OT.initSession;
    expect(() => guard(OT, { ...quiet, minimumVersion: '2.36.0' })).toThrow(UnsupportedSdkVersionError);
    expect(OT.initSession).toBe(original);
  });

  it('throws SdkPatchError for a frozen OT', () => {
    const OT = Object.freeze(fakeOT());
    const err = thrown(() => guard(OT, quiet));
    expect(err).toBeInstanceOf(SdkPatchError);
    expect(err).toMatchObject({ code: 'sdk-not-patchable' });
    expect((err as Error).message).toContain('initSession(OT');
  });
});

describe('the build check', () => {
  it('exposes the allow-list config URL the build has', () => {
    expect(allowlistBuild(fakeOT())).toEqual({ allowlistConfigUrl: '', fullEffect: false });
    expect(allowlistBuild(fakeOT({ allowlistConfigUrl: 'https://config.example' }))).toEqual({
      allowlistConfigUrl: 'https://config.example',
      fullEffect: true,
    });
    const unknown = fakeOT() as Omit<FakeOT, '_'> & { _?: unknown };
    delete unknown._;
    expect(allowlistBuild(unknown)).toEqual({ allowlistConfigUrl: null, fullEffect: null });
    const throwing = fakeOT();
    throwing._.StaticConfig.onlyLocal = () => {
      throw new Error('changed internals');
    };
    expect(allowlistBuild(throwing)).toEqual({ allowlistConfigUrl: null, fullEffect: null });
  });

  it('warns once per OT, without failing, when the build has no allow-list config URL', () => {
    const OT = fakeOT();
    const warnings: AllowlistWarning[] = [];
    const onWarning = (w: AllowlistWarning): void => void warnings.push(w);
    initSession(OT, KEY, 'sid-1', undefined, { onWarning });
    initSession(OT, KEY, 'sid-2', undefined, { onWarning });
    guard(OT, { onWarning })();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ code: 'allowlist-config-url-empty' });
    // What it means (the flag is sent, the configuration is not fetched) and the Enterprise build to load.
    expect(warnings[0]!.message).toMatch(/ipWhitelist is sent but the allowed IP list configuration is not fetched/);
    expect(warnings[0]!.message).toContain('https://video.enterprise.vonage.com/v2/js/opentok.min.js');
    expect(warnings[0]!.message).not.toContain('enterprise.opentok.com');
    initSession(fakeOT(), KEY, 'sid-1', undefined, { onWarning });
    expect(warnings).toHaveLength(2);
  });

  it('a warning handler that throws stops the call before the SDK creates anything; the next call goes through', () => {
    const OT = fakeOT();
    const boom = (): void => {
      throw new Error('handler failed');
    };
    expect(() => initSession(OT, KEY, 'sid-w', undefined, { onWarning: boom })).toThrow('handler failed');
    expect(OT.calls).toEqual([]);
    expect(OT.sessions.get('sid-w')).toBeUndefined();
    // Warned once already: the same id now goes through, and is not mistaken for a foreign cached one.
    const s = initSession(OT, KEY, 'sid-w', undefined, { onWarning: boom });
    expect(OT.sessions.get('sid-w')).toBe(s);
    expect(OT.calls).toHaveLength(1);
  });

  it('warns through console.warn by default, and stays silent on a build with the URL', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    initSession(fakeOT({ allowlistConfigUrl: 'https://config.example' }), KEY, SID);
    expect(warn).not.toHaveBeenCalled();
    initSession(fakeOT(), KEY, SID);
    initSession(fakeOT(), KEY, SID);
    expect(warn).toHaveBeenCalledTimes(2);
    expect(String(warn.mock.calls[0]![0])).toMatch(/no allow-list config URL/);
  });

  it('stays silent on a build whose config URL cannot be read (no OT._, or internals that throw)', () => {
    const warn = vi.fn();
    const unknown = fakeOT() as Omit<FakeOT, '_'> & { _?: unknown };
    delete unknown._;
    const throwing = fakeOT();
    throwing._.StaticConfig.onlyLocal = () => {
      throw new Error('changed internals');
    };
    for (const OT of [unknown, throwing]) initSession(OT as FakeOT, KEY, SID, undefined, { onWarning: warn });
    expect(unknown.calls).toHaveLength(1);
    expect(throwing.calls).toHaveLength(1);
    expect(warn).not.toHaveBeenCalled();
  });

  it('does not warn for a refused session', () => {
    const warn = vi.fn();
    expect(() => initSession(fakeOT(), KEY, SID, { ipWhitelist: false } as never, { onWarning: warn })).toThrow(
      AllowlistPolicyError,
    );
    expect(warn).not.toHaveBeenCalled();
  });
});
