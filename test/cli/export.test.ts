import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { exportRules } from '../../src/allowlist/export.js';
import { AllowedIpList } from '../../src/allowlist/list.js';
import type { ExportFormat } from '../../src/allowlist/types.js';
import { commandRunner } from '../support/cli.js';
import { tempFolder } from '../support/temp.js';

const cli = commandRunner('export');

const LIST_TEXT =
  '[media]\n203.0.113.0/24 Frankfurt\ndeny 203.0.113.128/28\n[turn]\n198.51.100.0/24\n2001:db8:10::/48\n';
const LIST = AllowedIpList.fromText(LIST_TEXT);

const tmp = tempFolder('cli-export-');
let list: string;
beforeAll(() => {
  list = tmp.file('list.txt', LIST_TEXT);
});

const check = commandRunner('check');

describe('video-allowlist export', () => {
  describe('writes the rules', () => {
    // The json format is dated now: a fixed clock gives the library's bytes and the command's the same date.
    beforeEach(() => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(new Date('2026-11-23T15:04:05Z'));
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    it.each(['nftables', 'ipset', 'aws', 'gcp', 'azure', 'json-rules', 'text', 'json'] as ExportFormat[])(
      '--format %s writes exportRules output to stdout, exit 0',
      async (format) => {
        const r = await cli(['--format', format, '--list', list]);
        expect(r).toEqual({ code: 0, stdout: exportRules(LIST, format), stderr: '' });
        expect(r.stdout).toContain(
          ['aws', 'gcp', 'azure', 'json-rules'].includes(format) ? '198.51.100.0/24' : '203.0.113.0/25',
        );
      },
    );

    it('passes --name and every --category through', async () => {
      const r = await cli([
        '--format',
        'nftables',
        '--list',
        list,
        '--name',
        'video-egress',
        '--category',
        'turn',
        '--category',
        'media',
      ]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(exportRules(LIST, 'nftables', { name: 'video-egress', categories: ['turn', 'media'] }));
      expect(r.stdout).toContain('table inet video-egress {');
    });

    it('--category keeps only that category: the text export read back allows TURN and not media', async () => {
      const r = await cli(['--format', 'text', '--list', list, '--category', 'turn']);
      expect(r.code).toBe(0);
      const back = AllowedIpList.fromText(r.stdout);
      expect(back.check('198.51.100.7').allowed).toBe(true);
      expect(back.check('2001:db8:10::1').allowed).toBe(true);
      expect(back.check('203.0.113.7').allowed).toBe(false);
    });

    it('--format json writes the list in its own JSON form, which check --list reads back', async () => {
      const r = await cli(['--format', 'json', '--list', list]);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ schemaVersion: 1, createDate: '2026-11-23-15-04-05' });
      const file = tmp.file('exported.json', r.stdout);
      const allowed = async (ip: string, file: string) =>
        (JSON.parse((await check([ip, '--list', file, '--json'])).stdout) as { allowed: boolean }).allowed;
      for (const [ip, want] of [
        ['203.0.113.7', true],
        ['203.0.113.130', false],
        ['2001:db8:10::1', true],
        ['192.0.2.1', false],
      ] as const) {
        expect(await allowed(ip, file), ip).toBe(want);
        expect(await allowed(ip, list), ip).toBe(want);
      }
    });

    it('--json is --format json (the list JSON form), not the rule set of --format json-rules', async () => {
      const r = await cli(['--json', '--list', list]);
      expect(r).toEqual({ code: 0, stdout: exportRules(LIST, 'json'), stderr: '' });
      expect(r.stdout).not.toBe(exportRules(LIST, 'json-rules'));
    });

    it('--format json-rules is a rule set, not a list: check --list refuses it', async () => {
      const r = await cli(['--format', 'json-rules', '--list', list]);
      expect(JSON.parse(r.stdout)).toHaveProperty('categories.media.ports');
      const answer = await check(['203.0.113.7', '--list', tmp.file('rules.json', r.stdout)]);
      expect(answer.code).toBe(2);
      expect(answer.stderr).toMatch(/unknown field/);
    });

    it('reads a JSON list file', async () => {
      const file = tmp.file('list.json', JSON.stringify(LIST.toJSON()));
      expect((await cli(['--format', 'text', '--list', file])).stdout).toBe(exportRules(LIST, 'text'));
    });
  });

  describe('warns about rules that let nothing through', () => {
    it('writes the rules but exits 1 with a warning when they hold no address', async () => {
      const r = await cli(['--format', 'nftables', '--list', list, '--category', 'api']);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe(exportRules(LIST, 'nftables', { categories: ['api'] }));
      expect(r.stderr).toBe(
        `video-allowlist export: the rules hold no address: ${list} has none in api; a firewall loading them lets nothing through\n`,
      );
    });

    it('exits 1 when the list allows only the IPv4-mapped IPv6 space, which check() never matches as IPv6', async () => {
      const mapped = tmp.file('mapped.txt', '::fffe:0:0/95\ndeny ::fffe:0:0/96\n');
      const r = await cli(['--format', 'aws', '--list', mapped]);
      expect(r).toEqual({
        code: 1,
        stdout: '{\n  "IpPermissions": []\n}\n',
        stderr: `video-allowlist export: the rules hold no address: ${mapped} has none; a firewall loading them lets nothing through\n`,
      });
    });
  });

  describe('refuses bad input with exit 2', () => {
    it('prints every list parse issue as FILE:LINE:COLUMN and writes nothing', async () => {
      const bad = tmp.file('bad.txt', '[media]\n203.0.113.0/24\n10.0.0.1/8\n[video]\n');
      const r = await cli(['--format', 'nftables', '--list', bad]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n')).toEqual([
        `video-allowlist export: --list ${bad}: the list has 2 problems:`,
        `${bad}:3:1: "10.0.0.1/8": host bits set; did you mean 10.0.0.0/8?`,
        expect.stringMatching(new RegExp(`^${bad}:4:1: "\\[video\\]": `)),
        '',
      ]);
    });

    it.each([
      [
        'no --format',
        ['--list', 'x'],
        /--format is required: one of nftables, ipset, aws, gcp, azure, json-rules, text, json/,
      ],
      ['an unknown format', ['--format', 'pf', '--list', 'x'], /--format: expected one of nftables, .*, got "pf"/],
      [
        '--json with another format',
        ['--json', '--format', 'aws', '--list', 'x'],
        /--json is --format json; it contradicts --format aws/,
      ],
      ['no --list', ['--format', 'text'], /--list FILE is required/],
      [
        'an unknown category',
        ['--format', 'text', '--list', 'x', '--category', 'signaling'],
        /--category: expected one of media, turn, api, logging, got "signaling"/,
      ],
      [
        'a stray argument',
        ['--format', 'text', '--list', 'x', 'list.txt'],
        /unexpected argument "list\.txt" \(the list is given with --list FILE\)/,
      ],
      [
        'a missing list file',
        ['--format', 'text', '--list', '/nonexistent.txt'],
        /--list \/nonexistent\.txt: cannot read the file \(no such file\)/,
      ],
      [
        '--name with the text format (which has no name)',
        ['--format', 'text', '--list', 'x', '--name', 'video-egress'],
        /--name: the text format names nothing; leave --name out/,
      ],
      [
        '--name with the json format (the list JSON form has no name)',
        ['--format', 'json', '--list', 'x', '--name', 'video-egress'],
        /--name: the json format names nothing; leave --name out/,
      ],
      [
        'two formats (one would be dropped)',
        ['--format', 'aws', '--format', 'gcp', '--list', 'x'],
        /--format given twice \("aws" and "gcp"\); give it once/,
      ],
      [
        'two lists (one would be dropped)',
        ['--format', 'aws', '--list', 'a.txt', '--list', 'b.txt'],
        /--list given twice \("a\.txt" and "b\.txt"\); give it once/,
      ],
    ])('exits 2 with a message on stderr for %s', async (_name, args, message) => {
      const r = await cli(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^video-allowlist export: /);
      expect(r.stderr).toMatch(message);
    });

    it.each([
      ['upper case', 'Vonage', /^video-allowlist export: --name: "Vonage" is not usable in every firewall/],
      ['too long for ipset', 'a-very-long-set-name-for-ipset', /^video-allowlist export: --name: .*at most 16/],
    ])('names --name when the library refuses it (%s), exit 2', async (_name, name, message) => {
      const r = await cli(['--format', 'ipset', '--list', list, '--name', name]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
    });
  });

  describe('documents itself', () => {
    it('--help lists every format and the exit status, exit 0', async () => {
      const r = await cli(['--help']);
      expect(r.code).toBe(0);
      for (const f of ['nftables', 'ipset', 'aws', 'gcp', 'azure', 'json-rules', 'text', 'json'])
        expect(r.stdout).toMatch(new RegExp(`^ .* ${f} `, 'm'));
      expect(r.stdout).toMatch(/Exit status: 0 rules written, 1 .*no address/);
    });

    it('--help says, at json, that it is the list JSON form and where the list as written comes from', async () => {
      const { stdout } = await cli(['--help']);
      // A format's words: its line and the continuation lines under it (indented to the description).
      const at = (format: string) => new RegExp(`^ {20}${format} .*(\\n {32}.*)*`, 'm').exec(stdout)![0];
      expect(at('json')).toMatch(/the list's JSON form .*check --list reads it/s);
      expect(at('json')).toContain('video-allowlist convert --list FILE --to json');
      expect(at('json-rules')).toMatch(/not a list/);
    });
  });
});
