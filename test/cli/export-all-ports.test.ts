/**
 * `export --all-ports` reaches the exporter as `{ allPorts: true }` (the per-category ports come
 * with the exporter's own option; without the flag, the option is left out). The exporter is the
 * real one, wrapped to record the options it is given.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { ExportOptions } from '../../src/allowlist/types.js';
import { commandRunner } from '../support/cli.js';
import { tempFolder } from '../support/temp.js';

const given = vi.hoisted(() => [] as ExportOptions[]);
vi.mock('../../src/allowlist/export.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/allowlist/export.js')>();
  return {
    ...real,
    exportWithCount: (...args: Parameters<typeof real.exportWithCount>) => {
      given.push(args[2] ?? {});
      return real.exportWithCount(...args);
    },
  };
});

const cli = commandRunner('export');
const tmp = tempFolder('cli-export-ports-');
let list: string;
beforeAll(() => {
  list = tmp.file('list.txt', '[media]\n203.0.113.0/24\n[turn]\n198.51.100.0/24\n');
});

describe('export --all-ports', () => {
  it('is accepted, documented, and passed to the exporter as allPorts: true', async () => {
    given.length = 0;
    const r = await cli(['--format', 'nftables', '--list', list, '--all-ports']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('203.0.113.0/24');
    expect(given).toEqual([{ allPorts: true }]);
    expect((await cli(['--help'])).stdout).toMatch(/^ {2}--all-ports {7}/m);
  });

  it('is left out of the options without the flag', async () => {
    given.length = 0;
    expect((await cli(['--format', 'nftables', '--list', list, '--category', 'turn'])).code).toBe(0);
    expect(given).toEqual([{ categories: ['turn'] }]);
  });
});
