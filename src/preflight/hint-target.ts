import type { RouteTarget } from './route.js';

/** What `Transport.hint` words a failure with. */
export interface TransportHintTarget extends Pick<RouteTarget, 'category' | 'transport' | 'host' | 'port'> {
  /** What the check needs open, in firewall words: `TCP 443 (HTTPS) to anvil.opentok.com, in your list's API block`. */
  open: string;
  /** The proxy, without credentials (`http://proxy:3128`); unset when none was used. */
  proxy?: string;
  /** One line from the probe (the proxy's status, the certificate's issuer). */
  detail?: string;
  /** The address reached, when known. */
  ip?: string;
  /** The check's deadline, ms. */
  timeoutMs: number;
}
