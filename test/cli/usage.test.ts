/**
 * What every command shares: one kind of usage error (exit 2, the command's name first, a pointer to
 * --help), an unknown option named with the nearest known one, and a library error's `path` said in
 * the user's words (`--category`, `allowed.txt:3:7`).
 */
import { describe, expect, it } from 'vitest';
import { describeError, guarded, pathWords, UsageError } from '../../src/cli/errors.js';
import { nearest } from '../../src/cli/nearest.js';
import { VideoAllowlistError } from '../../src/errors.js';
import { runCli } from '../support/cli.js';

class ExampleError extends VideoAllowlistError {}

const COMMANDS = ['preflight', 'check', 'diff', 'export', 'snippet', 'audit', 'convert'];

describe('an unknown option', () => {
  it.each(COMMANDS)('%s names it and suggests the nearest option, exit 2', async (command) => {
    const r = await runCli([command, '--hepl']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      new RegExp(`^video-allowlist ${command}: unknown option --hepl; did you mean --help\\?\\n`),
    );
  });

  it.each([
    ['check', ['--lsit', 'a.txt', '192.0.2.1'], 'unknown option --lsit; did you mean --list?'],
    ['export', ['--categroy=media'], 'unknown option --categroy; did you mean --category?'],
    ['export', ['--all'], 'unknown option --all; did you mean --all-ports?'],
    ['snippet', ['--zzz'], 'unknown option --zzz'],
    ['snippet', ['-x'], 'unknown option -x'],
  ])('%s %j: %s', async (command, args, words) => {
    const r = await runCli([command, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(`video-allowlist ${command}: ${words}`);
    expect(r.stderr).toContain(`Run "video-allowlist ${command} --help" for usage.`);
  });
});

describe('nearest', () => {
  it.each([
    ['lsit', ['list', 'json'], 'list'],
    ['cat', ['category', 'json'], 'category'],
    ['formta', ['format', 'name'], 'format'],
    ['jsno', ['json', 'list'], 'json'],
    ['zzz', ['json', 'list'], null],
    ['lis', ['list', 'listen'], 'list'],
  ])('%s among %j is %s', (typed, known, expected) => {
    expect(nearest(typed, known)).toBe(expected);
  });
});

describe('a library error in the user words', () => {
  it.each([
    [['line', 3, 'column', 7], { file: 'allowed.txt' }, 'allowed.txt:3:7'],
    [['line', 3], { file: 'allowed.txt' }, 'allowed.txt:3'],
    [['category'], { options: { category: '--category' } }, '--category'],
    [['categories', 1], { options: { categories: '--category' } }, '--category'],
    [['turn', 'urls', 1], { options: { turn: '--turn', 'turn.urls': '--turn-url' } }, '--turn-url'],
    [['turn', 'username'], { options: { turn: '--turn', 'turn.urls': '--turn-url' } }, '--turn'],
    [['apiKey'], { options: { category: '--category' } }, null],
    [[], { options: { category: '--category' } }, null],
  ])('path %j is %s', (path, words, expected) => {
    expect(pathWords(path, words)).toBe(expected);
  });

  it('names the flag, the reason and, on a line of its own, the hint', () => {
    const err = new ExampleError('invalid-option', 'categories: "video" is not a category', {
      path: ['categories', 0],
      reason: '"video" is not a category',
      hint: 'Use media, turn, api or logging.',
    });
    expect(describeError(err, { options: { categories: '--category' } })).toEqual([
      '--category: "video" is not a category',
      'Use media, turn, api or logging.',
    ]);
  });

  it('keeps the message when the path is empty or names nothing the command maps', () => {
    const plain = new ExampleError('invalid-option', 'the whole thing is wrong');
    expect(describeError(plain, { options: { name: '--name' } })).toEqual(['the whole thing is wrong']);
    const other = new ExampleError('invalid-option', 'ca: no PEM certificate', { path: ['ca'] });
    expect(describeError(other, { options: { name: '--name' } })).toEqual(['ca: no PEM certificate']);
  });

  it('reads the input from an older field (`option`) and strips its name from the message', () => {
    const err = Object.assign(new ExampleError('invalid-option', 'name: too long'), { option: 'name' });
    expect(describeError(err, { options: { name: '--name' } })).toEqual(['--name: too long']);
  });
});

describe('UsageError', () => {
  it('prints the first line after the command name, the rest as they are, and exits 2', async () => {
    let err = '';
    const io = { stdout: () => {}, stderr: (t: string) => void (err += t), env: {}, isTTY: false };
    const code = await guarded('demo', io, () => Promise.reject(new UsageError(['bad thing', 'detail'], true)));
    expect(code).toBe(2);
    expect(err).toBe('video-allowlist demo: bad thing\ndetail\nRun "video-allowlist demo --help" for usage.\n');
  });

  it('takes one message as a string, without the pointer to --help unless asked', async () => {
    let err = '';
    const io = { stdout: () => {}, stderr: (t: string) => void (err += t), env: {}, isTTY: false };
    expect(await guarded('demo', io, () => Promise.reject(new UsageError('--port: expected 1-65535')))).toBe(2);
    expect(err).toBe('video-allowlist demo: --port: expected 1-65535\n');
  });

  it('lets any other error through', async () => {
    const io = { stdout: () => {}, stderr: () => {}, env: {}, isTTY: false };
    await expect(guarded('demo', io, () => Promise.reject(new Error('bug')))).rejects.toThrow('bug');
  });
});
