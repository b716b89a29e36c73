// Build: `npx rollup -c` in this folder, with `vonage-video-allowlist` installed (npm i vonage-video-allowlist),
// then serve the folder (index.html loads dist/app.js). node-resolve picks the package's ESM build through its
// `exports` map; tree-shaking keeps only what src/main.js uses; terser minifies.
import { fileURLToPath } from 'node:url';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

export default {
  input: fileURLToPath(new URL('./src/main.js', import.meta.url)),
  plugins: [nodeResolve({ browser: true })],
  output: { file: fileURLToPath(new URL('./dist/app.js', import.meta.url)), format: 'es', plugins: [terser()] },
};
