/** The server categories of Vonage's allowed IP list, as grouped on the account page. */
export type Category = 'media' | 'turn' | 'api' | 'logging';

/** The answer of {@link AllowedIpList.check}: the most specific matching block, or none. */
export interface CheckResult {
  /** True when an allow entry matches and no deny entry does. */
  allowed: boolean;
  /** The matching block in canonical CIDR form (`203.0.113.0/24`), or null when none matches. */
  block: string | null;
  /** The category of that block; null when none matches or the entry has no category. */
  category: Category | null;
  /** The entry's description, or null. */
  description: string | null;
}
