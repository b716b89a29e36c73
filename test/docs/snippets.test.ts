/**
 * The code a user copies from README.md and docs/*.md type-checks against the library: every
 * ts/typescript/js/javascript block, with the repo's strict compiler options, in one ts.Program
 * (test/support/snippets.ts). html and shell blocks are out of scope; swift, kotlin and the other
 * platform languages are checked by test/platforms.
 *
 * A block that truly cannot be checked carries `<!-- snippet: skip (reason) -->` on the line before its
 * fence; README.md may carry none (its quick starts are what users copy first).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandIn, type StandIn } from '../support/opentok.js';
import { runSnippet, snippetWorld } from '../support/snippet-run.js';
import {
  FREE_VARIABLES,
  REPO,
  checkSnippets,
  extractSnippets,
  formatProblem,
  freeVariablesOf,
  type Snippet,
  type SnippetProblem,
} from '../support/snippets.js';

const DOC_FILES = [
  'README.md',
  ...readdirSync(join(REPO, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`),
];
const read = (file: string): string => readFileSync(join(REPO, file), 'utf8');
const SNIPPETS: Snippet[] = DOC_FILES.flatMap((file) => extractSnippets(read(file), file));
const label = (s: Snippet): string => `${s.file}:${s.line} (${s.lang})`;

/** A snippet as if it were written in some doc, for the checker's own tests. */
const fake = (code: string, lang = 'ts'): Snippet => ({ file: 'docs/fake.md', line: 10, lang, code });
const messages = (problems: SnippetProblem[]): string[] => problems.map(formatProblem);

