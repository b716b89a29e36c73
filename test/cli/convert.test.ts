/**
 * `video-allowlist convert`: the list between its text and JSON forms, to stdout or --out FILE,
 * never over the list it reads.
 */
import { linkSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { AllowedIpList } from '../../src/allowlist/list.js';
import { commandRunner, runCli } from '../support/cli.js';
import { tempFolder } from '../support/temp.js';

const cli = commandRunner('convert');

const LIST_TEXT = `# comment
[media]
203.0.113.0/24 Frankfurt
deny 203.0.113.128/28 maintenance
[turn]
2001:db8:10::/48
[all]
192.0.2.0/28 office
`;
const LIST = AllowedIpList.fromText(LIST_TEXT);

const tmp = tempFolder('cli-convert-');
let text: string;
let json: string;
beforeAll(() => {
  text = tmp.file('list.txt', LIST_TEXT);
  json = tmp.file('list.json', JSON.stringify(LIST.toJSON()));
});

describe('video-allowlist convert', () => {
  it('writes a text list as JSON that reads back to the same entries', async () => {
    const r = await cli(['--list', text]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(AllowedIpList.fromJSON(r.stdout).entries()).toEqual(LIST.entries());
    expect(JSON.parse(r.stdout)).toMatchObject({ schemaVersion: 1 });
  });

  it('writes a JSON list as text, the list own text form', async () => {
    expect(await cli(['--list', json])).toEqual({ code: 0, stdout: LIST.toText(), stderr: '' });
  });

  it.each([
    ['text', 'text', () => LIST.toText()],
    ['json', 'json', () => `${JSON.stringify(AllowedIpList.fromJSON(readFileSync(json, 'utf8')).toJSON(), null, 2)}\n`],
  ])('--to %s writes that form whatever the input', async (to, _same, expected) => {
    const from = to === 'text' ? text : json;
    expect(await cli(['--list', from, '--to', to])).toEqual({ code: 0, stdout: expected(), stderr: '' });
  });

  it('keeps the list as written, where export --format json writes it merged: both read back, same addresses', async () => {
    const converted = AllowedIpList.fromJSON((await cli(['--list', text, '--to', 'json'])).stdout);
    const exported = AllowedIpList.fromJSON((await runCli(['export', '--format', 'json', '--list', text])).stdout);
    expect(converted.entries()).toEqual(LIST.entries());
    expect(converted.entries().map((entry) => entry.description)).toContain('maintenance');
    expect(exported.entries().every((entry) => entry.description === null)).toBe(true);
    expect(exported.entries()).not.toEqual(converted.entries());
    for (const ip of ['203.0.113.7', '203.0.113.130', '2001:db8:10::1', '192.0.2.1', '192.0.2.99'])
      for (const category of ['media', 'turn', 'api', 'logging'] as const)
        expect(exported.check(ip, { category }).allowed, `${ip} ${category}`).toBe(
          converted.check(ip, { category }).allowed,
        );
  });

  it('--out FILE writes there and nothing to stdout', async () => {
    const out = join(tmp.path, 'out.json');
    expect(await cli(['--list', text, '--out', out])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(AllowedIpList.fromJSON(readFileSync(out, 'utf8')).entries()).toEqual(LIST.entries());
  });

  it.each([
    ['the same name', (f: string) => f],
    ['another spelling of it', (f: string) => f.replace('/input.txt', '/./input.txt')],
    ['a hard link to it', (f: string) => (linkSync(f, `${f}.link`), `${f}.link`)],
  ])('refuses to write over the --list file given by %s', async (_name, outOf) => {
    const input = tmp.file('input.txt', LIST_TEXT);
    const r = await cli(['--list', input, '--to', 'text', '--out', outOf(input)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^video-allowlist convert: --out .*: that is the --list file; write the result to another file\n$/,
    );
    expect(readFileSync(input, 'utf8')).toBe(LIST_TEXT);
  });

  it.each([
    ['no --list', [], /--list FILE is required/],
    ['an unknown --to', ['--list', 'x', '--to', 'yaml'], /--to: expected text or json, got "yaml"/],
    ['a positional argument', ['x.txt'], /unexpected argument "x\.txt" \(the list is given with --list FILE\)/],
    ['--json (convert writes the list itself)', ['--list', 'x', '--json'], /unknown option --json/],
  ])('exits 2 for %s', async (_name, args, message) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });

  it('names every problem of a list that does not parse and writes nothing', async () => {
    const bad = tmp.file('bad.txt', '[media]\n10.0.0.1/8\n');
    const out = join(tmp.path, 'never.json');
    const r = await cli(['--list', bad, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad}:2:1: "10.0.0.1/8": host bits set`);
    expect(() => readFileSync(out)).toThrow(/ENOENT/);
  });

  it('--help says what it does, its flags and exit status', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: video-allowlist convert --list FILE/);
    for (const flag of ['--list', '--to', '--out', '--help']) expect(r.stdout).toContain(flag);
    expect(r.stdout).toMatch(/Exit status: 0 written, 2 /);
  });
});
