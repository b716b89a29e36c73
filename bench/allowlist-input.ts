/**
 * The allowed IP list on hostile and large input (issue 12, points 6 and 7):
 *
 * - 1 MB lines of white space, dots, brackets, colons, digits and commas (alone, and as the
 *   description after a block), read by `AllowedIpList.fromText`: MB/s each against a 1 MB list of
 *   plain entries; goal: none more than 10x slower (every parser path linear);
 * - a list of 1.1 million entries (about 20 MB): MB/s and heap growth after the parse, beside
 *   `net.BlockList` (addSubnet per line) and ipaddr.js (`parseCIDR` per line); goals: at least
 *   20 MB/s and a heap of at most 8x the input.
 *
 * `npx tsx bench/allowlist-input.ts [--long]` runs it alone (`--long`: 10 MB hostile lines, and the
 * property suites test/allowlist/round-trip.test.ts and export-readback.test.ts with ALLOWLIST_LONG=1);
 * `npm run bench` runs it through bench/run.ts. Heap figures need `--expose-gc` to be exact; without
 * it they include garbage not yet collected.
 */
import { spawnSync } from 'node:child_process';
import { BlockList } from 'node:net';
import { fileURLToPath } from 'node:url';
import ipaddr from 'ipaddr.js';
import { AllowedIpList } from '../src/allowlist/list.js';
import { prng, randomBlocks } from '../test/support/random.js';

