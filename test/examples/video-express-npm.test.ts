/**
 * docs/video-express.md's npm recipes, run as a user builds them: the docs' own ts blocks are the app,
 * bundled by esbuild from an npm `node_modules` layout made in a temp folder from the packages this
 * repository has installed (test/support/video-express.ts), then loaded in Debian's Chromium with a
 * fake camera. `room.join()` publishes, then connects; the loopback SDK stand-in answers the session
 * info with an error, and the Connect event the SDK posts carries (or lacks) `ipWhitelist: true`.
 *
 * - One copy: the app's `@opentok/client` is 2.33.1, the version Video Express 1.10.3 depends on.
 * - Two copies: the app's is 2.24.7, so Video Express gets its 2.33.1 nested under it.
 * Needs `dist/` (`npm run build`): the app imports `vonage-video-allowlist` through its exports map.
 */
import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, requireDist } from '../preflight/browser/harness.js';
import { launchChromium, type ChromiumHandle } from '../support/chromium.js';
import { startStandIn, type StandIn } from '../support/opentok.js';
import { checkSnippets, extractSnippets, formatProblem } from '../support/snippets.js';
import { bundleApp, installNpmLayout, joinRoom, type NpmLayout } from '../support/video-express.js';

const DOC = 'docs/video-express.md';
const [ONE_COPY, NESTED] = extractSnippets(readFileSync(join(REPO, DOC), 'utf8'), DOC, { ts: 'ts' });

/** An app that guards the `OT` it imports from `from` (or nothing), then joins a Room, as the docs' blocks do. */
const appGuarding = (from: string | null): string =>
  [
    from ? `import OT from '${from}';` : '',
    "import { Room } from '@vonage/video-express';",
    "import { guard } from 'vonage-video-allowlist';",
    from ? 'guard(OT);' : '',
    'const room = new Room({ apiKey, sessionId, token });',
    'await room.join();',
  ].join('\n');

let standIn: StandIn;
let browser: ChromiumHandle;
const apps: string[] = [];
let runs = 0;

beforeAll(async () => {
  requireDist('index.js');
  standIn = await startStandIn();
  browser = await launchChromium({ fakeMedia: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await standIn?.close();
  for (const app of apps) rmSync(app, { recursive: true, force: true });
});

/** A fresh app folder with `layout`. */
function appWith(layout: NpmLayout): string {
  const app = mkdtempSync(join(tmpdir(), 'vva-video-express-'));
  apps.push(app);
  installNpmLayout(app, layout);
  return app;
}

/** Bundles `source` in `app`, joins its Room in Chromium; the Connect event's ipWhitelist and the copies bundled. */
async function run(
  app: string,
  source: string,
): Promise<{ ipWhitelist: unknown; copies: string[]; console: string[] }> {
  const bundle = await bundleApp(app, source);
  const sessionId = `1_MX4xMjM0NX5-ve-npm-${process.pid}-${++runs}`;
  const joined = await joinRoom(browser, standIn, {
    body: '<script type="module" src="/app.js"></script>',
    files: { '/app.js': bundle.code },
    sessionId,
  });
  return { ipWhitelist: joined.ipWhitelist, copies: bundle.opentokCopies, console: joined.console };
}

describe('recipe 1: the app’s @opentok/client at Video Express’s version (one copy)', { timeout: 60_000 }, () => {
  let app: string;
  beforeAll(() => {
    app = appWith({ appOpentok: '@opentok/client' });
  });

  it('the docs’ block type-checks against the real typings of @opentok/client and Video Express', () => {
    expect(checkSnippets([{ ...ONE_COPY!, skip: undefined }]).map(formatProblem)).toEqual([]);
  });

  it('the docs’ block: one OpenTok.js in the bundle, and the Room’s Connect event carries ipWhitelist: true', async () => {
    const r = await run(app, ONE_COPY!.code);
    expect(r.copies).toEqual(['2.33.1']);
    expect(r.ipWhitelist).toBe(true);
    // The public build: the library's one-time warning says the allowed-list configuration is not fetched.
    expect(r.console.some((l) => l.startsWith('warning: vonage-video-allowlist:'))).toBe(true);
  });

  it('without the guard the same Room sends false', async () => {
    const r = await run(app, appGuarding(null));
    expect(r.ipWhitelist).toBe(false);
  });

  it('guarding @vonage/client-sdk-video does not reach Video Express (another package, another copy)', async () => {
    const r = await run(app, appGuarding('@vonage/client-sdk-video'));
    expect(r.copies).toEqual(['2.33.1', '2.35.2']);
    expect(r.ipWhitelist).toBe(false);
  });
});

describe(
  'recipe 2: the app’s @opentok/client at another version (Video Express’s copy nested)',
  { timeout: 60_000 },
  () => {
    let app: string;
    beforeAll(() => {
      app = appWith({ appOpentok: 'opentok-2-24', nestedOpentok: '@opentok/client' });
    });

    it('guarding the app’s own OT does not reach Video Express: its Connect event lacks the setting', async () => {
      const r = await run(app, appGuarding('@opentok/client'));
      expect(r.copies).toEqual(['2.24.7', '2.33.1']);
      expect(r.ipWhitelist).toBe(false);
    });

    it('the docs’ block (guard the nested copy by its path): the Connect event carries ipWhitelist: true', async () => {
      const path = '@vonage/video-express/node_modules/@opentok/client';
      expect(NESTED!.code).toContain(`from '${path}'`);
      // Node's own resolution finds the nested copy by that path (no exports map hides it).
      const nested = createRequire(join(app, 'main.ts')).resolve(path);
      expect(realpathSync(nested)).toBe(realpathSync(join(REPO, 'node_modules/@opentok/client/dist/js/opentok.js')));
      const r = await run(app, NESTED!.code);
      expect(r.copies).toEqual(['2.33.1']); // the app imports nothing else: only Video Express's copy
      expect(r.ipWhitelist).toBe(true);
    });
  },
);
