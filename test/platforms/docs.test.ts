import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  GENERATED_BLOCKS,
  auditRulesMarkdown,
  platformTableMarkdown,
  regenerate,
  snippetsMarkdown,
} from '../../src/platforms/markdown.js';
import { PLATFORMS } from '../../src/index.js';

// After changing src/platforms, rewrite the generated blocks of the page with:
//   npx tsx -e "import('./src/platforms/markdown.ts').then(async (m) => { const fs = await import('node:fs'); const p = 'docs/platforms.md'; fs.writeFileSync(p, m.regenerate(fs.readFileSync(p, 'utf8'))); })"
const DOC = new URL('../../docs/platforms.md', import.meta.url);

describe('docs/platforms.md', () => {
  it.each(Object.keys(GENERATED_BLOCKS))('has the generated block %s', async (name) => {
    const doc = await readFile(DOC, 'utf8');
    expect(doc).toContain(`<!-- generated:${name} -->\n`);
    expect(doc).toContain(`\n<!-- /generated:${name} -->`);
  });

  it.each([
    ['the per-platform table', platformTableMarkdown],
    ['the snippets', snippetsMarkdown],
    ['the audit rules', auditRulesMarkdown],
  ])('contains %s exactly as the data generates them', async (_what, make) => {
    const doc = await readFile(DOC, 'utf8');
    expect(doc).toContain(make());
  });

  it('regenerating it changes nothing', async () => {
    const doc = await readFile(DOC, 'utf8');
    expect(regenerate(doc)).toBe(doc);
  });

  it('regenerate() replaces a stale block, so the drift check can fail', () => {
    const stale = '<!-- generated:platforms-table -->\n| old |\n<!-- /generated:platforms-table -->';
    expect(regenerate(stale)).toBe(
      `<!-- generated:platforms-table -->\n${platformTableMarkdown()}\n<!-- /generated:platforms-table -->`,
    );
  });

  it('the table has one row per platform, naming its option and minimum version', () => {
    const table = platformTableMarkdown();
    for (const p of PLATFORMS)
      expect(table).toMatch(
        new RegExp(`^\\| \`${p.id}\` \\|.*\\| ${p.minimumVersion.replaceAll('.', '\\.')} \\|`, 'm'),
      );
  });
});
