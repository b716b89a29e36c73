/**
 * Readers of what exportRules writes, for the read-back tests: each format parsed back into plain
 * rules (a protocol, destination ports, blocks), with no code from src/allowlist/export*.
 */
import { coveredBy } from '../support/random.js';

/** One rule read back: traffic of `protocol` ('all': any) to `ports` (null: any) and `blocks` is accepted. */
export interface ReadRule {
  protocol: 'tcp' | 'udp' | 'all';
  ports: Array<[number, number]> | null;
  blocks: string[];
}

/** `443`, `1025-65535` or `1025:65535` as a range. */
function range(text: string): [number, number] {
  const [from, to] = text.split(/[-:]/).map(Number) as [number, number?];
  return [from, to ?? from];
}

function nftables(out: string): ReadRule[] {
  const sets = new Map<string, string[]>();
  for (const match of out.matchAll(/\tset (\S+) \{\n[^}]*?(?:elements = \{\n([^}]*)\t\t\}\n)?\t\}/g)) {
    sets.set(match[1]!, (match[2] ?? '').split(/[\s,]+/).filter(Boolean));
  }
  return [...out.matchAll(/\t\tip6? daddr @(\S+)(?: (tcp|udp) dport (\{ [^}]+ \}|\S+))? accept\n/g)].map((rule) => ({
    protocol: (rule[2] as 'tcp' | 'udp' | undefined) ?? 'all',
    ports: rule[3] ? rule[3].replace(/[{}]/g, '').trim().split(/, /).map(range) : null,
    blocks: sets.get(rule[1]!)!,
  }));
}

function ipset(out: string): ReadRule[] {
  const sets = new Map<string, string[]>();
  for (const [, set, block] of out.matchAll(/^add (\S+)-new (\S+)$/gm))
    sets.set(set!, [...(sets.get(set!) ?? []), block!]);
  const rules = out.matchAll(
    /^# ip6?tables -A OUTPUT(?: -p (tcp|udp) (?:--dport (\S+)|-m multiport --dports (\S+)))? -m set --match-set (\S+) dst -j ACCEPT$/gm,
  );
  return [...rules].map(([, protocol, one, many, set]) => ({
    protocol: (protocol as 'tcp' | 'udp' | undefined) ?? 'all',
    ports: one ? [range(one)] : many ? many.split(',').map(range) : null,
    blocks: sets.get(set!) ?? [],
  }));
}

function aws(out: string): ReadRule[] {
  const doc = JSON.parse(out) as {
    IpPermissions: Array<{
      IpProtocol: string;
      FromPort?: number;
      ToPort?: number;
      IpRanges: Array<{ CidrIp: string }>;
      Ipv6Ranges: Array<{ CidrIpv6: string }>;
    }>;
  };
  return doc.IpPermissions.map((p) => ({
    protocol: p.IpProtocol === '-1' ? 'all' : (p.IpProtocol as 'tcp' | 'udp'),
    ports: p.FromPort === undefined ? null : [[p.FromPort, p.ToPort!]],
    blocks: [...p.IpRanges.map((r) => r.CidrIp), ...p.Ipv6Ranges.map((r) => r.CidrIpv6)],
  }));
}

function gcp(out: string): ReadRule[] {
  const doc = JSON.parse(out) as Array<{
    destinationRanges: string[];
    allowed: Array<{ IPProtocol: string; ports?: string[] }>;
  }>;
  return doc.flatMap((rule) =>
    rule.allowed.map((allowed) => ({
      protocol: allowed.IPProtocol as 'tcp' | 'udp' | 'all',
      ports: allowed.ports ? allowed.ports.map(range) : null,
      blocks: rule.destinationRanges,
    })),
  );
}

function azure(out: string): ReadRule[] {
  const doc = JSON.parse(out) as {
    securityRules: Array<{
      properties: {
        protocol: string;
        destinationPortRange?: string;
        destinationPortRanges?: string[];
        destinationAddressPrefixes: string[];
      };
    }>;
  };
  return doc.securityRules.map(({ properties }) => ({
    protocol: properties.protocol === '*' ? 'all' : (properties.protocol.toLowerCase() as 'tcp' | 'udp'),
    ports: properties.destinationPortRanges ? properties.destinationPortRanges.map(range) : null,
    blocks: properties.destinationAddressPrefixes,
  }));
}

/** `json-rules`: per category its blocks and ports, or (with allPorts, no ports) the merged blocks. */
function jsonRules(out: string): ReadRule[] {
  const doc = JSON.parse(out) as {
    categories: Record<
      string,
      { ipv4: string[]; ipv6: string[]; ports?: Array<{ protocol: string; ports: string[] }> }
    >;
    all: { ipv4: string[]; ipv6: string[] };
  };
  const categories = Object.values(doc.categories);
  if (categories.every((c) => c.ports === undefined))
    return [{ protocol: 'all', ports: null, blocks: [...doc.all.ipv4, ...doc.all.ipv6] }];
  return categories.flatMap((c) =>
    c.ports!.map((p) => ({
      protocol: p.protocol as 'tcp' | 'udp',
      ports: p.ports.map(range),
      blocks: [...c.ipv4, ...c.ipv6],
    })),
  );
}

/**
 * Every rule format. The list forms (`text`, `json`) are read back by `AllowedIpList` itself in
 * test/allowlist/export-readback.test.ts.
 */
export const READERS = { nftables, ipset, aws, gcp, azure, 'json-rules': jsonRules } as const;

/** Whether rules read back accept traffic of `protocol` to `ip` port `port`. */
export function accepts(rules: readonly ReadRule[]): (ip: string, protocol: 'tcp' | 'udp', port: number) => boolean {
  const compiled = rules.map((rule) => ({ ...rule, has: coveredBy(rule.blocks) }));
  return (ip, protocol, port) =>
    compiled.some(
      (rule) =>
        (rule.protocol === 'all' || rule.protocol === protocol) &&
        (rule.ports === null || rule.ports.some(([from, to]) => from <= port && port <= to)) &&
        rule.has(ip),
    );
}