describe('the code blocks of README.md and docs/*.md', () => {
  let problems: SnippetProblem[] = [];
  beforeAll(() => {
    problems = checkSnippets(SNIPPETS);
  });

  // The test name shows the free variables the block's prelude declares (FREE_VARIABLES gives their types).
  const assumes = (s: Snippet): string => freeVariablesOf(s.code, s.lang).join(', ') || 'nothing';
  it.each(SNIPPETS.filter((s) => s.skip === undefined).map((s) => [label(s), assumes(s), s] as const))(
    '%s, assuming %s, type-checks against the library',
    (_label, _assumes, snippet) => {
      expect(messages(problems.filter((p) => p.snippet === snippet))).toEqual([]);
    },
  );

  it('finds every ts and js fence (the extraction does not silently miss blocks)', () => {
    const fences = DOC_FILES.flatMap((file) =>
      read(file)
        .split('\n')
        .filter((l) => /^ {0,3}(```|~~~)\s*(ts|typescript|js|javascript)\s*$/i.test(l)),
    );
    expect(SNIPPETS).toHaveLength(fences.length);
    // README's quick starts alone: initSession, the script tag's app.js, guard, the list, the preflight.
    expect(SNIPPETS.filter((s) => s.file === 'README.md').length).toBeGreaterThanOrEqual(5);
  });

  it('README.md skips no block', () => {
    expect(SNIPPETS.filter((s) => s.file === 'README.md' && s.skip !== undefined).map(label)).toEqual([]);
  });
});

describe('the code blocks of README.md and docs/*.md, run', () => {
  let standIn: StandIn;
  beforeAll(async () => {
    standIn = await startStandIn();
  });
  afterAll(async () => {
    await standIn?.close();
  });

  const runnable = SNIPPETS.filter((s) => s.skip === undefined);
  it.each(runnable.map((s, i) => [label(s), i, s] as const))(
    '%s runs against the real SDK and the library, and every session it connects carries ipWhitelist: true',
    async (_label, index, snippet) => {
      const world = await snippetWorld(standIn, String(index));
      try {
        await runSnippet(snippet, world, String(index));
        const sessionId = world.values['sessionId'] as string;
        if (/\.connect\(/.test(snippet.code)) {
          await standIn.waitFor(
            () => standIn.connectEvents(sessionId).some((e) => e.variation === 'Failure'),
            `the Connect event of ${label(snippet)}`,
          );
          expect(standIn.connectEvents(sessionId).find((e) => e.variation === 'Failure')).toMatchObject({
            ipWhitelist: true,
          });
        }
      } finally {
        await world.close();
      }
    },
  );

  it('runs a block that throws as a failure, with the error', async () => {
    const world = await snippetWorld(standIn, 'throws');
    try {
      await expect(
        runSnippet(
          fake(
            "import { AllowedIpList } from 'vonage-video-allowlist';\nAllowedIpList.fromText('Media servers\\n300.1.2.3/32\\n');",
          ),
          world,
          'throws',
        ),
      ).rejects.toMatchObject({ name: 'ListParseError' });
    } finally {
      await world.close();
    }
  });
});

describe('checkSnippets', () => {
  it.each([
    ['a renamed function', "import { initSesion } from 'vonage-video-allowlist';", 'TS2724'],
    [
      'a missing argument',
      "import { initSession } from 'vonage-video-allowlist';\ninitSession(apiKey, sessionId);",
      'TS2554',
    ],
    [
      'a wrong option name',
      "import OT from '@vonage/client-sdk-video';\nimport { initSession } from 'vonage-video-allowlist';\ninitSession(OT, apiKey, sessionId, { iceconfig: iceConfig });",
      'TS2561',
    ],
    [
      'ipWhitelist: false',
      "import OT from '@vonage/client-sdk-video';\nimport { initSession } from 'vonage-video-allowlist';\ninitSession(OT, apiKey, sessionId, { ipWhitelist: false });",
      'TS2322',
    ],
    [
      'an export format that does not exist',
      "import { exportRules } from 'vonage-video-allowlist';\nexportRules(list, 'iptables');",
      'TS2345',
    ],
    ['a wrong query key', "list.remove({ containsIP: '192.0.2.1' });", 'TS2561'],
    ['a Node-only name from the main entry', "import { auditTree } from 'vonage-video-allowlist';", 'TS2305'],
    ['a library name used without its import', 'guard(widget.OT);', 'TS2304'],
    ['a free variable the prelude does not declare', 'console.log(secretKey);', 'TS2304'],
    ['a syntax error', 'const x = ;', 'TS1109'],
  ])('reports %s in a ts block', (_what, code, expected) => {
    const found = checkSnippets([fake(code)]);
    expect(found.map((p) => p.code)).toContain(expected);
  });

  it.each([
    ['a name the script-tag global leaves out (docs/bundle.md)', 'VideoAllowlist.diffLists(oldList, list);', 'TS2339'],
    ['a renamed global function', 'VideoAllowlist.guardOT();', 'TS2551'],
    ['a wrong argument to the SDK global', 'OT.initSession(apiKey);', 'TS2554'],
    ['a misnamed import', "import { runPreflite } from 'vonage-video-allowlist';", 'TS2724'],
  ])('reports %s in a js block', (_what, code, expected) => {
    const found = checkSnippets([fake(code, 'js')]);
    expect(found.map((p) => p.code)).toContain(expected);
  });

  it('accepts correct blocks of both languages, with the names the docs leave free', () => {
    const ts = fake(
      "import { AllowedIpList } from 'vonage-video-allowlist';\nconst l = AllowedIpList.fromText(text);\nl.check('203.0.113.7');",
    );
    const js = fake('VideoAllowlist.guard();\nOT.initSession(apiKey, sessionId, { ipWhitelist: true });', 'javascript');
    expect(messages(checkSnippets([ts, js]))).toEqual([]);
  });

  it('places a diagnostic on its Markdown line: the fence line plus its line in the block', () => {
    const [problem] = checkSnippets([
      fake("import { guard } from 'vonage-video-allowlist';\n\nguard(widget.OT, { minimumVersion: 2 });"),
    ]);
    expect(problem?.line).toBe(13);
    expect(problem && formatProblem(problem)).toMatch(/^docs\/fake\.md:13 \(ts block at line 10\): TS2322 /);
  });

  it('leaves out a block marked to skip', () => {
    expect(checkSnippets([{ ...fake('this is not code'), skip: 'pseudo code' }])).toEqual([]);
  });
});

describe('extractSnippets', () => {
  const doc = [
    '# Title', // 1
    '```ts', // 2
    'const a = 1;', // 3
    '```', // 4
    '```html', // 5
    '<p>no</p>', // 6
    '```', // 7
    '<!-- snippet: skip (needs a DOM event we cannot type) -->', // 8
    '', // 9
    '````javascript', // 10
    'const b = "```";', // 11
    '````', // 12
    '  ```typescript', // 13
    '  const c = 3;', // 14
    '  ```', // 15
    '```sh', // 16
    'npm test', // 17
    '```', // 18
  ].join('\n');

  it('takes ts, typescript, js and javascript fences with their line, language and skip reason', () => {
    expect(extractSnippets(doc, 'x.md')).toEqual([
      { file: 'x.md', line: 2, lang: 'ts', code: 'const a = 1;' },
      {
        file: 'x.md',
        line: 10,
        lang: 'javascript',
        code: 'const b = "```";',
        skip: 'needs a DOM event we cannot type',
      },
      { file: 'x.md', line: 13, lang: 'typescript', code: 'const c = 3;' },
    ]);
  });

  it.each([
    [
      'a skip marker without a reason',
      '<!-- snippet: skip -->\n```ts\nx\n```',
      /x\.md:1: a snippet skip marker needs a reason/,
    ],
    ['an unclosed fence', 'text\n```ts\nconst a = 1;\n', /x\.md:2: the fence opened here is never closed/],
  ])('refuses %s', (_what, text, message) => {
    expect(() => extractSnippets(text, 'x.md')).toThrow(message);
  });

  it('declares only the free variables a block reads and does not declare itself', () => {
    expect(
      freeVariablesOf(
        "import OT from '@vonage/client-sdk-video';\nOT.initSession(apiKey, sessionId, { iceConfig });",
        'ts',
      ),
    ).toEqual(['apiKey', 'sessionId', 'iceConfig']);
    expect(freeVariablesOf('const list = make();\nlist.check(x.token);', 'ts')).toEqual([]);
  });

  it('keeps library names out of the free variables', async () => {
    const entry = await import('../../src/node.js');
    expect(Object.keys(FREE_VARIABLES).filter((n) => n in entry)).toEqual([]);
  });
});
