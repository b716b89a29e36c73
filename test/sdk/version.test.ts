import { afterEach, describe, expect, it, vi } from 'vitest';
import { VideoAllowlistError } from '../../src/errors.js';
import {
  assertSupportedSdk,
  MINIMUM_SDK_VERSION,
  OpenTokNotFoundError,
  SdkArgumentError,
  sdkVersion,
  UnsupportedSdkVersionError,
} from '../../src/sdk/index.js';
import { fakeOT } from './fake-ot.js';

afterEach(() => {
  delete (globalThis as Record<string, unknown>)['OT'];
});

/** The error `fn` throws (fails the test when it throws nothing). */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw, got none');
}

describe('assertSupportedSdk: the version table at the default minimum 2.15.0', () => {
  it.each<[unknown, boolean, string]>([
    // [OT.version, accepted, why]
    ['v2.35.2', true, 'the measured npm build, leading v'],
    ['2.15.0', true, 'exactly the minimum, no v'],
    ['v2.15.0', true, 'exactly the minimum'],
    ['v2.15.1', true, 'patch above'],
    ['v3.0.0', true, 'major above'],
    ['v2.15.0+build.7', true, 'build metadata is ignored'],
    ['v2.14.9', false, 'below'],
    ['v2.9.99', false, 'minor 9 < 15 numerically, not as text'],
    ['v1.99.99', false, 'major below'],
    ['2.15.0-beta.1', false, 'a pre-release of the minimum ranks below it'],
    ['v2.15.0-rc.2', false, 'a pre-release of the minimum ranks below it'],
    ['v2.16.0-beta.1', true, 'a pre-release of a later release is above 2.15.0'],
    ['', false, 'empty'],
    ['garbage', false, 'not a version'],
    ['2.15', false, 'two parts'],
    ['v2.15.0.1', false, 'four parts'],
    [' v2.35.2', false, 'whitespace is not trimmed'],
    ['vv2.35.2', false, 'one v at most'],
    [2.15, false, 'a number, not a version string'],
  ])('%j → accepted %s (%s)', (version, accepted) => {
    const OT = fakeOT({ version });
    if (accepted) {
      expect(assertSupportedSdk(OT)).toBe(String(version));
      return;
    }
    const err = thrown(() => assertSupportedSdk(OT));
    expect(err).toBeInstanceOf(UnsupportedSdkVersionError);
    expect(err).toBeInstanceOf(VideoAllowlistError);
    expect(err).toMatchObject({ code: 'unsupported-sdk-version', found: String(version), required: '2.15.0' });
    expect((err as Error).message).toContain('load OpenTok.js 2.15.0 or later');
  });

  it('refuses an OT with no version anywhere, with found null', () => {
    const err = thrown(() => assertSupportedSdk(fakeOT({ version: undefined })));
    expect(err).toBeInstanceOf(UnsupportedSdkVersionError);
    expect(err).toMatchObject({ found: null, required: '2.15.0' });
    expect((err as Error).message).toBe('OT.version is missing: load OpenTok.js 2.15.0 or later.');
    expect(err).toMatchObject({
      path: ['OT', 'version'],
      reason: 'is missing',
      hint: 'load OpenTok.js 2.15.0 or later',
    });
  });

  it('says "below" for an old version and "not comparable" for garbage', () => {
    expect((thrown(() => assertSupportedSdk(fakeOT({ version: 'v2.14.9' }))) as Error).message).toBe(
      'OT.version "v2.14.9" is below 2.15.0: load OpenTok.js 2.15.0 or later.',
    );
    expect((thrown(() => assertSupportedSdk(fakeOT({ version: 'garbage' }))) as Error).message).toBe(
      'OT.version "garbage" is not comparable with 2.15.0: load OpenTok.js 2.15.0 or later.',
    );
  });

  it.each<[string, unknown, string]>([
    ['an object without a prototype', Object.create(null), '[object]'],
    [
      'an object whose toString throws',
      {
        toString: () => {
          throw new Error('boom');
        },
      },
      '[object]',
    ],
    ['an array holding a good version', ['v2.35.2'], '[object]'],
    ['a String object', new String('v2.35.2'), '[object]'],
  ])(
    'refuses an OT.version that is not a string (%s) with UnsupportedSdkVersionError, never a bare TypeError',
    (_name, version, found) => {
      const err = thrown(() => assertSupportedSdk(fakeOT({ version })));
      expect(err).toBeInstanceOf(UnsupportedSdkVersionError);
      expect(err).toMatchObject({ found, required: '2.15.0' });
      expect(sdkVersion(fakeOT({ version }))).toBe(found);
    },
  );

  it('uses MINIMUM_SDK_VERSION 2.15.0 as the default', () => {
    expect(MINIMUM_SDK_VERSION).toBe('2.15.0');
  });
});

