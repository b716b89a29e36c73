/**
 * Video Express (`@vonage/video-express`) as a user runs it in Chromium, for test/examples/video-express*:
 *
 * - {@link installNpmLayout} lays out an app's `node_modules` in a folder, as npm would, from packages
 *   already installed in this repository (no network): Video Express copied (so its own imports resolve
 *   from the layout, as in a real install), the app's `@opentok/client` and, when the versions differ,
 *   the copy npm nests under Video Express; everything else is a link to the repository's packages.
 * - {@link bundleApp} bundles an app's entry there with esbuild and says which OpenTok.js copies went in.
 * - {@link joinRoom} opens a page in Chromium whose Room joins against the loopback SDK stand-in
 *   (test/support/opentok.ts): every request to a host other than 127.0.0.1 is answered by the stand-in
 *   at `/{host}{path}`, unpkg's Video Express and guard-script URLs by the local files. It resolves with
 *   the `ipWhitelist` field of the Connect event the page's SDK posted for the session.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { build } from 'esbuild';
import type { Page, Route } from 'playwright-core';
import type { ChromiumHandle } from './chromium.js';
import type { StandIn } from './opentok.js';
import { REPO } from './snippets.js';

const MODULES = join(REPO, 'node_modules');
/** The installed Video Express (1.10.3). */
export const VE_DIR = join(MODULES, '@vonage/video-express');
/** Its script-tag build, as unpkg serves it (the URL the docs use). */
export const VE_UMD_URL = 'https://unpkg.com/@vonage/video-express/umd/video-express.umd.js';
/** This library's call-page script, as unpkg serves it. */
export const GUARD_SCRIPT_URL = 'https://unpkg.com/vonage-video-allowlist/dist/video-allowlist-guard.min.js';

export interface NpmLayout {
  /** The repository package installed as the app's `node_modules/@opentok/client` (`@opentok/client`, `opentok-2-24`). */
  appOpentok: string;
  /** The repository package npm nests as `@vonage/video-express/node_modules/@opentok/client`, when the versions differ. */
  nestedOpentok?: string;
}

const link = (from: string, to: string): void => {
  mkdirSync(dirname(to), { recursive: true });
  symlinkSync(realpathSync(from), to, 'dir');
};

/**
 * Fills `app/node_modules` with `layout`, Video Express, `vonage-video-allowlist` (this repository,
 * through its `exports` map to `dist/`) and `@vonage/client-sdk-video`.
 */
export function installNpmLayout(app: string, layout: NpmLayout): void {
  const nm = join(app, 'node_modules');
  const ve = join(nm, '@vonage/video-express');
  mkdirSync(ve, { recursive: true });
  cpSync(join(VE_DIR, 'package.json'), join(ve, 'package.json'));
  cpSync(join(VE_DIR, 'dist'), join(ve, 'dist'), { recursive: true });
  for (const dep of readdirSync(join(VE_DIR, 'node_modules')))
    link(join(VE_DIR, 'node_modules', dep), join(ve, 'node_modules', dep));
  // The packages its ESM build imports, except OpenTok.js: links (where they resolve from does not matter).
  const esm = readFileSync(join(VE_DIR, 'dist/video-express.esm.js'), 'utf8');
  for (const [, dep] of esm.matchAll(/^import .* from '([^'.][^']*)';$/gm)) {
    if (dep !== '@opentok/client' && !readdirSync(join(ve, 'node_modules')).includes(dep!))
      link(join(MODULES, dep!), join(nm, dep!));
  }
  link(join(MODULES, layout.appOpentok), join(nm, '@opentok/client'));
  if (layout.nestedOpentok) link(join(MODULES, layout.nestedOpentok), join(ve, 'node_modules/@opentok/client'));
  link(REPO, join(nm, 'vonage-video-allowlist'));
  link(join(MODULES, '@vonage/client-sdk-video'), join(nm, '@vonage/client-sdk-video'));
}

