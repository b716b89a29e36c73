/**
 * Issue 18: enforcement holds against every caller, on every supported SDK. Each attack runs against
 * the real OpenTok.js (the oldest 2.15.x, one in the middle, the newest) in a fresh happy-dom window,
 * and is judged on the wire: the `ipWhitelist` field of the Connect event the SDK posts to the
 * loopback stand-in, or a typed library error with no session for that id in the SDK's cache.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { VideoAllowlistError } from '../../src/errors.js';
import { AllowlistPolicyError, guard, initSession, SdkArgumentError } from '../../src/sdk/index.js';
import {
  connectAndCollect,
  startStandIn,
  type LoadedOT,
  type SdkSession,
  type SdkWindow,
  type StandIn,
} from '../support/opentok.js';
import { openVersionWindow, SDK_BUILDS, sdkSource, type SdkBuild } from '../support/opentok-versions.js';
import { librarySdkScript } from '../support/library-script.js';

const KEY = '12345';
const quiet = { onWarning: () => {} };

let standIn: StandIn;
const windows: SdkWindow[] = [];
let n = 0;
/** A session id no other test uses (the stand-in is shared). */
const sid = (): string => `1_MX4xMjM0NX5-enf-${process.pid}-${++n}`;

beforeAll(async () => {
  standIn = await startStandIn();
});
afterEach(async () => {
  await Promise.all(windows.splice(0).map((w) => w.close()));
});
afterAll(async () => {
  await standIn?.close();
});

/** The `ipWhitelist` of the Connect event the SDK posted for `session` (its Failure, which ends it here). */
async function onWire(session: SdkSession): Promise<unknown> {
  const events = await connectAndCollect(session, standIn);
  return events.find((e) => e.variation === 'Failure' || e.variation === 'Success')?.ipWhitelist;
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw, got none');
}

/**
 * Asserts a typed library error and, unless the attack itself made one, that the SDK holds no session
 * for `id` made by this call (the library stopped before the SDK).
 */
function refused(
  OT: LoadedOT,
  id: string,
  fn: () => unknown,
  code?: string,
  attackMakesOne = false,
): VideoAllowlistError {
  const before = OT.sessions.get(id);
  const err = thrown(fn);
  expect(err).toBeInstanceOf(VideoAllowlistError);
  if (code) expect(err).toMatchObject({ code });
  if (!attackMakesOne) expect(OT.sessions.get(id)).toBe(before);
  return err as VideoAllowlistError;
}

/** An object whose string conversion gives `first`, then `then` for ever after. */
function changingId(first: string, then: string): object {
  let calls = 0;
  return { toString: () => (calls++ === 0 ? first : then), valueOf: () => (calls++ === 0 ? first : then) };
}

