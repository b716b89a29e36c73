import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { transform } from 'esbuild';
import type { Plugin } from 'rollup';

/**
 * Rollup plugin for bundling the library from its TypeScript sources without a build: `./x.js`
 * imports resolve to `./x.ts`, and each file's types are stripped by esbuild, one file at a time (no
 * type check). Not minified here: esbuild's minifier drops `/* @__PURE__ *\/` annotations, which
 * rollup needs to tree-shake as the real build does.
 */
export function fromSource(): Plugin {
  return {
    name: 'from-source',
    resolveId(source, importer) {
      if (!importer || !source.startsWith('.') || !source.endsWith('.js')) return null;
      const ts = resolve(dirname(importer), source.replace(/\.js$/, '.ts'));
      return existsSync(ts) ? ts : null;
    },
    async transform(code, id) {
      if (!id.endsWith('.ts')) return null;
      const out = await transform(code, { loader: 'ts', target: 'es2022' });
      return { code: out.code, map: null };
    },
  };
}
