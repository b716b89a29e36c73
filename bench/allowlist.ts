/**
 * The allowed IP list benchmark and differential check (issue 3).
 *
 * - lookups per second over 1,000 IPv4 + 200 IPv6 random blocks and 1,000,000 string lookups, for this
 *   library, `net.BlockList` and ipaddr.js (parse + subnetMatch over the same blocks); goals: at least
 *   20x `net.BlockList` and 15x ipaddr.js;
 * - the same lookups over 100,000 blocks: goal at most 1.5x slower than over 1,000;
 * - the differential check against `net.isIP` and `net.BlockList` on 1,000,000 addresses (the test run
 *   does 200,000 of the same generator);
 * - parse speed of a 100,000-line list: `AllowedIpList.fromText` against ipaddr.js `parseCIDR` per line.
 *
 * The seeded generators live in test/support/random.ts (the tests draw from the same ones).
 *
 * `npx tsx bench/allowlist.ts` runs it alone; `npm run bench` runs it through bench/run.ts.
 */
import { BlockList, isIP } from 'node:net';
import { fileURLToPath } from 'node:url';
import ipaddr from 'ipaddr.js';
import { formatAddress, parseAddress } from '../src/allowlist/address.js';
import { AllowedIpList } from '../src/allowlist/list.js';
import { type GenBlock, mutate, prng, randomAddresses, randomBlocks } from '../test/support/random.js';

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
 * `addresses` strings (80% valid forms, 20% mutated). IPv4 and mapped addresses go to BlockLists
 * holding only IPv4 rules, other IPv6 addresses to BlockLists holding only IPv6 rules (Node also
 * matches plain IPv4 addresses against IPv6 rules covering ::ffff:0:0/96; this library keeps families
 * apart, see docs/list-format.md).
 */
export function runDifferential(options: { seed: number; addresses: number; blocks4?: number; blocks6?: number }): DifferentialReport {
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
    '0.0.0.0', '255.255.255.255', '::', '::1', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', '::ffff:0.0.0.0',
    '::ffff:255.255.255.255', '::fffe:ffff:ffff', '::1:0:0:0', '::ffff:0:0', '0::ffff:1.2.3.4', '1.2.3.4',
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
  const inputs = edges.concat(valid.map((s) => (rnd() < 0.2 ? mutate(rnd, s) : s)));
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
    if (expected !== ours.allowed && report.blockListDisagreements.length < 1000) report.blockListDisagreements.push(ip);
    if (ours.block !== null && !blockContains(ours.block, ip)) report.blockDisagreements.push(`${ip} in ${ours.block}`);
  }
  return report;
}

/** Routing only (which Node BlockLists to ask): the readable parser, not the fast path under test. */
function isMapped(ip: string): boolean {
  return parseAddress(ip).mappedIpv4 !== null;
}

function blockContains(block: string, ip: string): boolean {
  const [addr, bits] = block.split('/') as [string, string];
  const sub = ipaddr.parse(addr);
  let a = ipaddr.parse(ip);
  if (a.kind() === 'ipv6' && sub.kind() === 'ipv4' && (a as ipaddr.IPv6).isIPv4MappedAddress()) a = (a as ipaddr.IPv6).toIPv4Address();
  return a.kind() === sub.kind() && a.match(sub, Number(bits));
}

// ---------------------------------------------------------------------------------------------
// Benchmark
// ---------------------------------------------------------------------------------------------

function time(fn: () => number): { ms: number; result: number } {
  const t0 = process.hrtime.bigint();
  const result = fn();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, result };
}

function rate(n: number, ms: number): string {
  const perSec = (n / ms) * 1000;
  return perSec >= 1e6 ? `${(perSec / 1e6).toFixed(2)} M/s` : `${(perSec / 1e3).toFixed(1)} k/s`;
}

function buildList(blocks: GenBlock[]): AllowedIpList {
  return AllowedIpList.fromText(blocks.map((b) => b.text).join('\n'));
}

function oursLookups(list: AllowedIpList, ips: string[], from: number, to: number): number {
  let allowed = 0;
  for (let i = from; i < to; i++) if (list.check(ips[i]!).allowed) allowed++;
  return allowed;
}

