/**
 * The sizes the README and docs/bundle.md give for the two script files are the built files' sizes
 * (gzip level 9, KB = 1000 bytes, to the 0.1 KB they print). A size that changes without the docs
 * fails here, so a reader never sees a figure from an older build. Needs `dist/` (`npm run build`).
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { gzipSize } from '../../bench/size.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const read = (file: string): string => readFileSync(resolve(REPO, file), 'utf8');
const SCRIPTS = ['video-allowlist-guard.min.js', 'video-allowlist.min.js'];

/** The gzip size of a built script in KB, as the docs print it (`3.1`). */
function kb(script: string): string {
  return (gzipSize(readFileSync(resolve(REPO, 'dist', script))) / 1000).toFixed(1);
}

describe('the docs give the script files’ real sizes', () => {
  it.each(SCRIPTS)('README.md names %s with its size', (script) => {
    expect(read('README.md')).toContain(`\`${script}\`, ${kb(script)} KB`);
  });

  it.each(SCRIPTS)('docs/bundle.md gives %s its size in the table of files and in the table of sizes', (script) => {
    const bundle = read('docs/bundle.md');
    const rows = bundle.split('\n').filter((line) => line.startsWith(`| \`dist/${script}\``));
    expect(rows, 'the table of files').toHaveLength(1);
    expect(rows[0]).toMatch(new RegExp(`\\| ${kb(script).replace('.', '\\.')} KB \\|$`));
    const sized = bundle.split('\n').filter((line) => line.includes(`script, \`dist/${script}\``));
    expect(sized, 'the table of sizes').toHaveLength(1);
    const bytes = gzipSize(readFileSync(resolve(REPO, 'dist', script))).toLocaleString('en-US');
    expect(sized[0]).toContain(`${kb(script)} KB (${bytes} B)`);
  });
});
