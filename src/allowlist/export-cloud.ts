/** The cloud writers of `exportRules`: AWS security group egress, GCP firewall rules, Azure NSG rules. Internal. */
import { exactCover, formatCidr, type CidrBlock } from './cover.js';
import { type ExportGroup, type ExportModel, holds, json, portText, servedBy } from './export-model.js';
import type { Family, PortRule } from './types.js';

/** One AWS permission: a protocol and port range, the groups that need it, their merged cover. */
interface Permission {
  protocol: string;
  ports: readonly [number, number] | null;
  groups: ExportGroup[];
  v4: CidrBlock[];
  v6: CidrBlock[];
}

/** With `allPorts`, one permission for every protocol; else one per protocol and port range. */
function permissions(model: ExportModel): Permission[] {
  if (model.allPorts) {
    return [{ protocol: '-1', ports: null, groups: model.groups, v4: model.v4.blocks, v6: model.v6.blocks }];
  }
  const byPorts = new Map<string, Permission>();
  for (const group of model.groups) {
    for (const rule of group.ports) {
      for (const range of rule.ports) {
        const key = `${rule.protocol} ${range[0]}-${range[1]}`;
        const found = byPorts.get(key) ?? { protocol: rule.protocol, ports: range, groups: [], v4: [], v6: [] };
        found.groups.push(group);
        byPorts.set(key, found);
      }
    }
  }
  return [...byPorts.values()].map((permission) => ({
    ...permission,
    v4: exactCover(
      4,
      permission.groups.flatMap((group) => group.ranges[4]),
    ),
    v6: exactCover(
      6,
      permission.groups.flatMap((group) => group.ranges[6]),
    ),
  }));
}

export function aws(model: ExportModel): string {
  const describe = (groups: ExportGroup[], block: CidrBlock) => `${model.name}: ${servedBy(groups, block)}`;
  const written = permissions(model)
    .filter((permission) => permission.v4.length + permission.v6.length > 0)
    .map((permission) => ({
      IpProtocol: permission.protocol,
      ...(permission.ports ? { FromPort: permission.ports[0], ToPort: permission.ports[1] } : {}),
      IpRanges: permission.v4.map((block) => ({
        CidrIp: formatCidr(block),
        Description: describe(permission.groups, block),
      })),
      Ipv6Ranges: permission.v6.map((block) => ({
        CidrIpv6: formatCidr(block),
        Description: describe(permission.groups, block),
      })),
    }));
  return json({ IpPermissions: written });
}

/** One cloud rule before its format: a name, a description, the ranges, and the ports (none: all). */
interface CloudRule {
  name: string;
  description: string;
  ranges: string[];
  ports: readonly PortRule[];
}

/**
 * The cloud writers' rules, for each family that holds a block: with `allPorts` one per family
 * (`<name>-v4`), else one per category and family (`<name>-media-v4`).
 */
function cloudRules(model: ExportModel): CloudRule[] {
  const scopes = model.allPorts
    ? [{ suffix: '', what: holds(model), v4: model.v4.blocks, v6: model.v6.blocks, ports: [] }]
    : model.groups.map((group) => ({ suffix: `-${group.category}`, what: group.category, ...group }));
  return scopes.flatMap((scope) =>
    ([4, 6] as const satisfies readonly Family[])
      .map((family) => ({ family, blocks: family === 4 ? scope.v4 : scope.v6 }))
      .filter(({ blocks }) => blocks.length > 0)
      .map(({ family, blocks }) => ({
        name: `${model.name}${scope.suffix}-v${family}`,
        description: `Vonage Video allowed IP list (${scope.what}), IPv${family}`,
        ranges: blocks.map(formatCidr),
        ports: scope.ports,
      })),
  );
}

export function gcp(model: ExportModel): string {
  return json(
    cloudRules(model).map((rule) => ({
      name: rule.name,
      description: rule.description,
      direction: 'EGRESS',
      priority: 1000,
      destinationRanges: rule.ranges,
      allowed:
        rule.ports.length === 0
          ? [{ IPProtocol: 'all' }]
          : rule.ports.map((ports) => ({
              IPProtocol: ports.protocol,
              ports: ports.ports.map((range) => portText(range, '-')),
            })),
    })),
  );
}

export function azure(model: ExportModel): string {
  // Azure takes one protocol per rule: a rule per protocol a category needs.
  const perProtocol = cloudRules(model).flatMap(
    (rule): Array<{ rule: CloudRule; name: string; protocol: string; ports: string[] | null }> =>
      rule.ports.length === 0
        ? [{ rule, name: rule.name, protocol: '*', ports: null }]
        : rule.ports.map((ports) => ({
            rule,
            name: rule.name.replace(/-v(4|6)$/, `-${ports.protocol}-v$1`),
            protocol: ports.protocol === 'tcp' ? 'Tcp' : 'Udp',
            ports: ports.ports.map((range) => portText(range, '-')),
          })),
  );
  const rules = perProtocol.map(({ rule, name, protocol, ports }, index) => ({
    name,
    properties: {
      description: rule.description,
      protocol,
      sourcePortRange: '*',
      ...(ports ? { destinationPortRanges: ports } : { destinationPortRange: '*' }),
      sourceAddressPrefix: '*',
      destinationAddressPrefixes: rule.ranges,
      access: 'Allow',
      priority: 1000 + index,
      direction: 'Outbound',
    },
  }));
  return json({ securityRules: rules });
}
