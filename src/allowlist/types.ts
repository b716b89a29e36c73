/**
 * The four blocks of Vonage's allowed IP list, as grouped on the account page: the list's categories.
 * (The preflight's five check categories, `CheckCategory`, add `messaging`, checked against the `api` block.)
 */
export type ListCategory = 'media' | 'turn' | 'api' | 'logging';

/**
 * The former name of {@link ListCategory}, kept so that existing code compiles.
 *
 * @deprecated Use {@link ListCategory}.
 */
export type Category = ListCategory;

/** The answer of {@link AllowedIpList.check}: the most specific matching block, or none. */
export interface CheckResult {
  /** True when an allow entry matches and no deny entry does. */
  allowed: boolean;
  /** The matching block in canonical CIDR form (`203.0.113.0/24`), or null when none matches. */
  block: string | null;
  /** The category of that block; null when none matches or the entry has no category. */
  category: ListCategory | null;
  /** The entry's description, or null. */
  description: string | null;
}

/** Options of {@link AllowlistLike.check}. */
export interface CheckOptions {
  /**
   * Consider only entries of this category, plus entries that have no category (a list pasted without
   * headings applies to every server).
   */
  category?: ListCategory;
}

/** What the preflight needs of a list: implemented by `AllowedIpList`. */
export interface AllowlistLike {
  /** Throws an error with code `invalid-address` for anything that is not a strict IPv4/IPv6 address. */
  check(ip: string, options?: CheckOptions): CheckResult;
}

// ---------------------------------------------------------------------------------------------
// The contract of src/allowlist/ (written first so parsing/list and diff/export can be built in
// parallel). Implementations:
//   address.ts  parseAddress, parseBlock, AddressParseError            (strict, no dependency)
//   table.ts    the merged sorted range table with binary search       (internal)
//   list.ts     AllowedIpList (fromText/toText, fromJSON/toJSON, add/remove/entries/check)
//   cover.ts    range arithmetic for diff and export: merge to a minimal CIDR cover, subtract
//   diff.ts     diffLists(old, new)
//   export.ts   exportRules(list, format, options)
// ---------------------------------------------------------------------------------------------

/** 4 or 6. */
export type Family = 4 | 6;

/** Allow entries let traffic through; deny entries carve holes in them and always win. */
export type EntryAction = 'allow' | 'deny';

/** A parsed, strict address. `text` is the canonical form (RFC 5952 for IPv6). */
export interface ParsedAddress {
  family: Family;
  /** Canonical text: `192.0.2.1`, `2001:db8::1`. An IPv4-mapped IPv6 keeps family 6 here. */
  text: string;
  /** The address as a BigInt (32 or 128 bits). Not for hot paths. */
  value: bigint;
  /** For an IPv4-mapped IPv6 address (`::ffff:192.0.2.1`), the IPv4 address it carries; else null. */
  mappedIpv4: string | null;
}

/** A parsed CIDR block. A bare address is a /32 or /128 block. */
export interface ParsedBlock {
  family: Family;
  /** Canonical CIDR text: `203.0.113.0/24`, `2001:db8::/32`. */
  text: string;
  prefix: number;
  /** First and last address of the block, inclusive. */
  first: bigint;
  last: bigint;
}

/** Options of `parseBlock`. */
export interface ParseBlockOptions {
  /**
   * When a block has host bits set (`10.0.0.1/8`): false (default) refuses it with an error naming the
   * canonical form; true returns the canonical block (`10.0.0.0/8`).
   */
  normalize?: boolean;
}

/** One entry of an {@link AllowedIpList}. */
export interface ListEntry {
  /** Canonical CIDR text. */
  block: string;
  family: Family;
  prefix: number;
  /** null when the list had no heading for it (applies to every server). */
  category: ListCategory | null;
  description: string | null;
  action: EntryAction;
}

/** Options of `AllowedIpList.add`. */
export interface AddOptions {
  category?: ListCategory | null;
  description?: string | null;
  action?: EntryAction;
  /** As in {@link ParseBlockOptions.normalize}. */
  normalize?: boolean;
}

/** A query of `AllowedIpList.entries` and `remove`. */
export interface EntryQuery {
  category?: ListCategory | null;
  /** Entries whose block contains this address. */
  containsIp?: string;
  action?: EntryAction;
}

/**
 * One problem found while parsing list text or JSON. In text, lines and columns count from 1. In JSON,
 * `line` and `column` are 0 and `text` starts with the JSON path (`prefixes[3].ip_prefix`), except for
 * JSON that does not parse, where they point at the syntax error.
 */
export interface ListParseIssue {
  line: number;
  column: number;
  /** The offending text (the entry or heading as written). */
  text: string;
  reason: string;
}

/**
 * The JSON form of a list, modelled on AWS `ip-ranges.json`. Documented in docs/list-format.md.
 * `schemaVersion` is 1; readers refuse versions they do not know.
 */
export interface AllowedIpListJson {
  schemaVersion: 1;
  /** Opaque; by default the creation time in seconds since the epoch, as a string. */
  syncToken: string;
  /** `YYYY-MM-DD-hh-mm-ss` in UTC, as AWS writes it. */
  createDate: string;
  prefixes: Array<{ ip_prefix: string; category: ListCategory | null; description?: string; action?: EntryAction }>;
  ipv6_prefixes: Array<{
    ipv6_prefix: string;
    category: ListCategory | null;
    description?: string;
    action?: EntryAction;
  }>;
}

/** The key of one category in a diff; `uncategorized` holds entries without a category. */
export type DiffCategory = ListCategory | 'uncategorized';

/** What changed in one category between two lists. Every array holds canonical CIDR text, sorted. */
export interface CategoryDiff {
  /** Blocks written in the new list and not in the old (as written, not merged). */
  added: string[];
  removed: string[];
  /** Address space allowed now and not before, as a minimal CIDR cover. Deny entries are applied. */
  coverageGained: string[];
  coverageLost: string[];
}

/** The result of `diffLists(old, new)`. */
export interface ListDiff {
  /** True when any category gained or lost coverage (rewriting a /24 as two /25s is not a change). */
  changed: boolean;
  categories: Partial<Record<DiffCategory, CategoryDiff>>;
}

/** The formats of `exportRules`: firewall rules, and the list's own `text` and `json` forms. */
export type ExportFormat = 'nftables' | 'ipset' | 'aws' | 'gcp' | 'azure' | 'json-rules' | 'text' | 'json';

/** Options of `exportRules`. */
export interface ExportOptions {
  /** Only these categories (default: all). */
  categories?: ListCategory[];
  /** Name used for sets, rules and groups (default `vonage-video`). */
  name?: string;
  /**
   * Open every port and protocol to the exported blocks, in one rule set merged across categories (the
   * behaviour before per-category ports). Default false: each category gets only the ports it needs
   * (TURN UDP/TCP 3478 and 443, media UDP 1025-65535, API and logging TCP 443).
   */
  allPorts?: boolean;
}

/** One protocol and the destination ports a category needs on it, as inclusive ranges. */
export interface PortRule {
  /** The transport protocol the rule opens. */
  protocol: 'tcp' | 'udp';
  /** Inclusive port ranges, `[first, last]` (`[[3478, 3478], [443, 443]]`). */
  ports: ReadonlyArray<readonly [number, number]>;
}
