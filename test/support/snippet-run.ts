/**
 * Runs a code block of README.md or docs/*.md (test/support/snippets.ts finds and type-checks them):
 * esbuild bundles the block as an ES module with the package names resolved to the sources
 * (`vonage-video-allowlist` → src/index.ts, `vonage-video-allowlist/node` → src/node.ts),
 * `@vonage/client-sdk-video` to the real OpenTok.js loaded in a happy-dom window, and the names the
 * block leaves free ({@link FREE_VARIABLES}) to real values ({@link SnippetWorld}); Node imports it.
 *
 * The window's SDK sends every request to the loopback SDK stand-in (test/support/opentok.ts), and
 * the script-tag global `VideoAllowlist` is src/browser.ts built as the IIFE and evaluated in that
 * window, after the SDK, as a page's `<script>` tags would. Nothing leaves the machine: the
 * preflight block gets an already aborted `signal`, so it checks its options and builds its report
 * without reaching Vonage's servers (the tests may reach loopback only).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { AllowedIpList } from '../../src/index.js';
import { openSdkWindow, type SdkWindow, type StandIn } from './opentok.js';
import { FREE_VARIABLES, REPO, freeVariablesOf, type Snippet } from './snippets.js';

/** Where the bundles are written: inside the repo, so `ws` and the SDK resolve from its node_modules. */
const OUT_DIR = join(REPO, 'node_modules/.cache/vva-snippets');

/** The allowed IP list the blocks read (`text`, `textCopiedFromTheAccountPage`, `list`). */
export const SNIPPET_LIST_TEXT = [
  'Media servers',
  '203.0.113.0/24 - media',
  '',
  'TURN servers',
  '198.51.100.128/25 - turn',
  '',
  'API server',
  '192.0.2.0/28 - api',
  '',
].join('\n');

const iifeSources = new Map<string, Promise<string>>();
/** A `<script>` entry (src/browser.ts or src/browser-guard.ts) as the IIFE with the global `VideoAllowlist`, built once. */
export function browserIife(entry = 'src/browser.ts'): Promise<string> {
  let source = iifeSources.get(entry);
  if (!source) {
    source = build({
      entryPoints: [join(REPO, entry)],
      bundle: true,
      format: 'iife',
      globalName: 'VideoAllowlist',
      write: false,
      target: 'es2022',
      // esbuild's IIFE starts with "use strict", which keeps its `var` inside a (strict) eval: make it the page's global.
    }).then((r) => `${r.outputFiles[0]!.text}\nwindow.VideoAllowlist = VideoAllowlist;\n`);
    iifeSources.set(entry, source);
  }
  return source;
}

/** What a block runs against, and what it did. */
export interface SnippetWorld {
  /** The page: the real SDK (requests to the stand-in) and the `VideoAllowlist` global. */
  page: SdkWindow;
  /** A second copy of the SDK, in its own window: `widget.OT`. */
  widget: SdkWindow;
  /** The values of {@link FREE_VARIABLES}, by name. */
  values: Record<string, unknown>;
  /** How many times `showUpgradeNotice` was called. */
  upgradeNotices: number;
  close(): Promise<void>;
}

/** A fresh world for one block: its own windows, its own session id (the SDK caches sessions by id). */
export async function snippetWorld(standIn: StandIn, name: string): Promise<SnippetWorld> {
  const page = openSdkWindow(standIn);
  page.evaluate(await browserIife());
  const widget = openSdkWindow(standIn);
  const world: SnippetWorld = {
    page,
    widget,
    upgradeNotices: 0,
    values: {},
    close: async () => {
      await page.close();
      await widget.close();
    },
  };
  world.values = {
    apiKey: '12345',
    sessionId: `1_MX4xMjM0NX5-snippet-${name}-${process.pid}`,
    token: 'T1==snippet-token',
    iceConfig: { includeServers: 'all', transportPolicy: 'all', customServers: [] },
    widget: { OT: widget.OT },
    OT: page.OT,
    VideoAllowlist: page.window['VideoAllowlist'],
    textCopiedFromTheAccountPage: SNIPPET_LIST_TEXT,
    text: SNIPPET_LIST_TEXT,
    oldList: AllowedIpList.fromText(SNIPPET_LIST_TEXT),
    list: AllowedIpList.fromText(SNIPPET_LIST_TEXT),
    signal: AbortSignal.abort(),
    showUpgradeNotice: () => void world.upgradeNotices++,
  };
  const missing = Object.keys(FREE_VARIABLES).filter((n) => !(n in world.values));
  if (missing.length > 0) throw new Error(`snippetWorld: no value for ${missing.join(', ')}`);
  return world;
}

/** The package names as a bundler in this repository would resolve them, and the prelude of free names. */
function resolver(names: string[]): Plugin {
  const sources: Record<string, string> = {
    'vonage-video-allowlist': join(REPO, 'src/index.ts'),
    'vonage-video-allowlist/node': join(REPO, 'src/node.ts'),
  };
  return {
    name: 'snippet-resolver',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (args.path in sources) return { path: sources[args.path] };
        if (args.path === '@vonage/client-sdk-video') return { path: 'sdk', namespace: 'snippet' };
        if (args.path === './snippet-prelude.js') return { path: 'prelude', namespace: 'snippet' };
        return undefined;
      });
      b.onLoad({ filter: /.*/, namespace: 'snippet' }, (args) => ({
        loader: 'js',
        contents:
          args.path === 'sdk'
            ? 'export default globalThis.__snippetWorld.OT;'
            : names.map((n) => `export const ${n} = globalThis.__snippetWorld[${JSON.stringify(n)}];`).join('\n'),
      }));
    },
  };
}

/** Bundles and runs one block in `world`; rejects with what the block threw. */
export async function runSnippet(snippet: Snippet, world: SnippetWorld, name: string): Promise<void> {
  const names = freeVariablesOf(snippet.code, snippet.lang);
  const prelude = names.length > 0 ? `import { ${names.join(', ')} } from './snippet-prelude.js';\n` : '';
  const out = await build({
    stdin: {
      contents: `${prelude}${snippet.code}\nexport {};\n`,
      loader: snippet.lang.startsWith('t') ? 'ts' : 'js',
      resolveDir: REPO,
      sourcefile: `${snippet.file}:${snippet.line}`,
    },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: ['ws', 'undici'],
    write: false,
    plugins: [resolver(names)],
    logLevel: 'silent',
  });
  mkdirSync(OUT_DIR, { recursive: true });
  const file = join(OUT_DIR, `${name}.mjs`);
  writeFileSync(file, out.outputFiles[0]!.text);
  (globalThis as Record<string, unknown>)['__snippetWorld'] = world.values;
  try {
    await import(`${pathToFileURL(file).href}?${Date.now()}`);
  } finally {
    delete (globalThis as Record<string, unknown>)['__snippetWorld'];
    rmSync(file, { force: true });
  }
}
