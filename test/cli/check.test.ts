import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { commandRunner } from '../support/cli.js';
import { tempFolder } from '../support/temp.js';

const cli = commandRunner('check');

const LIST_TEXT = `# media, a hole in it, TURN, and one block for every server
Media servers
203.0.113.0/24 Frankfurt
deny 203.0.113.128/28 maintenance
[turn]
198.51.100.0/24
2001:db8:10::/48 TURN v6
[all]
192.0.2.0/28 office
`;

const tmp = tempFolder('cli-check-');
let list: string;
let json: string;
let bad: string;

beforeAll(() => {
  list = tmp.file('list.txt', LIST_TEXT);
  json = tmp.file(
    'list.json',
    `  ${JSON.stringify({
      schemaVersion: 1,
      syncToken: '1700000000',
      createDate: '2023-11-14-22-13-20',
      prefixes: [{ ip_prefix: '203.0.113.0/24', category: 'media', description: 'Frankfurt' }],
      ipv6_prefixes: [],
    })}`,
  );
  bad = tmp.file('bad.txt', '[media]\n203.0.113.0/24\n10.0.0.1/8\n  127.1\nDatabases\n');
});

describe('video-allowlist check', () => {
  describe('judges each address', () => {
    it.each([
      ['203.0.113.7', 'allowed', 'in 203.0.113.0/24 (media, Frankfurt)'],
      ['203.0.113.130', 'NOT ALLOWED', 'denied by 203.0.113.128/28 (media, maintenance)'],
      ['198.51.100.1', 'allowed', 'in 198.51.100.0/24 (turn)'],
      ['2001:db8:10::1', 'allowed', 'in 2001:db8:10::/48 (turn, TURN v6)'],
      ['192.0.2.1', 'allowed', 'in 192.0.2.0/28 (no category, office)'],
      ['192.0.2.200', 'NOT ALLOWED', 'no block of the list holds it'],
    ])('says whether %s is allowed and which block decides: %s, %s', async (ip, verdict, why) => {
      const r = await cli([ip, '--list', list]);
      expect(r.stdout).toBe(`${ip}  ${verdict.padEnd(11)}  ${why}\n`);
      expect(r.code).toBe(verdict === 'allowed' ? 0 : 1);
      expect(r.stderr).toBe('');
    });

    it('checks several addresses in one run, aligned, and exits 1 when any is not allowed', async () => {
      const r = await cli(['203.0.113.7', '192.0.2.200', '198.51.100.1', '--list', list]);
      expect(r.stdout.split('\n')).toEqual([
        '203.0.113.7   allowed      in 203.0.113.0/24 (media, Frankfurt)',
        '192.0.2.200   NOT ALLOWED  no block of the list holds it',
        '198.51.100.1  allowed      in 198.51.100.0/24 (turn)',
        '',
      ]);
      expect(r.code).toBe(1);
      expect((await cli(['203.0.113.7', '198.51.100.1', '--list', list])).code).toBe(0);
    });

    it('--category judges against that category and the uncategorized blocks only', async () => {
      expect(await cli(['198.51.100.1', '--category', 'media', '--list', list])).toEqual({
        code: 1,
        stdout: '198.51.100.1  NOT ALLOWED  no media (or uncategorized) block of the list holds it\n',
        stderr: '',
      });
      expect((await cli(['192.0.2.1', '--category', 'media', '--list', list])).code).toBe(0);
      expect((await cli(['198.51.100.1', '--category', 'turn', '--list', list])).code).toBe(0);
    });

    it('checks an IPv4-mapped IPv6 address as the IPv4 address it carries', async () => {
      const r = await cli(['::ffff:203.0.113.7', '--list', list]);
      expect(r).toEqual({
        code: 0,
        stdout: '::ffff:203.0.113.7  allowed      in 203.0.113.0/24 (media, Frankfurt)\n',
        stderr: '',
      });
    });

    it('without --category, a deny in one category closes the address for that category only, as export and diff count it (and --help says so)', async () => {
      const r = await cli(['--help']);
      expect(r.stdout.replace(/\s+/g, ' ')).toContain(
        'a deny in one category closes the address for that category only (a media deny leaves a TURN block open); a deny without a category closes it for all',
      );
      const both = tmp.file('turn-and-media-deny.txt', '[turn]\n198.51.100.0/24\n[media]\ndeny 198.51.100.0/25\n');
      const all = await cli(['198.51.100.7', '--list', both]);
      expect(all.code).toBe(0);
      expect(all.stdout).toMatch(/allowed .*198\.51\.100\.0\/24 \(turn/);
      expect((await cli(['198.51.100.7', '--list', both, '--category', 'turn'])).code).toBe(0);
      expect((await cli(['198.51.100.7', '--list', both, '--category', 'media'])).code).toBe(1);
      const everywhere = tmp.file('turn-and-global-deny.txt', 'deny 198.51.100.0/25\n[turn]\n198.51.100.0/24\n');
      expect((await cli(['198.51.100.7', '--list', everywhere])).code).toBe(1);
    });
  });

  describe('reads the list', () => {
    it('reads a JSON list when the file starts with "{" (after blanks)', async () => {
      const r = await cli(['203.0.113.7', '--list', json]);
      expect(r).toEqual({
        code: 0,
        stdout: '203.0.113.7  allowed      in 203.0.113.0/24 (media, Frankfurt)\n',
        stderr: '',
      });
    });

    it.each([
      ['a JSON list with a byte order mark', (t: string) => `\uFEFF${t}`],
      ['a JSON list with CRLF line ends', (t: string) => t.replace(/\n/g, '\r\n')],
    ])('reads %s', async (_name, edit) => {
      const file = tmp.file('edited.json', edit(JSON.stringify(JSON.parse(readFileSync(json, 'utf8')), null, 2)));
      expect((await cli(['203.0.113.7', '--list', file])).code).toBe(0);
    });

    it.each([
      ['a text list with a byte order mark and CRLF line ends', `\uFEFF${LIST_TEXT.replace(/\n/g, '\r\n')}`, 0],
      ['an empty list', '', 1],
      ['a list of comments only', '# nothing yet\n', 1],
    ])('reads %s', async (_name, text, code) => {
      const file = tmp.file('edited.txt', text);
      expect((await cli(['203.0.113.7', '--list', file])).code).toBe(code);
    });

    it('prints every list parse issue as FILE:LINE:COLUMN and exits 2', async () => {
      const r = await cli(['203.0.113.7', '--list', bad]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n')).toEqual([
        `video-allowlist check: --list ${bad}: the list has 3 problems:`,
        `${bad}:3:1: "10.0.0.1/8": host bits set; did you mean 10.0.0.0/8?`,
        expect.stringMatching(new RegExp(`^${bad}:4:3: "127\\.1": `)),
        expect.stringMatching(new RegExp(`^${bad}:5:1: "Databases": neither an IP block nor a known heading`)),
        '',
      ]);
    });

    it('prints the JSON path of each issue in a JSON list', async () => {
      const file = tmp.file(
        'bad.json',
        JSON.stringify({
          schemaVersion: 1,
          syncToken: '1',
          createDate: '2023-11-14-22-13-20',
          prefixes: [{ ip_prefix: '127.1', category: 'media' }],
          ipv6_prefixes: [],
        }),
      );
      const r = await cli(['203.0.113.7', '--list', file]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        new RegExp(`\\n${file.replace(/[.]/g, '\\.')}: "\\$\\.prefixes\\[0\\]\\.ip_prefix = .*127\\.1.*": `),
      );
    });
  });

  describe('prints the verdicts', () => {
    it('--json prints every verdict with block, category and description', async () => {
      const r = await cli(['203.0.113.7', '192.0.2.200', '--list', list, '--json']);
      expect(r.code).toBe(1);
      expect(JSON.parse(r.stdout)).toEqual({
        allowed: false,
        results: [
          { ip: '203.0.113.7', allowed: true, block: '203.0.113.0/24', category: 'media', description: 'Frankfurt' },
          { ip: '192.0.2.200', allowed: false, block: null, category: null, description: null },
        ],
      });
    });

    it('colours the verdict on a terminal, and not with NO_COLOR or when piped', async () => {
      const tty = await cli(['203.0.113.7', '192.0.2.200', '--list', list], { isTTY: true });
      expect(tty.stdout).toContain('\x1b[32mallowed    \x1b[39m');
      expect(tty.stdout).toContain('\x1b[31mNOT ALLOWED\x1b[39m');
      expect(
        (await cli(['203.0.113.7', '--list', list], { env: { NO_COLOR: '1' }, isTTY: true })).stdout,
      ).not.toContain('\x1b[');
      expect((await cli(['203.0.113.7', '--list', list], { isTTY: false })).stdout).not.toContain('\x1b[');
    });

    it('--help prints the usage, the --list requirement and the exit status, and exits 0', async () => {
      const r = await cli(['--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Usage: video-allowlist check <ip or block>\.\.\. --list FILE/);
      expect(r.stdout).toMatch(/--list FILE .*required/);
      expect(r.stdout.replace(/\s+/g, ' ')).toMatch(
        /Exit status: 0 every address \(and every block, wholly\) allowed, 1 some address or part of a block not allowed, 2 /,
      );
      expect((await cli(['-h'])).stdout).toBe(r.stdout);
    });
  });

  describe('refuses bad input with exit 2', () => {
    it('refuses an invalid address by name with exit 2 and prints no verdicts', async () => {
      const r = await cli(['203.0.113.7', '127.1', '--list', list]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^video-allowlist check: "127\.1" is not a valid IP address or block: .*4/);
    });

    it('names every invalid address when there are several', async () => {
      const r = await cli(['1.2.3.04', '203.0.113.7', '10.0.0.1/8', '--list', list]);
      expect(r.code).toBe(2);
      expect(r.stderr.split('\n')).toEqual([
        'video-allowlist check: 2 of the addresses are invalid:',
        expect.stringMatching(/^"1\.2\.3\.04" .*leading zero/),
        expect.stringMatching(/^"10\.0\.0\.1\/8" .*did you mean 10\.0\.0\.0\/8/),
        '',
      ]);
    });

    it.each([
      ['no --list', ['203.0.113.7'], /--list FILE is required/],
      ['no address', ['--list', 'x.txt'], /give at least one IP address/],
      ['an unknown flag', ['203.0.113.7', '--lst', 'x'], /unknown option --lst; did you mean --list\?/],
      [
        'an unknown category',
        ['203.0.113.7', '--category', 'video', '--list', 'x'],
        /--category: expected one of media, turn, api, logging, got "video"/,
      ],
      [
        'a missing list file',
        ['203.0.113.7', '--list', '/nonexistent/list.txt'],
        /^video-allowlist check: --list \/nonexistent\/list\.txt: cannot read the file \(no such file\)$/m,
      ],
      [
        'two categories (only the last was judged)',
        ['198.51.100.7', '--list', 'x', '--category', 'media', '--category', 'turn'],
        /--category given twice \("media" and "turn"\); give it once/,
      ],
    ])('exits 2 with a message on stderr for %s', async (_name, args, message) => {
      const r = await cli(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^video-allowlist check: /);
      expect(r.stderr).toMatch(message);
    });
  });
});
