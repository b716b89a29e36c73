/**
 * Types against the SDK's own typings (`import type`, so nothing of the SDK loads in Node): the
 * Session type and the options type flow through initSession.
 */
import type OTNamespace from '@vonage/client-sdk-video';
import { describe, expectTypeOf, it } from 'vitest';
import { guard, initSession, type SessionOf, type SessionOptionsOf } from '../../src/sdk/index.js';

type OTType = typeof OTNamespace;

describe('types with the SDK’s own typings', () => {
  it('initSession returns the SDK’s Session and takes the SDK’s options', () => {
    expectTypeOf<SessionOf<OTType>>().toEqualTypeOf<OTNamespace.Session>();
    expectTypeOf<SessionOptionsOf<OTType>>().toHaveProperty('iceConfig');
    expectTypeOf(initSession<OTType>).returns.toEqualTypeOf<OTNamespace.Session>();
    expectTypeOf(initSession<OTType>).parameter(3).toEqualTypeOf<SessionOptionsOf<OTType> | undefined>();
    // @ts-expect-error: an option the SDK does not have is a type error, as with OT.initSession itself.
    const bad: SessionOptionsOf<OTType> = { ipWhitelisted: true };
    void bad;
    expectTypeOf(guard).returns.toEqualTypeOf<() => void>();
  });
});
