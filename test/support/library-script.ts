/**
 * This library's sdk module as a `<script>` would load it (an IIFE, global `VideoAllowlist`), built
 * from `src/` by esbuild, for tests that must run it inside a happy-dom window: `guard()` without an
 * argument watches that window's global `OT`, which a copy imported in Node cannot see.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ENTRY = resolve(dirname(fileURLToPath(import.meta.url)), '../../src/sdk/index.ts');

let script: Promise<string> | undefined;
/** The IIFE's text, built once per process. */
export function librarySdkScript(): Promise<string> {
  script ??= build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: 'VideoAllowlist',
    target: 'es2022',
    // The window's eval may scope a top-level `var`; publish the global explicitly, as a page sees it.
    footer: { js: 'globalThis.VideoAllowlist = VideoAllowlist;' },
  }).then((out) => out.outputFiles[0]!.text);
  return script;
}
