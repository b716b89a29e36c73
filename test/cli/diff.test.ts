import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { AllowedIpList } from '../../src/allowlist/list.js';
import { commandRunner } from '../support/cli.js';
import { tempFolder } from '../support/temp.js';

const cli = commandRunner('diff');

const tmp = tempFolder('cli-diff-');
const { file } = tmp;

let before: string;
beforeAll(() => {
  before = file('before.txt', '[media]\n203.0.113.0/24 Frankfurt\n[turn]\n198.51.100.0/24\n');
});

describe('video-allowlist diff', () => {
  describe('says what changed', () => {
    it.each([
      ['the same list', '[media]\n203.0.113.0/24 Frankfurt\n[turn]\n198.51.100.0/24\n', 0, 'no change in coverage\n'],
      [
        'a /24 rewritten as two /25s',
        '[media]\n203.0.113.0/25\n203.0.113.128/25\n[turn]\n198.51.100.0/24\n',
        0,
        'media: blocks added 203.0.113.0/25, 203.0.113.128/25; removed 203.0.113.0/24; no change in coverage\nno change in coverage\n',
      ],
      [
        'a TURN block added',
        '[media]\n203.0.113.0/24\n[turn]\n198.51.100.0/24\n192.0.2.0/28\n',
        1,
        'turn: +192.0.2.0/28 (16 addresses gained)\nturn: blocks added 192.0.2.0/28\ncoverage changed in turn\n',
      ],
      [
        'a hole punched in the media block',
        '[media]\n203.0.113.0/24\ndeny 203.0.113.128/25\n[turn]\n198.51.100.0/24\n',
        1,
        'media: -203.0.113.128/25 (128 addresses lost)\ncoverage changed in media\n',
      ],
    ])('%s: exit %i and the change in words', async (_name, text, code, words) => {
      const r = await cli([before, file('after.txt', text)]);
      expect(r).toEqual({ code, stdout: words, stderr: '' });
    });

    it('--json prints the diffLists result', async () => {
      const after = file('json-after.txt', '[media]\n203.0.113.0/25\n[turn]\n198.51.100.0/24\n[api]\n192.0.2.1/32\n');
      const r = await cli([before, after, '--json']);
      expect(r.code).toBe(1);
      expect(JSON.parse(r.stdout)).toEqual({
        changed: true,
        categories: {
          media: {
            added: ['203.0.113.0/25'],
            removed: ['203.0.113.0/24'],
            coverageGained: [],
            coverageLost: ['203.0.113.128/25'],
          },
          api: { added: ['192.0.2.1/32'], removed: [], coverageGained: ['192.0.2.1/32'], coverageLost: [] },
        },
      });
    });

    it('compares a JSON list with a text list (JSON when the file starts with "{")', async () => {
      const json = file(
        'before.json',
        JSON.stringify(AllowedIpList.fromText('[media]\n203.0.113.0/24 Frankfurt\n[turn]\n198.51.100.0/24\n').toJSON()),
      );
      expect(await cli([json, before])).toEqual({ code: 0, stdout: 'no change in coverage\n', stderr: '' });
    });

    it('colours gained green and lost red on a terminal, not with NO_COLOR', async () => {
      const after = file('colour.txt', '[media]\n203.0.113.0/25\n[turn]\n198.51.100.0/24\n192.0.2.0/28\n');
      const tty = await cli([before, after], { isTTY: true });
      expect(tty.stdout).toContain('turn: \x1b[32m+192.0.2.0/28 (16 addresses gained)\x1b[39m');
      expect(tty.stdout).toContain('media: \x1b[31m-203.0.113.128/25 (128 addresses lost)\x1b[39m');
      expect((await cli([before, after], { env: { NO_COLOR: '1' }, isTTY: true })).stdout).not.toContain('\x1b[');
    });
  });

  describe('refuses bad input with exit 2', () => {
    it('prints every parse issue of both files as FILE:LINE:COLUMN and exits 2', async () => {
      const bad = file('bad.txt', '[media]\n10.0.0.1/8\n');
      const r = await cli([bad, join(tmp.path, 'missing.txt')]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n')).toEqual([
        `video-allowlist diff: ${bad}: the list has 1 problem:`,
        `${bad}:2:1: "10.0.0.1/8": host bits set; did you mean 10.0.0.0/8?`,
        `video-allowlist diff: ${join(tmp.path, 'missing.txt')}: cannot read the file (no such file)`,
        '',
      ]);
    });

    it.each([
      ['one file', (): string[] => [before], /expected two list files, <old> and <new>; got 1/],
      ['three files', (): string[] => [before, before, before], /got 3/],
      ['an unknown flag', (): string[] => [before, before, '--color'], /unknown option --color$/m],
    ])('exits 2 with usage on stderr for %s', async (_name, args, message) => {
      const r = await cli(args());
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toContain('Run "video-allowlist diff --help" for usage.');
    });
  });

  describe('documents itself', () => {
    it('--help documents the exit status like diff(1) and exits 0', async () => {
      const r = await cli(['--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Usage: video-allowlist diff <old> <new>/);
      expect(r.stdout).toMatch(/0 no category gained or lost coverage, 1 coverage changed, 2 bad usage/);
    });
  });
});