describe('semver precedence of pre-releases (the spec 2.0.0 §11 chain)', () => {
  const chain = [
    '1.0.0-alpha',
    '1.0.0-alpha.1',
    '1.0.0-alpha.beta',
    '1.0.0-beta',
    '1.0.0-beta.2',
    '1.0.0-beta.11',
    '1.0.0-rc.1',
    '1.0.0',
  ];
  const pairs = chain.flatMap((lower, i) => chain.slice(i + 1).map((higher) => [lower, higher] as const));
  it.each(pairs)('%s < %s', (lower, higher) => {
    expect(assertSupportedSdk(fakeOT({ version: higher }), lower)).toBe(higher);
    expect(() => assertSupportedSdk(fakeOT({ version: lower }), higher)).toThrow(UnsupportedSdkVersionError);
    expect(assertSupportedSdk(fakeOT({ version: lower }), lower)).toBe(lower);
  });

  // '-' sorts before the digits in ASCII: only the numeric-below-alphanumeric rule puts these in order.
  it.each([
    ['1.0.0-9', '1.0.0--'],
    ['1.0.0-rc.2', '1.0.0-rc.-'],
  ])('ranks a numeric identifier below an alphanumeric one whatever ASCII says: %s < %s', (lower, higher) => {
    expect(assertSupportedSdk(fakeOT({ version: higher }), lower)).toBe(higher);
    expect(() => assertSupportedSdk(fakeOT({ version: lower }), higher)).toThrow(UnsupportedSdkVersionError);
  });

  it("admits the pre-releases of 2.15.0 when the minimum is '2.15.0-0'", () => {
    expect(assertSupportedSdk(fakeOT({ version: '2.15.0-beta.1' }), '2.15.0-0')).toBe('2.15.0-beta.1');
    expect(() => assertSupportedSdk(fakeOT({ version: '2.14.9' }), '2.15.0-0')).toThrow(UnsupportedSdkVersionError);
  });

  it('refuses a minimum that is not a version with SdkArgumentError', () => {
    const err = thrown(() => assertSupportedSdk(fakeOT(), 'latest'));
    expect(err).toBeInstanceOf(SdkArgumentError);
    expect(err).toMatchObject({ code: 'invalid-sdk-argument', path: ['minimum'] });
  });
});

describe('sdkVersion: where the version is read', () => {
  it('reads OT.version as the SDK reports it', () => {
    expect(sdkVersion(fakeOT({ version: 'v2.35.2' }))).toBe('v2.35.2');
  });

  it('falls back to OT.properties.version only when OT.version is absent', () => {
    expect(sdkVersion(fakeOT({ version: undefined, propertiesVersion: 'v2.20.0' }))).toBe('v2.20.0');
    expect(assertSupportedSdk(fakeOT({ version: undefined, propertiesVersion: 'v2.20.0' }))).toBe('v2.20.0');
  });

  it('does not read OT.properties.version when OT.version exists (it logs a deprecation warning)', () => {
    const OT = fakeOT({ version: 'v2.14.0' });
    const read = vi.fn(() => 'v9.9.9');
    OT.properties = Object.defineProperty({}, 'version', { get: read });
    expect(sdkVersion(OT)).toBe('v2.14.0');
    expect(() => assertSupportedSdk(OT)).toThrow(UnsupportedSdkVersionError);
    expect(read).not.toHaveBeenCalled();
  });

  it('does not fall back when OT.version is present but empty', () => {
    const OT = fakeOT({ version: '', propertiesVersion: 'v2.35.2' });
    expect(sdkVersion(OT)).toBe('');
    expect(thrown(() => assertSupportedSdk(OT))).toMatchObject({ found: '' });
  });

  it('is null when neither is set', () => {
    expect(sdkVersion(fakeOT({ version: undefined }))).toBeNull();
  });

  it('reads globalThis.OT when no OT is passed, and says how to pass one when there is none', () => {
    expect(() => sdkVersion()).toThrow(OpenTokNotFoundError);
    (globalThis as Record<string, unknown>)['OT'] = fakeOT({ version: 'v2.30.0' });
    expect(sdkVersion()).toBe('v2.30.0');
    expect(assertSupportedSdk(undefined)).toBe('v2.30.0');
  });
});
