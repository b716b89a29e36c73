import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rollup } from 'rollup';
import { fromSource } from '../../support/from-source.js';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const DIST = resolve(REPO, 'dist');

/** The built package must exist: the test script builds before the tests run. */
export function requireDist(file: string): string {
  const path = resolve(DIST, file);
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`npx rollup -c\` (npm test builds first)`);
  return path;
}

/**
 * The browser transport from source, as an IIFE script defining `globalThis.TestTransport` with
 * `browserTransport` and `ProbeError`: tests the transport apart from the runner and the dist build.
 */
export async function bundleTransportSource(): Promise<string> {
  const entry = '\0transport-entry';
  const bundle = await rollup({
    input: entry,
    plugins: [
      {
        name: 'entry',
        resolveId: (id) => (id === entry ? entry : null),
        load: (id) =>
          id === entry
            ? `export { browserTransport } from ${JSON.stringify(resolve(REPO, 'src/preflight/transports/browser.ts'))};\n` +
              `export { ProbeError } from ${JSON.stringify(resolve(REPO, 'src/preflight/probe-error.ts'))};\n`
            : null,
      },
      fromSource(),
    ],
  });
  try {
    const { output } = await bundle.generate({ format: 'iife', name: 'TestTransport' });
    return output[0].code;
  } finally {
    await bundle.close();
  }
}
