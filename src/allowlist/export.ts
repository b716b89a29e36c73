/**
 * `exportRules`: firewall rules from an allowed IP list, or the list merged in its own forms. The options are checked in export-options.ts,
 * the list reduced in export-model.ts, and each format written by a writer in export-linux.ts,
 * export-cloud.ts, export-rules-json.ts or export-lists.ts.
 */
import type { ListLike } from './cover.js';
import { azure, aws, gcp } from './export-cloud.js';
import { nftables, ipset } from './export-linux.js';
import { jsonList, text } from './export-lists.js';
import { buildModel, type ExportModel } from './export-model.js';
import { ExportOptionError, show } from './export-options.js';
import { jsonRules } from './export-rules-json.js';
import type { ExportFormat, ExportOptions } from './types.js';

export { ExportOptionError } from './export-options.js';
export { EXPORT_PORTS } from './export-model.js';

/** Every format {@link exportRules} writes, in the order its error messages list them. */
export const EXPORT_FORMATS: readonly ExportFormat[] = [
  'nftables',
  'ipset',
  'aws',
  'gcp',
  'azure',
  'json-rules',
  'text',
  'json',
];

const WRITERS: Record<ExportFormat, (model: ExportModel) => string> = {
  nftables,
  ipset,
  aws,
  gcp,
  azure,
  'json-rules': jsonRules,
  text,
  json: jsonList,
};

/**
 * Firewall rules that allow traffic to the addresses of an allowed IP list, and nothing more; or
 * that list reduced to what it allows, in the list's own text or JSON form (`text`, `json`).
 *
 * The list is first reduced to what it allows: per category, its own and the uncategorized allow
 * entries minus its own and the uncategorized deny entries (as `AllowedIpList.check(ip, { category })`
 * reads them). Each category is then opened only on the ports its servers use (`EXPORT_PORTS` in export-model.ts:
 * TURN UDP/TCP 3478 and 443, media UDP 1025-65535, API and logging TCP 443), so a deny entry of one
 * category closes the address on that category's ports only. As an uncategorized entry applies to
 * every server, a list with one exports all four categories. With `allPorts: true`, the categories
 * are merged instead into one cover per family opened on every port and protocol. Covers are minimal:
 * overlapping and adjacent blocks become one and deny entries become holes. No output but `json`
 * holds a date, so the same list always gives the same bytes.
 *
 * The IPv4-mapped IPv6 space (`::ffff:0:0/96`) is never in the IPv6 rules (`check` answers those
 * addresses from the IPv4 entries), even where leaving it out costs blocks (`::/0` becomes 96).
 *
 * Formats (sets and rules are named `<name>-<category>-v4` per category, `<name>-v4` with `allPorts`):
 * - `nftables`: an `nft -f` script replacing `table inet <name>`, with `flags interval` sets and an
 *   output chain accepting traffic to them on their ports. It must be merged with your egress policy
 *   (the script's comments say how).
 * - `ipset`: `ipset restore` lines filling `hash:net` sets through a swap, then commented
 *   `iptables`/`ip6tables` rules using `-m set --match-set` and the ports.
 * - `aws`: `{ IpPermissions: [...] }` for `aws ec2 authorize-security-group-egress --group-id ID
 *   --cli-input-json file://FILE`: one permission per protocol and port range (with `allPorts`, one for
 *   all protocols), ranges described by the categories each block serves. A security group holds 60
 *   outbound rules per family by default (a quota you can raise).
 * - `gcp`: a JSON array of VPC firewall rules, one per category and family (GCP refuses mixed
 *   families), `EGRESS`, priority 1000, with the category's protocols and ports.
 * - `azure`: `{ securityRules: [...] }` for a network security group: `Outbound` `Allow` rules, one per
 *   category, protocol and family (priorities from 1000), with `destinationAddressPrefixes`.
 * - `json-rules`: `{ name, categories: { media: { ipv4, ipv6, ports }, … }, all: { ipv4, ipv6 } }`, the
 *   exact cover per category with its ports, and merged: the rule set as plain JSON, for a firewall
 *   tool of your own. It is not a list: `fromJSON` refuses it.
 * - `text`: the list's text form, one CIDR block per line under `[category]` headings (uncategorized
 *   first), which `AllowedIpList.fromText` reads back to a list that allows the same addresses for
 *   every category. Ports do not apply.
 * - `json`: the same list in the list's own JSON form (schemaVersion 1), exactly as `AllowedIpList.toJSON`
 *   writes it, which `AllowedIpList.fromJSON` reads back. Ports do not apply. Its `createDate` and
 *   `syncToken` (the form requires them) are the time of the export: the one output that holds a date.
 *   To convert a list as written (descriptions, deny entries and date kept, nothing merged), use
 *   `AllowedIpList.toJSON` instead.
 *
 * @param list The list, e.g. an `AllowedIpList` (anything with `entries()`).
 * @param format One of {@link EXPORT_FORMATS}.
 * @param options `categories` to export only some (default: every category the list names, all four
 *   when it has uncategorized entries); `name` for sets, tables and rules (default `vonage-video`):
 *   lowercase letters, digits and `-`, at most 60 characters (`ipset`: 16, or 24 with `allPorts`;
 *   `gcp`: 52, or 60 with `allPorts`); `allPorts` for one merged rule set on every port.
 * @throws {@link ExportOptionError} (`invalid-export-option`) naming an unknown format, a bad name or category.
 * @throws `ListArgumentError` (`invalid-list-argument`) when `list` is not list-like or an entry has an unknown category or
 *   action, or an IPv4-mapped IPv6 block (`::ffff:192.0.2.0/120`: write the IPv4 block).
 * @throws `AddressParseError` (`invalid-address`) when an entry's block is not a valid CIDR block.
 */
export function exportRules(list: ListLike, format: ExportFormat, options: ExportOptions = {}): string {
  if (typeof format !== 'string' || !Object.hasOwn(WRITERS, format)) {
    throw new ExportOptionError(
      'format',
      `unknown export format ${show(format)}; expected one of ${EXPORT_FORMATS.join(', ')}`,
    );
  }
  if (options === null || typeof options !== 'object') {
    throw new ExportOptionError('options', `expected an object, got ${options === null ? 'null' : typeof options}`);
  }
  return exportWithCount(list, format, options).rules;
}

/**
 * {@link exportRules}, and how many blocks the rules hold (both families), from one build: the CLI
 * warns when a firewall loading them would let nothing through. Internal.
 */
export function exportWithCount(
  list: ListLike,
  format: ExportFormat,
  options: ExportOptions = {},
): { rules: string; blocks: number } {
  const model = buildModel(list, format, options);
  return { rules: WRITERS[format](model), blocks: model.v4.blocks.length + model.v6.blocks.length };
}