export interface AppBundle {
  /** The ES module a page loads. */
  code: string;
  /** The version of each OpenTok.js copy bundled, sorted (`['2.24.7', '2.33.1']`). */
  opentokCopies: string[];
}

/** Bundles `source` as `app/main.ts` (an ES module for the browser), resolving from `app/node_modules`. */
export async function bundleApp(app: string, source: string): Promise<AppBundle> {
  writeFileSync(join(app, 'main.ts'), source);
  const out = await build({
    entryPoints: [join(app, 'main.ts')],
    absWorkingDir: app,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const opentokCopies = Object.keys(out.metafile.inputs)
    .filter((p) => p.endsWith('dist/js/opentok.js'))
    .map(
      (p) =>
        (JSON.parse(readFileSync(resolve(app, p, '../../../package.json'), 'utf8')) as { version: string }).version,
    )
    .sort();
  return { code: out.outputFiles[0]!.text, opentokCopies };
}

export interface RoomPage {
  /** The page's `<body>` (its scripts load from `files`, or from the unpkg URLs above). */
  body: string;
  /** The page's own files by URL path (`/app.js`). */
  files: Record<string, string>;
  /** The session id the page's Room uses (a global `sessionId`, with `apiKey` and `token`). */
  sessionId: string;
}

export interface JoinResult {
  /** The `ipWhitelist` field of the Connect event (Failure or Success) of the session. */
  ipWhitelist: unknown;
  /** The page's console warnings and errors, and uncaught errors. */
  console: string[];
}

/** Serves `page` at `http://127.0.0.1/` (a secure context, for the camera) and waits for its Connect event. */
export async function joinRoom(browser: ChromiumHandle, standIn: StandIn, page: RoomPage): Promise<JoinResult> {
  const tab: Page = await browser.newPage();
  const logged: string[] = [];
  tab.on('console', (m) => {
    if (m.type() === 'warning' || m.type() === 'error') logged.push(`${m.type()}: ${m.text()}`);
  });
  tab.on('pageerror', (e) => logged.push(`pageerror: ${String(e)}`));
  const local: Record<string, string> = {
    '/': `<!doctype html><html><head><meta charset="utf-8"></head><body>${page.body}</body></html>`,
    ...page.files,
    [VE_UMD_URL]: readFileSync(join(VE_DIR, 'umd/video-express.umd.js'), 'utf8'),
    [GUARD_SCRIPT_URL]: readFileSync(join(REPO, 'dist/video-allowlist-guard.min.js'), 'utf8'),
  };
  const appOrigin = 'http://127.0.0.1';
  await tab.addInitScript((g) => Object.assign(window, g), {
    apiKey: '12345',
    sessionId: page.sessionId,
    token: 'T1==ve',
  });
  await tab.route('**/*', async (route: Route) => {
    const url = new URL(route.request().url());
    const key = url.origin === appOrigin ? url.pathname : url.href;
    const body = local[key];
    if (body !== undefined) {
      const type = key.endsWith('/') ? 'text/html' : 'text/javascript';
      return route.fulfill({ status: 200, contentType: type, body });
    }
    if (url.origin === appOrigin) return route.fulfill({ status: 404, body: 'not found' });
    if (url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
    const response = await route.fetch({ url: `${standIn.origin}/${url.host}${url.pathname}${url.search}` });
    return route.fulfill({ response });
  });
  try {
    await tab.goto(`${appOrigin}/`);
    const ended = (): boolean =>
      standIn.connectEvents(page.sessionId).some((e) => e.variation === 'Failure' || e.variation === 'Success');
    await standIn.waitFor(ended, `the Connect event of ${page.sessionId}`, 20_000).catch((e: Error) => {
      throw new Error(`${e.message}; the page said: ${logged.join(' | ') || 'nothing'}`);
    });
    const event = standIn
      .connectEvents(page.sessionId)
      .find((e) => e.variation === 'Failure' || e.variation === 'Success');
    return { ipWhitelist: event?.ipWhitelist, console: logged };
  } finally {
    await tab.close();
  }
}
