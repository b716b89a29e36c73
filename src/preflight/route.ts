/** How a probe reaches its target: through a proxy or direct (the report's `via`). */
import type { CheckName, ProbeTransport } from './types.js';

/** What `Transport.route` is asked about: a check's target, as its report names it. */
export interface RouteTarget {
  /** The check. */
  category: CheckName;
  /** How it reaches its target (UDP is never proxied). */
  transport: ProbeTransport;
  /** The target's host (without brackets) and port. */
  host: string;
  /** The target's port. */
  port: number;
  /** An `http:` or `ws:` target. */
  plain?: boolean;
}

/** A probe's route: `proxy` with the proxy's URL without credentials, or `direct`. */
export interface Route {
  /** `proxy`: through a proxy; `direct`: straight to the target. */
  via: 'proxy' | 'direct';
  /** `http://proxy:3128`: never a user name or password. */
  proxy?: string;
}
