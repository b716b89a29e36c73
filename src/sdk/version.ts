import { badArgument, show, UnsupportedSdkVersionError } from './errors.js';
import { findOpenTok, type Loose, type OpenTokLike } from './opentok.js';

/** The first OpenTok.js version with the `ipWhitelist` session option. */
export const MINIMUM_SDK_VERSION = '2.15.0';

// Semver 2.0 with an optional leading "v" (OT.version is "v2.35.2"); build metadata is ignored.
const SEMVER = /^v?(\d+)\.(\d+)\.(\d+)(?:-([\w-]+(?:\.[\w-]+)*))?(?:\+[\w.-]+)?$/;
const NUMERIC = /^\d+$/;

/** `[major, minor, patch, ...pre-release identifiers]`, or undefined when `version` is not semver. */
function parse(version: unknown): string[] | undefined {
  const match = typeof version === 'string' ? SEMVER.exec(version) : null;
  return match ? [match[1]!, match[2]!, match[3]!, ...(match[4]?.split('.') ?? [])] : undefined;
}

/** Semver precedence of two parsed versions: negative, 0 or positive. */
function compare(first: string[], second: string[]): number {
  for (let i = 0; ; i++) {
    const firstPart = first[i];
    const secondPart = second[i];
    // Past the release part, the one without pre-release ranks higher; a longer pre-release ranks higher.
    if (firstPart === undefined || secondPart === undefined) return (first.length - second.length) * (i === 3 ? -1 : 1);
    if (firstPart !== secondPart) {
      const firstNumeric = i < 3 || NUMERIC.test(firstPart);
      const secondNumeric = i < 3 || NUMERIC.test(secondPart);
      // Numeric identifiers compare as numbers and rank below alphanumeric ones.
      return firstNumeric && secondNumeric
        ? +firstPart - +secondPart
        : firstNumeric
          ? -1
          : secondNumeric
            ? 1
            : firstPart < secondPart
              ? -1
              : 1;
    }
  }
}

function readVersion(ot: Loose): string | null {
  let version = ot['version'];
  if (version === undefined) version = (ot['properties'] as Loose | undefined)?.['version'];
  return version == null ? null : typeof version == 'string' ? version : show(version);
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