/** Runs the benchmark, printing one line at a time through `log`. */
export async function runAllowlistBench(log: (line: string) => void): Promise<void> {
  const N = 1_000_000;
  log('== allowlist: lookups, 1,000,000 string lookups each');
  log('   (1,000 IPv4 + 200 IPv6 random blocks; the 100,000-block list has 83,334 + 16,666 from the same');
  log('    generator; the runs are interleaved in 20 chunks of 50,000 so that load on the machine hits all alike)');
  const rnd = prng(2026);
  const blocks = randomBlocks(rnd, 1000, 200, { nest: 0.3 });
  // Through JSON so the strings are flat, as if read from a file or socket (template-built strings are
  // V8 cons strings that every parser would first have to flatten).
  const ips: string[] = JSON.parse(JSON.stringify(randomAddresses(rnd, blocks, N, { mapped: 0 })));
  const list = buildList(blocks);
  const rnd2 = prng(7);
  const big = randomBlocks(rnd2, 83_334, 16_666, { nest: 0.3 });
  const bigIps: string[] = JSON.parse(JSON.stringify(randomAddresses(rnd2, big, N, { mapped: 0 })));
  const bigList = buildList(big);

  const bl4 = new BlockList();
  const bl6 = new BlockList();
  for (const b of blocks) (b.family === 4 ? bl4 : bl6).addSubnet(formatAddress(b.family, b.first), b.prefix, b.family === 4 ? 'ipv4' : 'ipv6');
  const ranges = blocks.map((b) => ipaddr.parseCIDR(b.text));
  const rangeList = { allow: ranges };

  const runs = {
    ours: (from: number, to: number) => oursLookups(list, ips, from, to),
    blockList: (from: number, to: number) => {
      let allowed = 0;
      for (let i = from; i < to; i++) {
        const ip = ips[i]!;
        if (ip.includes(':') ? bl6.check(ip, 'ipv6') : bl4.check(ip, 'ipv4')) allowed++;
      }
      return allowed;
    },
    ipaddr: (from: number, to: number) => {
      let allowed = 0;
      for (let i = from; i < to; i++) {
        if (ipaddr.subnetMatch(ipaddr.process(ips[i]!), rangeList, 'none') === 'allow') allowed++;
      }
      return allowed;
    },
    ours100k: (from: number, to: number) => oursLookups(bigList, bigIps, from, to),
  };
  const totals = { ours: { ms: 0, allowed: 0 }, blockList: { ms: 0, allowed: 0 }, ipaddr: { ms: 0, allowed: 0 }, ours100k: { ms: 0, allowed: 0 } };
  // Warm up: builds both tables and lets the JIT settle.
  for (const k of Object.keys(runs) as (keyof typeof runs)[]) runs[k](0, k === 'ours' || k === 'ours100k' ? 100_000 : 2_000);
  const CHUNK = 50_000;
  for (let from = 0; from < N; from += CHUNK) {
    for (const k of Object.keys(runs) as (keyof typeof runs)[]) {
      const r = time(() => runs[k](from, from + CHUNK));
      totals[k].ms += r.ms;
      totals[k].allowed += r.result;
    }
  }
  const row = (name: string, t: { ms: number; allowed: number }) =>
    log(`${name.padEnd(28)}${rate(N, t.ms).padStart(11)}  (${t.ms.toFixed(0)} ms, ${t.allowed} allowed)`);
  row('this library', totals.ours);
  row('net.BlockList', totals.blockList);
  row('ipaddr.js parse + match', totals.ipaddr);
  row('this library, 100,000 blocks', totals.ours100k);
  const vsBl = totals.blockList.ms / totals.ours.ms;
  const vsIp = totals.ipaddr.ms / totals.ours.ms;
  const slower = totals.ours100k.ms / totals.ours.ms;
  log(`ratio vs net.BlockList: ${vsBl.toFixed(1)}x (goal >= 20x: ${vsBl >= 20 ? 'met' : 'NOT met'})`);
  log(`ratio vs ipaddr.js:     ${vsIp.toFixed(1)}x (goal >= 15x: ${vsIp >= 15 ? 'met' : 'NOT met'})`);
  log(`100,000 blocks vs 1,000: ${slower.toFixed(2)}x slower (goal <= 1.5x: ${slower <= 1.5 ? 'met' : 'NOT met'})`);
  const agree = totals.ours.allowed === totals.blockList.allowed && totals.ours.allowed === totals.ipaddr.allowed;
  log(`the three agree on the allowed count over 1,000 blocks: ${agree ? 'yes' : 'NO'}`);

  log('== allowlist: parse a 100,000-line list');
  const lines = big.map((b) => b.text);
  const text = lines.join('\n');
  AllowedIpList.fromText(text);
  const parseOurs = time(() => AllowedIpList.fromText(text).size);
  const parseIpaddr = time(() => {
    let n = 0;
    for (const line of text.split('\n')) if (ipaddr.parseCIDR(line)) n++;
    return n;
  });
  log(`AllowedIpList.fromText   ${rate(lines.length, parseOurs.ms).padStart(11)} lines  (${parseOurs.ms.toFixed(0)} ms, ${parseOurs.result} entries)`);
  log(`ipaddr.js parseCIDR      ${rate(lines.length, parseIpaddr.ms).padStart(11)} lines  (${parseIpaddr.ms.toFixed(0)} ms)`);
  log(`ratio: ${(parseIpaddr.ms / parseOurs.ms).toFixed(2)}x ipaddr.js's speed (ours also validates strictly, sorts, and refuses duplicates)`);

  log('== allowlist: differential check vs net.isIP and net.BlockList, 1,000,000 addresses');
  const diff = time(() => {
    const r = runDifferential({ seed: 99, addresses: N });
    log(`blocks ${r.blocks}, addresses ${r.addresses}, accepted ${r.accepted}`);
    log(`disagreements on valid input: isIP ${r.isIpDisagreements.length}, BlockList ${r.blockListDisagreements.length}, block ${r.blockDisagreements.length}`);
    log(`refused by us, accepted by net.isIP (looser forms): ${r.refusedButNodeAccepts}, e.g. ${JSON.stringify(r.refusedButNodeAcceptsSamples.slice(0, 4))}`);
    return 0;
  });
  log(`(${(diff.ms / 1000).toFixed(1)} s)`);
}

/** Entry point of bench/run.ts. */
export async function run(): Promise<void> {
  await runAllowlistBench((line) => console.log(line));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  run().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
