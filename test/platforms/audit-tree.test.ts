import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ignores, parseIgnore } from '../../src/platforms/audit/gitignore.js';
import { scriptBlocks } from '../../src/platforms/audit/markup.js';
import { auditTree, isTestPath } from '../../src/platforms/audit/node.js';

describe('.gitignore patterns', () => {
  it.each([
    ['generated/', 'generated', true, true],
    ['generated/', 'generated', false, undefined], // a trailing slash: directories only
    ['generated/', 'src/generated', true, true],
    ['/generated', 'src/generated', true, undefined], // a leading slash anchors
    ['/generated', 'generated', true, true],
    ['*.min.js', 'public/app.min.js', false, true],
    ['*.min.js', 'public/app.js', false, undefined],
    ['docs/**/*.js', 'docs/a/b/c.js', false, true],
    ['docs/**/*.js', 'src/docs/c.js', false, undefined],
    ['**/fixtures', 'a/b/fixtures', true, true],
    ['app-?.js', 'app-1.js', false, true],
    ['app-[0-9].js', 'app-7.js', false, true],
    ['# comment', '# comment', false, undefined],
    ['*.js\n!keep.js', 'keep.js', false, false],
    ['*.js\n!keep.js', 'drop.js', false, true],
  ])('%j on %s (dir %s): %s', (text, path, isDir, verdict) => {
    expect(ignores(parseIgnore(text), path, isDir)).toBe(verdict);
  });
});

describe('script blocks of markup files', () => {
  it('keeps lines and columns, reads lang="ts", skips templates, JSON and src-only scripts', () => {
    const html = [
      '<script src="x.js"></script>',
      '<script type="text/template">OT.initSession(a, b)</script>',
      '<script type="application/json">{}</script>',
      '<script lang="ts">',
      '  let a: number = 1;',
      '</script>',
    ].join('\n');
    const blocks = scriptBlocks(html);
    expect(blocks.map((b) => b.ext)).toEqual(['.ts']);
    expect(blocks[0]!.text).toHaveLength(html.length);
    expect(blocks[0]!.text.split('\n')[4]).toBe('  let a: number = 1;');
    expect(blocks[0]!.text.split('\n')[1]!.trim()).toBe('');
  });
});

describe('test code', () => {
  it.each([
    ['test/a.js', true],
    ['src/__tests__/a.ts', true],
    ['src/a.test.tsx', true],
    ['src/a.spec.js', true],
    ['e2e/flow.ts', true],
    ['app/src/androidTest/java/A.java', true],
    ['AppTests/SessionTests.swift', true],
    ['src/SessionTest.kt', true],
    ['src/contest/a.js', false],
    ['src/latest.js', false],
    ['src/attestation/a.ts', false],
    ['src/app.js', false],
  ])('%s: %s', (path, test) => {
    expect(isTestPath(path)).toBe(test);
  });
});

describe('auditTree: .gitignore, build output, what it cannot read', () => {
  let root: string;
  const write = async (path: string, text = 'OT.initSession(k, s);\n'): Promise<void> => {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  };
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'audit-tree-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('honours the root .gitignore, a nested one, and a negation', async () => {
    await write('.gitignore', 'gen/\n*.gen.js\n');
    await write('src/.gitignore', 'local.js\n!keep.gen.js\n');
    for (const f of ['gen/a.js', 'src/b.gen.js', 'src/local.js', 'src/keep.gen.js', 'src/app.js']) await write(f);
    const { findings } = await auditTree(root);
    expect(findings.map((f) => f.file)).toEqual(['src/app.js', 'src/keep.gen.js']);
  });

  it('lists a symbolic link to a directory as skipped, and does not follow it', async () => {
    await write('real/app.js');
    await symlink(join(root, 'real'), join(root, 'linked'));
    const report = await auditTree(root);
    expect(report.skipped).toEqual([{ path: 'linked', reason: 'symlink' }]);
    expect(report.findings.map((f) => f.file)).toEqual(['real/app.js']);
  });

  it.skipIf(process.getuid?.() === 0)('lists an unreadable file and directory instead of failing', async () => {
    await write('src/app.js');
    await write('src/secret.js');
    await write('locked/x.js');
    await chmod(join(root, 'src/secret.js'), 0o000);
    await chmod(join(root, 'locked'), 0o000);
    try {
      const report = await auditTree(root);
      expect(report.skipped).toEqual([
        { path: 'locked', reason: 'unreadable', detail: 'EACCES' },
        { path: 'src/secret.js', reason: 'unreadable', detail: 'EACCES' },
      ]);
      expect(report.filesScanned).toBe(1);
    } finally {
      await chmod(join(root, 'locked'), 0o755);
    }
  });
});
