/**
 * Types against the SDK's own typings (`import type`, so nothing of the SDK loads in Node): the
 * Session type and the options type flow through initSession; the opt-in script-tag global `OT`
 * (`vonage-video-allowlist/global`, resolved through package.json's exports as a user's would be).
 */
import type {} from 'vonage-video-allowlist/global';
import type OTNamespace from '@vonage/client-sdk-video';
import { describe, expectTypeOf, it } from 'vitest';
import {
  guard,
  initSession,
  type EnforcedOptionsOf,
  type SessionOf,
  type SessionOptionsOf,
} from '../../src/sdk/index.js';

type OTType = typeof OTNamespace;

describe('types with the SDK’s own typings', () => {
  it('initSession returns the SDK’s Session and takes the SDK’s options', () => {
    expectTypeOf<SessionOf<OTType>>().toEqualTypeOf<OTNamespace.Session>();
    expectTypeOf<SessionOptionsOf<OTType>>().toHaveProperty('iceConfig');
    expectTypeOf(initSession<OTType>).returns.toEqualTypeOf<OTNamespace.Session>();
    expectTypeOf(initSession<OTType>)
      .parameter(3)
      .toEqualTypeOf<EnforcedOptionsOf<OTType> | undefined>();
    expectTypeOf<EnforcedOptionsOf<OTType>['iceConfig']>().toEqualTypeOf<SessionOptionsOf<OTType>['iceConfig']>();
    const ok: EnforcedOptionsOf<OTType> = { ipWhitelist: true, encryptionSecret: 's' };
    // @ts-expect-error: ipWhitelist: false is refused at runtime, and a type error already.
    const no: EnforcedOptionsOf<OTType> = { ipWhitelist: false };
    void ok;
    void no;
    // @ts-expect-error: an option the SDK does not have is a type error, as with OT.initSession itself.
    const bad: SessionOptionsOf<OTType> = { ipWhitelisted: true };
    void bad;
    expectTypeOf(guard).returns.toEqualTypeOf<() => void>();
  });
});

describe('the script-tag global OT, opted into with vonage-video-allowlist/global', () => {
  it('is the SDK’s own OT, typed without a cast, on globalThis and window', () => {
    expectTypeOf(OT).toEqualTypeOf<OTType>();
    expectTypeOf(globalThis.OT).toEqualTypeOf<OTType>();
    expectTypeOf(window.OT).toEqualTypeOf<OTType>();
    expectTypeOf(OT.initSession).returns.toEqualTypeOf<OTNamespace.Session>();
    expectTypeOf(initSession(OT, 'key', 'sid')).toEqualTypeOf<OTNamespace.Session>();
    expectTypeOf(guard(OT)).toEqualTypeOf<() => void>();
  });

  it('catches a wrong use', () => {
    const use = (): void => {
      // @ts-expect-error: an option the SDK does not have.
      OT.initSession('key', 'sid', { ipWhitelisted: true });
      // @ts-expect-error: no such method on OT.
      OT.initSessions('key', 'sid');
      // @ts-expect-error: ipWhitelist: false is refused by this library's initSession, and a type error.
      initSession(OT, 'key', 'sid', { ipWhitelist: false });
    };
    void use;
  });
});
