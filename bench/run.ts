/**
 * `npm run bench`: runs every benchmark module present (each exports `run(): Promise<void>` and prints
 * its own table with ratios against the peers measured in the same run).
 */
const modules = ['./allowlist.js', './preflight.js', './size.js'];
for (const m of modules) {
  let mod: { run?: () => Promise<void> };
  try {
    mod = await import(m);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') continue;
    throw err;
  }
  await mod.run?.();
}
export {};
