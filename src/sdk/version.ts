import { badArgument, show, UnsupportedSdkVersionError } from './errors.js';
import { findOpenTok, type Loose, type OpenTokLike } from './opentok.js';

/** The first OpenTok.js version with the `ipWhitelist` session option. */
export const MINIMUM_SDK_VERSION = '2.15.0';

// Semver 2.0 with an optional leading "v" (OT.version is "v2.35.2"); build metadata is ignored.
const SEMVER = /^v?(\d+)\.(\d+)\.(\d+)(?:-([\w-]+(?:\.[\w-]+)*))?(?:\+[\w.-]+)?$/;
const NUMERIC = /^\d+$/;

/** `[major, minor, patch, ...pre-release identifiers]`, or undefined when `version` is not semver. */
function parse(version: unknown): string[] | undefined {
  const m = typeof version === 'string' ? SEMVER.exec(version) : null;
  return m ? [m[1]!, m[2]!, m[3]!, ...(m[4]?.split('.') ?? [])] : undefined;
}

/** Semver precedence of two parsed versions: negative, 0 or positive. */
function compare(a: string[], b: string[]): number {
  for (let i = 0; ; i++) {
    const p = a[i];
    const q = b[i];
    // Past the release part, the one without pre-release ranks higher; a longer pre-release ranks higher.
    if (p === undefined || q === undefined) return (a.length - b.length) * (i === 3 ? -1 : 1);
    if (p !== q) {
      const pn = i < 3 || NUMERIC.test(p);
      const qn = i < 3 || NUMERIC.test(q);
      // Numeric identifiers compare as numbers and rank below alphanumeric ones.
      return pn && qn ? +p - +q : pn ? -1 : qn ? 1 : p < q ? -1 : 1;
    }
  }
}

function readVersion(ot: Loose): string | null {
  let v = ot['version'];
  if (v === undefined) v = (ot['properties'] as Loose | undefined)?.['version'];
  return v == null ? null : typeof v == 'string' ? v : show(v);
}

/**
 * The version the loaded OpenTok.js reports, as it reports it (`'v2.35.2'`; a non-string is described,
 * `'[object]'`, never converted): `OT.version`, or
 * `OT.properties.version` only when `OT.version` is absent (reading that one logs a deprecation
 * warning in current builds). `null` when neither exists.
 *
 * @param OT - The SDK's `OT`; default `globalThis.OT`.
 * @throws {@link OpenTokNotFoundError} when there is no `OT`.
 */
export function sdkVersion(OT?: OpenTokLike | null): string | null {
  return readVersion(findOpenTok(OT) as unknown as Loose);
}

/** {@link assertSupportedSdk} on an `OT` already found. */
export function gate(ot: OpenTokLike, minimum: string = MINIMUM_SDK_VERSION): string {
  const required = parse(minimum);
  if (!required) badArgument('minimum', minimum, 'a version like "2.15.0"');
  const found = readVersion(ot as unknown as Loose);
  const parsed = parse(found);
  if (parsed && compare(parsed, required) >= 0) return found!;
  throw new UnsupportedSdkVersionError(
    found,
    minimum,
    found === null ? 'is missing' : `${show(found)} is ${parsed ? 'below' : 'not comparable with'} ${minimum}`,
  );
}

/**
 * Throws unless the loaded OpenTok.js is at least `minimum`; returns the version it reported.
 *
 * Versions compare by semver precedence, with an optional leading `v`. A pre-release ranks below its
 * release: `2.15.0-beta.1` is refused at the default minimum `2.15.0` (pass `'2.15.0-0'` to admit the
 * pre-releases of 2.15.0). Build metadata (`+…`) is ignored. A missing, empty or unparsable version
 * is refused: the gate cannot vouch for it.
 *
 * @param OT - The SDK's `OT`; default `globalThis.OT`.
 * @param minimum - The lowest accepted version, as semver. Default {@link MINIMUM_SDK_VERSION} (`'2.15.0'`).
 * @throws {@link UnsupportedSdkVersionError} carrying `found` and `required`.
 * @throws {@link SdkArgumentError} when `minimum` is not a version.
 * @throws {@link OpenTokNotFoundError} when there is no `OT`.
 */
export function assertSupportedSdk(OT?: OpenTokLike | null, minimum?: string): string {
  return gate(findOpenTok(OT), minimum);
}
