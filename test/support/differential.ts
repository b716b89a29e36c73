/**
 * The differential check of `AllowedIpList` against `net.isIP` and `net.BlockList`: test/allowlist/
 * differential.test.ts runs it on 200,000 addresses, bench/allowlist.ts on 1,000,000.
 */
import { BlockList, isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { formatAddress } from '../../src/allowlist/address.js';
import { AllowedIpList } from '../../src/allowlist/list.js';
import { nearMiss, prng, randomAddresses, randomBlocks } from './random.js';

/** What the differential check found. */
export interface DifferentialReport {
  blocks: number;
  addresses: number;
  /** Strings we accepted: each compared with net.isIP and with net.BlockList membership. */
  accepted: number;
  /** Strings we refused that net.isIP accepts (the looser forms Node takes, e.g. zone ids). */
  refusedButNodeAccepts: number;
  refusedButNodeAcceptsSamples: string[];
  /** We accept but net.isIP refuses or names another family: must be 0. */
  isIpDisagreements: string[];
  /** Accepted addresses where our `allowed` differs from net.BlockList's allow-and-not-deny: must be 0. */
  blockListDisagreements: string[];
  /** Matched block does not contain the address: must be 0. */
  blockDisagreements: string[];
  /** Coverage of the run: accepted addresses allowed, refused by a deny entry, written IPv4-mapped. */
  allowed: number;
  denied: number;
  mapped: number;
}

/**
 * Checks `AllowedIpList` against `net.isIP` and `net.BlockList` on generated blocks (10% deny) and
 * `addresses` strings (80% valid forms, 20% near misses). IPv4 and mapped addresses go to BlockLists
 * holding only IPv4 rules, other IPv6 addresses to BlockLists holding only IPv6 rules (Node also
 * matches plain IPv4 addresses against IPv6 rules covering ::ffff:0:0/96; this library keeps families
 * apart, see docs/list-format.md).
 */
export function runDifferential(options: {
  seed: number;
  addresses: number;
  blocks4?: number;
  blocks6?: number;
}): DifferentialReport {
  const rnd = prng(options.seed);
  const blocks = randomBlocks(rnd, options.blocks4 ?? 300, options.blocks6 ?? 100, { deny: 0.1, edges: false });
  const list = new AllowedIpList();
  const lists = { allow4: new BlockList(), deny4: new BlockList(), allow6: new BlockList(), deny6: new BlockList() };
  for (const b of blocks) {
    list.add(b.text, { action: b.deny ? 'deny' : 'allow' });
    const target = b.family === 4 ? (b.deny ? lists.deny4 : lists.allow4) : b.deny ? lists.deny6 : lists.allow6;
    target.addSubnet(formatAddress(b.family, b.first), b.prefix, b.family === 4 ? 'ipv4' : 'ipv6');
  }
  // Edge addresses first, then the generated ones.
  const edges = [
    '0.0.0.0',
    '255.255.255.255',
    '::',
    '::1',
    'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
    '::ffff:0.0.0.0',
    '::ffff:255.255.255.255',
    '::fffe:ffff:ffff',
    '::1:0:0:0',
    '::ffff:0:0',
    '0::ffff:1.2.3.4',
    '1.2.3.4',
  ];
  const valid = randomAddresses(rnd, blocks, options.addresses - edges.length);
  const report: DifferentialReport = {
    blocks: blocks.length,
    addresses: 0,
    accepted: 0,
    refusedButNodeAccepts: 0,
    refusedButNodeAcceptsSamples: [],
    isIpDisagreements: [],
    blockListDisagreements: [],
    blockDisagreements: [],
    allowed: 0,
    denied: 0,
    mapped: 0,
  };
  const inputs = edges.concat(valid.map((s) => (rnd() < 0.2 ? nearMiss(rnd, s) : s)));
  for (const ip of inputs) {
    report.addresses++;
    let ours: ReturnType<AllowedIpList['check']> | null = null;
    try {
      ours = list.check(ip);
    } catch {
      ours = null;
    }
    const nodeFamily = isIP(ip);
    if (ours === null) {
      if (nodeFamily !== 0) {
        report.refusedButNodeAccepts++;
        if (report.refusedButNodeAcceptsSamples.length < 10) report.refusedButNodeAcceptsSamples.push(ip);
      }
      continue;
    }
    report.accepted++;
    const v6 = ip.includes(':');
    if (nodeFamily !== (v6 ? 6 : 4)) {
      report.isIpDisagreements.push(ip);
      continue;
    }
    const mapped = v6 && isMapped(ip);
    const kind = v6 ? 'ipv6' : 'ipv4';
    const [allow, deny] = !v6 || mapped ? [lists.allow4, lists.deny4] : [lists.allow6, lists.deny6];
    const expected = allow.check(ip, kind) && !deny.check(ip, kind);
    if (ours.allowed) report.allowed++;
    else if (ours.block !== null) report.denied++;
    if (mapped) report.mapped++;
    if (expected !== ours.allowed && report.blockListDisagreements.length < 1000)
      report.blockListDisagreements.push(ip);
    if (ours.block !== null && !blockContains(ours.block, ip)) report.blockDisagreements.push(`${ip} in ${ours.block}`);
  }
  return report;
}

/** Routing only (which Node BlockLists to ask), from Node and ipaddr.js, not from the parser under test. */
function isMapped(ip: string): boolean {
  return oracleAddress(ip)!.value >> 32n === 0xffffn;
}

function blockContains(block: string, ip: string): boolean {
  const [addr, bits] = block.split('/') as [string, string];
  const sub = ipaddr.parse(addr);
  let a = ipaddr.parse(ip);
  if (a.kind() === 'ipv6' && sub.kind() === 'ipv4' && (a as ipaddr.IPv6).isIPv4MappedAddress())
    a = (a as ipaddr.IPv6).toIPv4Address();
  return a.kind() === sub.kind() && a.match(sub, Number(bits));
}

/**
 * What Node and ipaddr.js make of one address: null when `net.isIP` refuses it, else its family and
 * value (ipaddr.js's bytes; an IPv4 tail is handed over as two hex groups, since ipaddr.js reads any
 * tail as IPv4-mapped whatever precedes it).
 */
export function oracleAddress(text: string): { family: 4 | 6; value: bigint } | null {
  const family = isIP(text);
  if (family === 0) return null;
  const pair = (a: string, b: string) => ((Number(a) << 8) | Number(b)).toString(16);
  const hex =
    family === 4
      ? text
      : text.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_q, a, b, c, d) => `${pair(a, b)}:${pair(c, d)}`);
  const value = ipaddr
    .parse(hex)
    .toByteArray()
    .reduce((v, byte) => (v << 8n) | BigInt(byte), 0n);
  return { family: family as 4 | 6, value };
}
