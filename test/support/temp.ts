/**
 * A temporary folder for one test file's inputs.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

/** A folder under the OS temp dir; `file` writes a file in it and returns the file's path. */
export interface TempFolder {
  /** The folder (only inside hooks and tests: it is made in `beforeAll`). */
  readonly path: string;
  file(name: string, text: string): string;
}

/**
 * Registers hooks that make a fresh folder (`prefix` + random) before the tests of the calling file or
 * describe block and remove it, with everything in it, after them. Call it before the hooks that fill it.
 */
export function tempFolder(prefix: string): TempFolder {
  let path = '';
  beforeAll(() => {
    path = mkdtempSync(join(tmpdir(), prefix));
  });
  afterAll(() => {
    if (path) rmSync(path, { recursive: true, force: true });
  });
  const folder = (): string => {
    if (!path) throw new Error(`tempFolder(${JSON.stringify(prefix)}) used before its beforeAll ran`);
    return path;
  };
  return {
    get path() {
      return folder();
    },
    file: (name, text) => {
      const p = join(folder(), name);
      writeFileSync(p, text);
      return p;
    },
  };
}
