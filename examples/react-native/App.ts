/**
 * React Native: give `<OTSession>` session options whose type demands `ipWhitelist: true`, so
 * leaving it out, or setting it to `false`, does not compile.
 *
 * The app renders:
 *
 *   <OTSession {...callProps(apiKey, sessionId, token)}>
 *     <OTPublisher />
 *   </OTSession>
 *
 * No React or opentok-react-native is needed to type-check this file: the few types it uses from
 * opentok-react-native are declared below (a subset of its `OTSession` props and session options).
 */
import { withIpWhitelist, type WithIpWhitelist } from 'vonage-video-allowlist';

/** opentok-react-native's session options (subset; see its docs/OTSession.md, "Session options"). */
export interface SessionOptions {
  connectionEventsSuppressed?: boolean;
  enableStereoOutput?: boolean;
  ipWhitelist?: boolean;
  proxyUrl?: string;
  iceConfig?: {
    includeServers: 'all' | 'custom';
    transportPolicy: 'all' | 'relay';
    customServers: { urls: string[]; username?: string; credential?: string }[];
  };
}

/** opentok-react-native's `<OTSession>` props (subset). */
export interface OTSessionProps {
  apiKey: string;
  sessionId: string;
  token: string;
  options?: SessionOptions;
}

/** What this app passes to `<OTSession>`: `options` is required and carries `ipWhitelist: true`. */
export type AllowlistedSessionProps = Omit<OTSessionProps, 'options'> & { options: WithIpWhitelist<SessionOptions> };

/** Props for the call screen's `<OTSession>`, written out. */
export function callProps(apiKey: string, sessionId: string, token: string): AllowlistedSessionProps {
  return {
    apiKey,
    sessionId,
    token,
    options: {
      connectionEventsSuppressed: true,
      ipWhitelist: true,
    },
  };
}

/**
 * Props from options built elsewhere (settings screen, remote config): `withIpWhitelist` adds the
 * setting, and throws if those options say `ipWhitelist: false`.
 */
export function propsFrom(
  base: SessionOptions,
  apiKey: string,
  sessionId: string,
  token: string,
): AllowlistedSessionProps {
  return { apiKey, sessionId, token, options: withIpWhitelist(base) };
}

// The props fit the real component: an AllowlistedSessionProps is an OTSessionProps.
export const forOTSession: OTSessionProps = callProps('api-key', 'session-id', 'token');
