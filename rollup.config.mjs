import { builtinModules } from 'node:module';
import { copyFileSync } from 'node:fs';
import typescript from '@rollup/plugin-typescript';
import terser from '@rollup/plugin-terser';
import { dts } from 'rollup-plugin-dts';

// Node built-ins and Node-only runtime dependencies never enter a bundle.
const external = [...builtinModules, ...builtinModules.map((m) => `node:${m}`), 'ws', 'undici'];
const ts = () => typescript({ tsconfig: './tsconfig.build.json', outputToFilesystem: false });

/** Copy each .d.ts to .d.cts so `require` resolves CJS-flavoured types (arethetypeswrong). */
const ctsTypes = {
  name: 'cts-types',
  writeBundle(options, bundle) {
    for (const file of Object.keys(bundle)) {
      if (file.endsWith('.d.ts'))
        copyFileSync(`${options.dir}/${file}`, `${options.dir}/${file.replace(/\.d\.ts$/, '.d.cts')}`);
    }
  },
};

export default [
  // One output file per source module: a bundler that tree-shakes by statement (esbuild) then drops
  // whole files it does not need; with one shared chunk it kept 9 KB for `import { initSession }`.
  {
    input: { index: 'src/index.ts', node: 'src/node.ts' },
    external,
    plugins: [ts()],
    output: [
      { dir: 'dist', format: 'es', entryFileNames: '[name].js', preserveModules: true, preserveModulesRoot: 'src' },
      { dir: 'dist', format: 'cjs', entryFileNames: '[name].cjs', preserveModules: true, preserveModulesRoot: 'src' },
    ],
  },
  {
    input: 'src/cli/bin.ts',
    external,
    plugins: [ts()],
    output: { file: 'dist/cli.js', format: 'es', banner: '#!/usr/bin/env node', inlineDynamicImports: true },
  },
  // The two <script> bundles, both with the global `VideoAllowlist` (the full one a superset of the
  // guard one): src/browser.ts and src/browser-guard.ts say what and why; docs/bundle.md the sizes.
  ...[
    ['src/browser.ts', 'dist/video-allowlist.min.js'],
    ['src/browser-guard.ts', 'dist/video-allowlist-guard.min.js'],
  ].map(([input, file]) => ({
    input,
    plugins: [ts()],
    output: { file, format: 'iife', name: 'VideoAllowlist', plugins: [terser()] },
  })),
  {
    input: { index: 'src/index.ts', node: 'src/node.ts' },
    external,
    plugins: [dts(), ctsTypes],
    output: { dir: 'dist', format: 'es', entryFileNames: '[name].d.ts' },
  },
];
