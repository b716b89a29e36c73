import { describe, expect, it } from 'vitest';
import { PLATFORMS, snippet } from '../../src/index.js';
import { runCli } from '../support/cli.js';

const ESC = '\x1b[';

describe('video-allowlist snippet', () => {
  describe('prints the code', () => {
    it.each(PLATFORMS.flatMap((p) => p.snippets.map((s) => [p.id, s.language] as const)))(
      '--platform %s --language %s prints exactly snippet() and exits 0',
      async (platform, language) => {
        const r = await runCli(['snippet', '--platform', platform, '--language', language]);
        expect(r).toEqual({ code: 0, stdout: snippet(platform, { language }), stderr: '' });
      },
    );

    it("defaults to the platform's first language (swift for ios)", async () => {
      expect((await runCli(['snippet', '--platform', 'ios'])).stdout).toBe(snippet('ios', { language: 'swift' }));
    });

    it('--json gives platform, language, minimumVersion, option and code', async () => {
      const r = await runCli(['snippet', '--platform', 'android', '--language', 'java', '--json']);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual({
        platform: 'android',
        language: 'java',
        minimumVersion: '2.15.0',
        option: 'Session.Builder.setIpWhitelist(true)',
        code: snippet('android', { language: 'java' }),
      });
    });

    it('--json is never coloured', async () => {
      const r = await runCli(['snippet', '--platform', 'js', '--json'], { isTTY: true });
      expect(r.stdout).not.toContain(ESC);
    });
  });

  describe('refuses bad input with exit 2', () => {
    it.each([
      [['snippet'], /--platform is required/],
      [
        ['snippet', '--platform', 'flutter'],
        /--platform: Unknown platform "flutter": expected one of js, react-native/,
      ],
      [
        ['snippet', '--platform', 'ios', '--language', 'kotlin'],
        /--language: No ios snippet in "kotlin": ios has swift, objc/,
      ],
      [['snippet', '--platform'], /argument missing/],
      [['snippet', '--platfrom', 'js'], /unknown option --platfrom; did you mean --platform\?/],
      [['snippet', 'js'], /positional/],
      [['snippet', '--platform', 'ios', '--platform', 'js'], /--platform given twice/],
    ])('%j exits 2 with the reason on stderr only', async (argv, reason) => {
      const r = await runCli(argv);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(reason);
    });
  });

  describe('documents itself', () => {
    it('--help prints the usage with every platform and the exit codes, exit 0', async () => {
      const r = await runCli(['snippet', '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Usage: video-allowlist snippet --platform ID');
      expect(r.stdout).toContain('js, react-native, ios, android, windows, linux');
      expect(r.stdout).toContain('ios: swift (default), objc; android: kotlin (default), java');
      expect(r.stdout).toContain('Exit status');
    });
  });

  describe('colours only a terminal', () => {
    it.each([
      [true, {}, true],
      [true, { NO_COLOR: '1' }, false],
      [true, { NO_COLOR: '' }, true],
      [false, {}, false],
    ])('tty=%s env=%j: colour %s (the version comment dimmed)', async (isTTY, env, coloured) => {
      const r = await runCli(['snippet', '--platform', 'js'], { isTTY, env });
      expect(r.stdout.includes(ESC)).toBe(coloured);
      expect(r.stdout.replaceAll(/\x1b\[\d+m/g, '')).toBe(snippet('js'));
    });
  });
});
