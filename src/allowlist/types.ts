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

/** Options of {@link AllowlistLike.check}. */
export interface CheckOptions {
  /**
   * Consider only entries of this category, plus entries that have no category (a list pasted without
   * headings applies to every server).
   */
  category?: Category;
}

/** What the preflight needs of a list: implemented by `AllowedIpList`. */
export interface AllowlistLike {
  /** Throws an error with code `invalid-address` for anything that is not a strict IPv4/IPv6 address. */
  check(ip: string, options?: CheckOptions): CheckResult;
}