describe.each(SDK_BUILDS.map((b) => [b.version, b] as const))('OpenTok.js %s', (_v, sdk: SdkBuild) => {
  const open = (): SdkWindow => {
    const w = openVersionWindow(sdk, standIn);
    windows.push(w);
    return w;
  };

  describe('1. an id that changes when read is converted once, and that string reaches the SDK', () => {
    it('guard: an object whose toString answers a fresh id, then an id cached without the setting', async () => {
      const { OT } = open();
      const cachedRaw = sid();
      OT.initSession(KEY, cachedRaw); // before the guard: the SDK caches it with ipWhitelist false
      guard(OT, quiet);
      const fresh = sid();
      const session = OT.initSession(KEY, changingId(fresh, cachedRaw) as never);
      expect(session.id).toBe(fresh);
      expect(await onWire(session)).toBe(true);
    });

    it('guard: a one-element array whose index getter answers a fresh id, then the cached one', async () => {
      const { OT } = open();
      const cachedRaw = sid();
      OT.initSession(KEY, cachedRaw);
      guard(OT, quiet);
      const fresh = sid();
      let reads = 0;
      const id = Object.defineProperty([], 0, { get: () => (reads++ === 0 ? fresh : cachedRaw) });
      Object.defineProperty(id, 'length', { value: 1 });
      const session = OT.initSession(KEY, id as never);
      expect(session.id).toBe(fresh);
      expect(await onWire(session)).toBe(true);
    });

    it('initSession takes only a string id, so nothing converts it twice', () => {
      const { OT } = open();
      const id = sid();
      refused(
        OT,
        id,
        () => initSession(OT, KEY, changingId(id, id) as never, undefined, quiet),
        'invalid-sdk-argument',
      );
    });

    it.each<[string, () => unknown[]]>([
      [
        'toString throws',
        () => [
          KEY,
          {
            toString: () => {
              throw new Error('boom');
            },
          },
        ],
      ],
      ['toString returns an object', () => [KEY, { toString: () => ({}), valueOf: () => ({}) }]],
      [
        'a revoked Proxy',
        () => {
          const r = Proxy.revocable({}, {});
          r.revoke();
          return [KEY, r.proxy];
        },
      ],
      ['no id at all', () => [undefined, undefined]],
    ])('guard: an id that cannot be read (%s) gives SdkArgumentError', (_name, make) => {
      const { OT } = open();
      guard(OT, quiet);
      const [a, b] = make();
      const err = thrown(() => OT.initSession(a as never, b as never));
      expect(err).toBeInstanceOf(SdkArgumentError);
      expect(err).toMatchObject({ path: ['sessionId'] });
    });
  });

  describe('2. re-entrancy: user code runs before the cache check, never between it and the SDK', () => {
    it('an onWarning handler that creates a raw session for the id is refused, and never marked enforced', async () => {
      const { OT } = open();
      const id = sid();
      const raw: SdkSession[] = [];
      const onWarning = (): void => void raw.push(OT.initSession(KEY, id));
      refused(OT, id, () => initSession(OT, KEY, id, undefined, { onWarning }), 'allowlist-session-cached', true);
      // Not remembered as enforced: a second call is refused too, and the raw one says false on the wire.
      refused(OT, id, () => initSession(OT, KEY, id, undefined, quiet), 'allowlist-session-cached');
      expect(await onWire(raw[0]!)).toBe(false);
    });

    it('an options getter that creates a raw session for the id is refused (initSession and guard)', () => {
      const { OT } = open();
      const id = sid();
      const options = {
        get connectionEventsSuppressed(): boolean {
          OT.initSession(KEY, id);
          return false;
        },
      };
      refused(OT, id, () => initSession(OT, KEY, id, options as never, quiet), 'allowlist-session-cached', true);
      const other = open().OT;
      const pre = other.initSession.bind(other); // a reference taken before the guard: it is the SDK's own
      guard(other, quiet);
      const id2 = sid();
      const trap = new Proxy({}, { ownKeys: (t) => (pre(KEY, id2), Reflect.ownKeys(t)) });
      refused(other, id2, () => other.initSession(KEY, id2, trap), 'allowlist-session-cached', true);
    });

    it('a wrapper assigned after guard that returns a session it did not get from the SDK is not marked', () => {
      const { OT } = open();
      const pre = OT.initSession.bind(OT);
      guard(OT, quiet);
      const id = sid();
      // Returns a session made elsewhere, for another id: the library does not vouch for it.
      const elsewhere = pre(KEY, sid());
      OT.initSession = (() => elsewhere) as never;
      // The assigned function is wrapped (a refused option never reaches it) …
      refused(OT, id, () => OT.initSession(KEY, id, { ipWhitelist: false }), 'allowlist-option-refused');
      // … and what it returns is handed back, but not remembered as enforced.
      expect(OT.initSession(KEY, id)).toBe(elsewhere);
      OT.initSession = pre as never;
      refused(OT, elsewhere.id, () => initSession(OT, KEY, elsewhere.id, undefined, quiet), 'allowlist-session-cached');
    });
  });

  describe('3. guard lifecycles: one patch per OT, with a live count', () => {
    it('a reference taken while guarded enforces again after unguard() and guard() (unmount, mount)', async () => {
      const { OT } = open();
      guard(OT, quiet)();
      const u = guard(OT, quiet);
      const captured = OT.initSession;
      u();
      guard(OT, quiet);
      const id = sid();
      expect(await onWire(captured(KEY, id))).toBe(true);
      refused(OT, sid(), () => captured(KEY, sid(), { ipWhitelist: false }), 'allowlist-option-refused');
    });

    it('a widget that wraps OT.initSession and restores what it saved, around a second guard()', async () => {
      const { OT } = open();
      const u1 = guard(OT, quiet);
      const saved = OT.initSession;
      OT.initSession = function (this: unknown, ...args: unknown[]) {
        return saved.apply(this, args as never);
      } as never;
      const u2 = guard(OT, quiet);
      OT.initSession = saved; // the widget unmounts
      u1();
      const id = sid();
      expect(await onWire(OT.initSession(KEY, id))).toBe(true);
      u2();
      expect(await onWire(OT.initSession(KEY, sid()))).toBe(false); // no guard live: the SDK as it is
    });
  });

  describe('4. assignment after guard is wrapped; the last unguard leaves a plain data property', () => {
    it('restoring a function saved before the guard, and another library’s patch', async () => {
      const { OT } = open();
      const pre = OT.initSession;
      const unguard = guard(OT, quiet);
      OT.initSession = pre; // restoring a function saved earlier
      expect(await onWire(OT.initSession(KEY, sid()))).toBe(true);
      const current = OT.initSession;
      OT.initSession = function (this: unknown, k: string, s: string, o?: object) {
        return current.call(this, k, s, { ...o, ipWhitelist: false }); // a patch that rewrites the option
      } as never;
      const id = sid();
      refused(OT, id, () => OT.initSession(KEY, id), 'allowlist-option-refused');
      const last = function lastAssigned(this: unknown, ...args: unknown[]) {
        return pre.apply(this, args as never);
      };
      OT.initSession = last as never;
      unguard();
      expect(Object.getOwnPropertyDescriptor(OT, 'initSession')).toMatchObject({ value: last, writable: true });
    });
  });

  describe('5. new OT.Session(...) while guarded', () => {
    it('enforces the option, also through session.constructor, and refuses ipWhitelist: false', async () => {
      const { OT } = open();
      const Session = OT['Session'] as new (k: string, s: string, o?: object) => SdkSession;
      guard(OT, quiet);
      const Guarded = OT['Session'] as typeof Session;
      const id = sid();
      const made = new Guarded(KEY, id, {});
      expect(made).toBeInstanceOf(Session);
      expect(await onWire(made)).toBe(true);
      const viaConstructor = new (made.constructor as typeof Session)(KEY, sid());
      expect(await onWire(viaConstructor)).toBe(true);
      const id2 = sid();
      expect(thrown(() => new Guarded(KEY, id2, { ipWhitelist: false }))).toBeInstanceOf(AllowlistPolicyError);
    });

    it('the same flow without a guard sends false (the attack is real)', async () => {
      const { OT } = open();
      const Session = OT['Session'] as new (k: string, s: string, o?: object) => SdkSession;
      expect(await onWire(new Session(KEY, sid(), {}))).toBe(false);
    });
  });

  describe('6. the SDK’s own session cache, taken when the library first sees the OT', () => {
    it('replacing OT.sessions, or its get, does not hide a raw cached session', () => {
      const { OT } = open();
      initSession(OT, KEY, sid(), undefined, quiet); // first sight
      const id = sid();
      OT.initSession(KEY, id); // raw, cached without the setting
      const own = OT.sessions;
      OT.sessions = { get: () => undefined };
      refused(OT, id, () => initSession(OT, KEY, id, undefined, quiet), 'allowlist-session-cached');
      OT.sessions = own;
      (own as { get(id: string): unknown }).get = () => undefined;
      const err = thrown(() => initSession(OT, KEY, id, undefined, quiet));
      expect(err).toMatchObject({ code: 'allowlist-session-cached' });
    });
  });

  describe('7. hostile options: a typed error, in bounded time', () => {
    const deep = (): object => {
      let o: object = {};
      for (let i = 0; i < 100_000; i++) o = Object.create(o) as object;
      return o;
    };
    const revoked = (): object => {
      const r = Proxy.revocable({}, {});
      r.revoke();
      return r.proxy;
    };
    it.each<[string, () => object]>([
      [
        'a Proxy whose getPrototypeOf returns itself',
        () => {
          const p: object = new Proxy({}, { getPrototypeOf: () => p });
          return p;
        },
      ],
      [
        'a Proxy prototype cycle of two',
        () => {
          const a: { p?: object } = {};
          const p = new Proxy(a, { getPrototypeOf: () => q });
          const q: object = new Proxy({}, { getPrototypeOf: () => p });
          return p;
        },
      ],
      ['a prototype chain 100,000 long', deep],
      [
        'a getter that throws',
        () => ({
          get iceConfig(): never {
            throw new Error('getter');
          },
        }),
      ],
      [
        'an ownKeys trap that throws',
        () =>
          new Proxy(
            {},
            {
              ownKeys: () => {
                throw new Error('trap');
              },
            },
          ),
      ],
      [
        'a getPrototypeOf trap that throws',
        () =>
          new Proxy(
            {},
            {
              getPrototypeOf: () => {
                throw new Error('trap');
              },
            },
          ),
      ],
      [
        'a getOwnPropertyDescriptor trap that throws (on ipWhitelist)',
        () =>
          new Proxy(
            { ipWhitelist: true },
            {
              getOwnPropertyDescriptor: () => {
                throw new Error('trap');
              },
            },
          ),
      ],
      ['a revoked Proxy', revoked],
    ])('%s', (_name, make) => {
      const { OT } = open();
      const id = sid();
      const err = refused(OT, id, () => initSession(OT, KEY, id, make() as never, quiet));
      expect(err).toBeInstanceOf(SdkArgumentError);
      expect(err.path).toEqual(['options']);
      guard(OT, quiet);
      expect(refused(OT, id, () => OT.initSession(KEY, id, make()))).toBeInstanceOf(SdkArgumentError);
    });
  });

  describe('8. guard() without an argument also guards every OT that takes the global’s place', () => {
    it('a second SDK script loaded after the guard creates sessions with ipWhitelist: true', async () => {
      const w = open();
      w.evaluate(await librarySdkScript());
      const lib = w.window['VideoAllowlist'] as { guard(OT?: unknown, s?: unknown): () => void };
      const unguard = lib.guard(undefined, quiet);
      const second = SDK_BUILDS.find((b) => b !== sdk)!;
      w.evaluate(sdkSource(second)); // replaces window.OT, as Video Express's script build does
      const OT = w.window['OT'] as LoadedOT;
      expect(OT).not.toBe(w.OT);
      expect(OT.version).toBe(`v${second.version}`);
      OT.setProxyUrl?.(standIn.origin);
      expect(await onWire(OT.initSession(KEY, sid()))).toBe(true);
      // An OT that cannot be guarded (too old) is refused: the global keeps the guarded one.
      w.window['oldOT'] = { version: 'v2.14.8', initSession: () => ({}) };
      expect(thrown(() => w.evaluate('OT = window.oldOT'))).toMatchObject({ code: 'unsupported-sdk-version' });
      expect(w.window['OT']).toBe(OT);
      unguard();
      expect(Object.getOwnPropertyDescriptor(w.window, 'OT')).toMatchObject({ value: OT, writable: true });
      expect(await onWire(OT.initSession(KEY, sid()))).toBe(false);
    });
  });
});
