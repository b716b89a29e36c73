/**
 * `npm run bench`: runs every benchmark module present. Each prints its own table with ratios against
 * the peers measured in the same run. A module exports `run()` or `run<Name>Bench(log)`.
 */
type BenchFn = (log: (line: string) => void) => Promise<void> | void;
const modules = ['./allowlist.js', './allowlist-input.js', './preflight.js', './size.js', './audit.js', './quality.js'];
const log = (line: string): void => void process.stdout.write(`${line}\n`);
for (const m of modules) {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(m)) as Record<string, unknown>;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') continue;
    throw err;
  }
  const name = 'run' in mod ? 'run' : Object.keys(mod).find((k) => /^run\w*Bench$/.test(k));
  if (!name || typeof mod[name] !== 'function')
    throw new Error(`bench/${m.slice(2)} exports no run() or run*Bench(log)`);
  log(`\n== bench/${m.slice(2).replace(/\.js$/, '.ts')}`);
  await (mod[name] as BenchFn)(log);
}
export {};
