/**
 * `video-allowlist check` given a CIDR block: whether the list allows all of it, part of it or none,
 * per category, and the blocks that decide; several blocks in one argument are refused.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { checkBlock } from '../../src/cli/block-check.js';
import { AllowedIpList } from '../../src/allowlist/list.js';
import { commandRunner } from '../support/cli.js';
import { tempFolder } from '../support/temp.js';

const cli = commandRunner('check');

const LIST_TEXT = `[media]
203.0.113.0/24 Frankfurt
deny 203.0.113.128/28 maintenance
[turn]
198.51.100.0/25
2001:db8:10::/48 TURN v6
[all]
192.0.2.0/28 office
`;
const LIST = AllowedIpList.fromText(LIST_TEXT);

const tmp = tempFolder('cli-check-block-');
let list: string;
beforeAll(() => {
  list = tmp.file('list.txt', LIST_TEXT);
});

describe('check given a block', () => {
  it.each([
    ['203.0.113.0/25', 0, 'allowed      media: wholly, in 203.0.113.0/24 (Frankfurt)'],
    [
      '203.0.113.0/24',
      1,
      'PARTLY       media: partly (93.8%), in 203.0.113.0/24 (Frankfurt); denied by 203.0.113.128/28 (maintenance)',
    ],
    ['198.51.100.0/24', 1, 'PARTLY       turn: partly (50%), in 198.51.100.0/25'],
    ['198.51.100.0/26', 0, 'allowed      turn: wholly, in 198.51.100.0/25'],
    ['192.0.2.0/30', 0, 'allowed      media, turn, api, logging: wholly, in 192.0.2.0/28 (no category, office)'],
    ['2001:db8:10:1::/64', 0, 'allowed      turn: wholly, in 2001:db8:10::/48 (TURN v6)'],
    ['10.0.0.0/8', 1, 'NOT ALLOWED  no block of the list holds any of it'],
    ['::ffff:203.0.113.0/121', 0, 'allowed      media: wholly, in 203.0.113.0/24 (Frankfurt)'],
  ])('%s: exit %i, %s', async (block, code, words) => {
    const r = await cli([block, '--list', list]);
    expect(r).toEqual({ code, stdout: `${block}  ${words}\n`, stderr: '' });
  });

  it('sums what several categories allow: a block half media, half TURN is allowed', async () => {
    const halves = tmp.file('halves.txt', '[media]\n198.51.100.0/25\n[turn]\n198.51.100.128/25\n');
    const r = await cli(['198.51.100.0/24', '--list', halves]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      '198.51.100.0/24  allowed      media: partly (50%), in 198.51.100.0/25; turn: partly (50%), in 198.51.100.128/25\n',
    );
  });

  it('with --category judges that category (and the uncategorized blocks) alone', async () => {
    const r = await cli(['203.0.113.0/25', '--category', 'turn', '--list', list]);
    expect(r).toEqual({
      code: 1,
      stdout: '203.0.113.0/25  NOT ALLOWED  no turn (or uncategorized) block of the list holds any of it\n',
      stderr: '',
    });
  });

  it('a deny without a category closes the block in every category', () => {
    const l = AllowedIpList.fromText('deny 192.0.2.0/25\n[media]\n192.0.2.0/24\n[turn]\n192.0.2.0/24\n');
    const cover = checkBlock(l, '192.0.2.0/24');
    expect(cover.inside).toBe('partly');
    expect(cover.categories.map((c) => [c.category, c.share])).toEqual([
      ['media', 0.5],
      ['turn', 0.5],
    ]);
    expect(checkBlock(l, '192.0.2.128/25').allowed).toBe(true);
    expect(checkBlock(l, '192.0.2.0/26').inside).toBe('none');
  });

  it('--json gives each block its share per category, with addresses beside it', async () => {
    const r = await cli(['203.0.113.0/24', '203.0.113.7', '--list', list, '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { allowed: boolean; results: unknown[] };
    expect(out.allowed).toBe(false);
    expect(out.results[0]).toEqual({
      ip: '203.0.113.0/24',
      allowed: false,
      inside: 'partly',
      categories: [
        {
          category: 'media',
          inside: 'partly',
          share: 0.9375,
          blocks: [expect.objectContaining({ block: '203.0.113.0/24', action: 'allow' })],
          deniedBy: [expect.objectContaining({ block: '203.0.113.128/28', action: 'deny' })],
        },
      ],
    });
    expect(out.results[1]).toMatchObject({ ip: '203.0.113.7', allowed: true, block: '203.0.113.0/24' });
  });

  it('checkBlock agrees with check on every address of a small block', () => {
    for (let i = 0; i < 256; i++) {
      const ip = `203.0.113.${i}`;
      expect(checkBlock(LIST, `${ip}/32`).allowed, ip).toBe(LIST.check(ip).allowed);
    }
  });

  it.each([
    ['203.0.113.0/24,198.51.100.0/24', 2],
    ['203.0.113.7, 198.51.100.7', 2],
    ['192.0.2.1,192.0.2.2,192.0.2.3', 3],
  ])('refuses %s: several in one argument, give one a line', async (arg, n) => {
    const r = await cli([arg, '--list', list]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `video-allowlist check: ${JSON.stringify(arg)} holds ${n} addresses or blocks separated by commas: give one an argument (separated by spaces) or one a line\n`,
    );
  });

  it('refuses a block with host bits set, naming the block it probably means', async () => {
    const r = await cli(['203.0.113.7/24', '--list', list]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /"203\.0\.113\.7\/24" is not a valid IP address or block: .*did you mean 203\.0\.113\.0\/24/,
    );
  });
});
