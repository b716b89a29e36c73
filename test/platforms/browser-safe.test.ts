import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

/** Every module `entry` imports, transitively (static imports and re-exports, relative or bare). */
async function importGraph(entry: string): Promise<Map<string, string[]>> {
  const graph = new Map<string, string[]>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (graph.has(file)) continue;
    const text = await readFile(file, 'utf8');
    const specs = [...text.matchAll(/^\s*(?:import|export)\s[^;]*?\sfrom\s+'([^']+)'/gms)].map((m) => m[1]!);
    graph.set(file, specs);
    for (const spec of specs)
      if (spec.startsWith('.')) queue.push(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
  }
  return graph;
}

describe('src/platforms in the browser bundle', () => {
  it('src/platforms/index.ts imports nothing from Node nor the JS parser (they stay behind audit/node.ts)', async () => {
    const graph = await importGraph(join(SRC, 'platforms/index.ts'));
    expect([...graph.keys()].map((f) => f.slice(SRC.length)).sort()).toContain('platforms/audit/rules.ts');
    const bare = [...graph.values()].flat().filter((s) => !s.startsWith('.'));
    expect(bare).toEqual([]);
    expect([...graph.keys()].filter((f) => /audit[/\\](?:node|source|tree)\.ts$|[/\\]js[/\\]/.test(f))).toEqual([]);
  });

  it('the check sees Node imports where they are (audit/node.ts reaches node:fs/promises and @babel/parser)', async () => {
    const graph = await importGraph(join(SRC, 'platforms/audit/node.ts'));
    expect([...graph.values()].flat()).toEqual(expect.arrayContaining(['node:fs/promises', '@babel/parser']));
  });
});
