import { enforcedOptions } from '../sdk/policy.js';

/**
 * `T` with `ipWhitelist` required and `true`: the type of session options that turn the allowed IP
 * list on, for SDKs whose options are a plain object (OpenTok.js, opentok-react-native's
 * `<OTSession options>`). `false`, `boolean` or a missing `ipWhitelist` is a type error.
 *
 * @example
 * ```ts
 * const options: WithIpWhitelist<SessionOptions> = { ipWhitelist: true, connectionEventsSuppressed: true };
 * ```
 */
export type WithIpWhitelist<T extends object = Record<never, never>> = Omit<T, 'ipWhitelist'> & { ipWhitelist: true };

/**
 * A copy of `options` with `ipWhitelist: true` (every option the SDK could read, including inherited,
 * non-enumerable and getter ones, read once into plain values), for `<OTSession options={withIpWhitelist(opts)}>`
 * (React Native) or `OT.initSession(apiKey, sessionId, withIpWhitelist(opts))`. The codebase
 * audit accepts both. `options` itself is not changed.
 *
 * @throws {@link AllowlistPolicyError} `'allowlist-option-refused'` when `options.ipWhitelist` is
 * present and not `true`, or a getter (a `false` there is a decision this function will not overrule silently).
 * @throws {@link SdkArgumentError} when `options` is neither an object nor null/undefined.
 */
export function withIpWhitelist<T extends object>(options?: T): WithIpWhitelist<T> {
  // The same rule and copy as initSession and guard (a getter ipWhitelist is refused too).
  return enforcedOptions(options) as WithIpWhitelist<T>;
}
