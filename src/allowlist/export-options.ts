/**
 * The options of `exportRules`, checked before anything is built: the format, a name every firewall
 * accepts, the categories. Internal to src/allowlist/ (the error class is public).
 */
import { VideoAllowlistError } from '../errors.js';
import { CATEGORIES, isCategory } from './categories.js';
import type { ListCategory, ExportFormat } from './types.js';

/**
 * Bad input to `exportRules`: an unknown format, a name a firewall would refuse, an unknown
 * category. `code` is `invalid-export-option`; `option`, `path` and the message name the input at fault.
 */
export class ExportOptionError extends VideoAllowlistError {
  /** The class name, written out so that a minifier's renaming does not reach `err.name`. */
  static override readonly name = 'ExportOptionError';

  declare readonly code: 'invalid-export-option';
  /** The input at fault: `format`, `name`, `categories` or `options`. */
  readonly option: 'format' | 'name' | 'categories' | 'options';

  constructor(option: ExportOptionError['option'], reason: string) {
    super('invalid-export-option', `${option}: ${reason}`, { path: [option], reason });
    this.option = option;
  }
}

export const DEFAULT_NAME = 'vonage-video';

// Words nft reads as keywords wherever a table name can stand (nftables 1.x scanner, outside scoped
// start conditions): `table inet ip { … }` does not load, so such names are refused up front. A plain
// string, split on first use: a module-level call would stay in every bundle of this package.
const NFT_WORDS =
  'ne eq le lt ge gt lshift rshift xor and or not vmap include define redefine undefine describe hook device ' +
  'devices table chain rule set element map flowtable handle ruleset socket tproxy accept drop continue jump ' +
  'goto return inet netdev add replace update create insert delete get list reset flush rename import export ' +
  'monitor destroy position index comment constant interval dynamic auto-merge timeout gc-interval elements ' +
  'expires policy size flow offload meter counter last log queue limit quota hour day reject snat dnat ' +
  'masquerade redirect random th bridge ether type typeof vlan arp ip ecn time icmp icmpv6 igmp ip6 priority ' +
  'ah esp comp flags udp udplite vxlan vni geneve gre gretap tcp dccp sctp rt rt0 rt2 srh hbh frag dst mh meta ' +
  'mark iif iifname iiftype oif oifname oiftype skuid skgid nftrace rtclassid ibriport ibrname obriport obrname ' +
  'pkttype cpu iifgroup oifgroup cgroup ct numgen jhash symhash dup fwd fib osf synproxy tunnel notrack all ' +
  'exists missing exthdr ipsec secmark xt';
let nftKeywords: ReadonlySet<string> | undefined;

/** Whether nft reads `name` as a keyword. */
function isNftKeyword(name: string): boolean {
  return (nftKeywords ??= new Set(NFT_WORDS.split(' '))).has(name);
}

/** A value as it reads in a message: strings quoted, anything else as `String` gives it (never throws). */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    return String(value);
  } catch {
    return typeof value;
  }
}

/**
 * The longest name a format allows. ipset set names are at most 31 characters: the longest derived
 * one is `<name>-v4-new` (24 left), per category `<name>-logging-v4-new` (16). A GCP rule name is at
 * most 63: `<name>-logging-v4` leaves 52.
 */
function maxName(format: ExportFormat, allPorts: boolean): number {
  if (format === 'ipset') return allPorts ? 24 : 16;
  return format === 'gcp' && !allPorts ? 52 : 60;
}

export function checkName(format: ExportFormat, name: unknown, allPorts: boolean): string {
  if (name === undefined) return DEFAULT_NAME;
  if (typeof name !== 'string') throw new ExportOptionError('name', `expected a string, got ${typeof name}`);
  const max = maxName(format, allPorts);
  if (!/^[a-z]([a-z0-9-]*[a-z0-9])?$/.test(name)) {
    throw new ExportOptionError(
      'name',
      `${JSON.stringify(name)} is not usable in every firewall: use lowercase letters, digits and '-', starting with a letter and not ending with '-' (e.g. ${JSON.stringify(DEFAULT_NAME)})`,
    );
  }
  if (name.length > max) {
    throw new ExportOptionError(
      'name',
      `${JSON.stringify(name)} is ${name.length} characters; ${format} allows at most ${max} here`,
    );
  }
  if (format === 'nftables' && isNftKeyword(name)) {
    throw new ExportOptionError(
      'name',
      `${JSON.stringify(name)} is an nft keyword and cannot name a table; try ${JSON.stringify(`${name}-allowlist`)}`,
    );
  }
  return name;
}

export function checkCategories(categories: unknown): ListCategory[] | null {
  if (categories === undefined) return null;
  if (!Array.isArray(categories))
    throw new ExportOptionError('categories', `expected an array of ${CATEGORIES.join(', ')}`);
  if (categories.length === 0) {
    throw new ExportOptionError(
      'categories',
      'is empty, which would export no address; leave it out to export every category',
    );
  }
  for (const category of categories) {
    if (!isCategory(category)) {
      throw new ExportOptionError(
        'categories',
        `unknown category ${show(category)}; expected ${CATEGORIES.join(', ')}`,
      );
    }
  }
  return categories as ListCategory[];
}
