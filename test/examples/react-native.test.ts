import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const EXAMPLE = join(ROOT, 'examples/react-native');
const TSC = join(ROOT, 'node_modules/.bin/tsc');

/** Run tsc on a project; never throws, gives exit code and output. */
async function tsc(project: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(TSC, ['-p', project, '--noEmit', '--listFiles'], {
      cwd: ROOT,
    });
    return { code: 0, output: stdout + stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

describe('examples/react-native', () => {
  let broken: string;
  beforeAll(async () => {
    broken = await mkdtemp(join(tmpdir(), 'rn-example-'));
  });
  afterAll(() => rm(broken, { recursive: true, force: true }));

  it('type-checks with tsc -p examples/react-native, importing the library from src', async () => {
    const r = await tsc(EXAMPLE);
    expect(r.output).not.toMatch(/error TS/);
    expect(r.code).toBe(0);
    expect(r.output).toContain(join(ROOT, 'src/index.ts'));
  });

  it.each([
    [
      'ipWhitelist set to false',
      (s: string) => s.replace('      ipWhitelist: true,\n', '      ipWhitelist: false,\n'),
      /App\.ts\(\d+,\d+\): error TS2322: Type 'false' is not assignable to type 'true'/,
    ],
    [
      'ipWhitelist left out',
      (s: string) => s.replace('      ipWhitelist: true,\n', ''),
      /App\.ts\(\d+,\d+\): error TS2322[^]*Property 'ipWhitelist' is missing/,
    ],
  ])('a copy with %s fails to type-check', async (_what, edit, error) => {
    const source = await readFile(join(EXAMPLE, 'App.ts'), 'utf8');
    const changed = edit(source);
    expect(changed).not.toBe(source);
    await writeFile(join(broken, 'App.ts'), changed);
    await writeFile(
      join(broken, 'tsconfig.json'),
      JSON.stringify({ extends: join(EXAMPLE, 'tsconfig.json'), include: ['*.ts'] }),
    );
    const r = await tsc(broken);
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(error);
  });
});
