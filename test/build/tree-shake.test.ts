/**
 * Tree-shaking from the source: an ESM import of one name keeps only the modules that name needs.
 * Module-level code with a call in it (`const IDS = LIST.map(...)`) is kept by a bundler in every
 * import of the package, with all it reads; these rows catch it per concern. Rollup bundles from
 * `src/` (bench/size.ts `modulesIn`), so the modules show by file; no `dist/` needed.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { modulesIn } from '../../bench/size.js';

const INDEX = resolve(dirname(fileURLToPath(import.meta.url)), '../../src/index.ts');

/** What `export { name } from 'src/index.ts'` may keep: a file path matcher. */
const ROWS: Array<[name: string, allowed: RegExp]> = [
  ['initSession', /^src\/(sdk\/[\w-]+|errors)\.ts$/],
  ['guard', /^src\/(sdk\/[\w-]+|errors)\.ts$/],
  ['assertSupportedSdk', /^src\/(sdk\/[\w-]+|errors)\.ts$/],
  [
    'AllowedIpList',
    /^src\/(allowlist\/(list|entry|fields|text-format|json-format|json-syntax|address|address-scan|address-reason|table|table-build|packed|text-lines|lookup|errors|categories)|errors)\.ts$/,
  ],
  ['snippet', /^src\/(platforms\/(data|snippet|errors)|errors)\.ts$/],
  ['formatReport', /^src\/preflight\/[\w-]+\.ts$/],
  // The preflight reads the list (AllowedIpList), never the platforms, the sdk, or export/diff.
  [
    'runPreflight',
    /^src\/(preflight\/[\w/-]+|allowlist\/(list|entry|fields|text-format|json-format|json-syntax|address|address-scan|address-reason|table|table-build|packed|text-lines|lookup|errors|categories)|errors)\.ts$/,
  ],
];

describe('an ESM import of one name keeps only the modules it needs', () => {
  it.each(ROWS)('import { %s } keeps no module outside its own concern', async (name, allowed) => {
    const kept = (await modulesIn(`export { ${name} } from ${JSON.stringify(INDEX)};`)).map((m) => m.file);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.filter((file) => !allowed.test(file))).toEqual([]);
  });
});
