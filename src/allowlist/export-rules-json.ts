/** The `json-rules` writer of `exportRules`: the exported rule set as plain JSON. Internal. */
import { formatCidr } from './cover.js';
import { type ExportModel, json, portText } from './export-model.js';

/**
 * `{ name, categories: { media: { ipv4, ipv6, ports }, … }, all: { ipv4, ipv6 } }`: the exact cover per
 * category with the ports it needs, and merged. A rule set for a firewall tool, not a list: the list's
 * own JSON form is the `json` format (or `AllowedIpList.toJSON`).
 */
export function jsonRules(model: ExportModel): string {
  const ports = (group: ExportModel['groups'][number]) =>
    model.allPorts
      ? {}
      : {
          ports: group.ports.map((rule) => ({
            protocol: rule.protocol,
            ports: rule.ports.map((range) => portText(range, '-')),
          })),
        };
  return json({
    name: model.name,
    categories: Object.fromEntries(
      model.groups.map((group) => [
        group.category,
        { ipv4: group.v4.map(formatCidr), ipv6: group.v6.map(formatCidr), ...ports(group) },
      ]),
    ),
    all: { ipv4: model.v4.blocks.map(formatCidr), ipv6: model.v6.blocks.map(formatCidr) },
  });
}