/** Milliseconds `fn` takes. */
function time(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Reads `text`, whether it parses or not. */
function read(text: string): void {
  try {
    AllowedIpList.fromText(text);
  } catch {
    // a ListParseError is an answer too
  }
}

/** Flat copy, as if read from a file (a built-up string is a rope every parser would flatten first). */
function flat(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

/** The JS heap plus memory held outside it (typed arrays' buffers): what a list costs in all. */
function heapAndBuffers(): number {
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
}

function mbPerSecond(bytes: number, ms: number): number {
  return bytes / 1e6 / (ms / 1000);
}

/** The hostile lines of issue 12, point 6, `size` characters each. */
function hostileLines(size: number): Array<[string, string]> {
  const run = (unit: string) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
  const kinds: Array<[string, string]> = [
    ['white space run', `media${run(' ')}x`],
    ['white space, tabs', `Media${run(' \t')}servers x`],
    ['dots', run('.')],
    ['digits and dots', run('1.')],
    ['brackets', run('[')],
    ['bracketed', `[${run(' ')}`],
    ['colons', run(':')],
    ['hex and colons', run('f:')],
    ['digits', run('1')],
    ['commas', run('1,')],
    ['semicolons and blocks', run('1.1;')],
  ];
  return [
    ...kinds,
    ...kinds.map(([name, line]): [string, string] => [`${name}, as a description`, `10.0.0.0/8 x${line}`]),
  ];
}

const BIG4 = Number(process.env.BIG4 ?? 900_000);
const BIG6 = Number(process.env.BIG6 ?? 200_000);

export async function runAllowlistInputBench(log: (line: string) => void): Promise<void> {
  const long = process.argv.includes('--long');
  const size = long ? 10_000_000 : 1_000_000;
  log(
    `== allowlist: hostile lines of ${size / 1e6} MB, read by fromText (goal: none over 10x slower than plain entries)`,
  );
  const rnd = prng(12);
  const plainLines = randomBlocks(rnd, 60_000, 10_000).map((block) => block.text);
  let plain = '';
  for (const line of plainLines) {
    if (plain.length >= size) break;
    plain += `${line}\n`;
  }
  plain = flat(plain);
  read(plain);
  const plainRate = mbPerSecond(
    plain.length,
    time(() => read(plain)),
  );
  log(`${'plain entries'.padEnd(44)}${plainRate.toFixed(1).padStart(8)} MB/s`);
  let worst = 0;
  for (const [name, line] of hostileLines(size)) {
    const text = flat(line);
    const rate = mbPerSecond(
      text.length,
      time(() => read(text)),
    );
    const slower = plainRate / rate;
    worst = Math.max(worst, slower);
    log(`${name.padEnd(44)}${rate.toFixed(1).padStart(8)} MB/s  (${slower.toFixed(2)}x plain)`);
  }
  log(`slowest hostile line: ${worst.toFixed(2)}x plain (goal <= 10x: ${worst <= 10 ? 'met' : 'NOT met'})`);

  log('== allowlist: a list of 1.1 million entries, read by fromText');
  const lines = bigListLines();
  const big = flat(lines.join('\n'));
  const gc = (globalThis as { gc?: () => void }).gc;
  // Collected twice with a pause between: the buffers of typed arrays are freed after the collection.
  const settle = async () => {
    gc?.();
    await new Promise((resolve) => setTimeout(resolve, 50));
    gc?.();
  };
  await settle();
  const before = heapAndBuffers();
  let list: AllowedIpList | null = null;
  const ms = time(() => {
    list = AllowedIpList.fromText(big);
  });
  await settle();
  const grown = heapAndBuffers() - before;
  const rate = mbPerSecond(big.length, ms);
  const ratio = grown / big.length;
  log(
    `AllowedIpList.fromText   ${rate.toFixed(1).padStart(6)} MB/s  (${(big.length / 1e6).toFixed(1)} MB, ${list!.size} entries, ${(ms / 1000).toFixed(1)} s; goal >= 20 MB/s: ${rate >= 20 ? 'met' : 'NOT met'})`,
  );
  log(
    `heap + buffers growth    ${(grown / 1e6).toFixed(0).padStart(6)} MB    (${ratio.toFixed(1)}x the input; goal <= 8x: ${ratio <= 8 ? 'met' : 'NOT met'}${gc ? '' : '; run with --expose-gc for an exact figure'})`,
  );
  // The first check builds the lookup table: straight from the packed entries, so no entry objects.
  const checkMs = time(() => {
    list!.check('192.0.2.1');
  });
  await settle();
  const withTable = (heapAndBuffers() - before) / big.length;
  log(
    `after the first check   ${((withTable * big.length) / 1e6).toFixed(0).padStart(6)} MB    (${withTable.toFixed(1)}x the input, table built in ${(checkMs / 1000).toFixed(1)} s; goal <= 8x: ${withTable <= 8 ? 'met' : 'NOT met'}${gc ? '' : '; run with --expose-gc for an exact figure'})`,
  );
  list = null;
  const bodies = lines.filter((line) => /^[\d:]/.test(line)).map((line) => line.split(' ')[0]!);
  const blockListMs = time(() => {
    const v4 = new BlockList();
    const v6 = new BlockList();
    for (const body of bodies) {
      const [address, prefix] = body.split('/') as [string, string];
      if (address.includes(':')) v6.addSubnet(address, Number(prefix), 'ipv6');
      else v4.addSubnet(address, Number(prefix), 'ipv4');
    }
  });
  log(`net.BlockList addSubnet ${mbPerSecond(big.length, blockListMs).toFixed(1).padStart(7)} MB/s`);
  const ipaddrMs = time(() => {
    for (const body of bodies) ipaddr.parseCIDR(body);
  });
  log(`ipaddr.js parseCIDR     ${mbPerSecond(big.length, ipaddrMs).toFixed(1).padStart(7)} MB/s`);
  if (long) runLongProperties(log);
}

/**
 * The lines of the big list: four headings, one in five entries described. A function of its own so
 * that the generated blocks are garbage before the heap is measured.
 */
function bigListLines(): string[] {
  const blocks = randomBlocks(prng(20), BIG4, BIG6, { nest: 0.3 });
  const headings = ['Media servers', 'TURN servers', 'API server', 'Logging servers'];
  const quarter = Math.ceil(blocks.length / 4);
  const lines: string[] = [];
  blocks.forEach((block, index) => {
    if (index % quarter === 0) lines.push(headings[index / quarter]!);
    lines.push(index % 5 === 0 ? `${block.text} Frankfurt` : block.text);
  });
  return lines;
}

/** The property suites with many more runs (ALLOWLIST_LONG=1), for `--long`. */
function runLongProperties(log: (line: string) => void): void {
  log('== allowlist: property suites, long run (ALLOWLIST_LONG=1)');
  const files = ['test/allowlist/round-trip.test.ts', 'test/allowlist/export-readback.test.ts'];
  const result = spawnSync('npx', ['vitest', 'run', ...files, '--maxWorkers=1'], {
    env: { ...process.env, ALLOWLIST_LONG: '1' },
    encoding: 'utf8',
  });
  const summary = `${result.stdout}`.split('\n').filter((line) => /Tests|failed|passed/.test(line));
  for (const line of summary) log(line.replace(/\x1b\[[0-9;]*m/g, '').trim());
}

/** Entry point of bench/run.ts. */
export async function run(): Promise<void> {
  await runAllowlistInputBench((line) => console.log(line));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  run().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
