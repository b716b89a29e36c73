/**
 * OpenTok.js, opentok-react and React Native rules, as data. The checks read a syntax tree
 * (`../js/`, Node only); this table is what the docs and `--help` show.
 */
import type { AuditRule } from '../types.js';

/** JS and TS file endings (the script blocks of `.html`, `.vue` and `.svelte` files are read too). */
export const JS_EXT = ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx'] as const;
/** Files whose `<script>` blocks are read as JS or TS. */
export const MARKUP_EXT = ['.html', '.htm', '.vue', '.svelte'] as const;
const ALL = [...JS_EXT, ...MARKUP_EXT];
const OPTIONS =
  'options whose top-level `ipWhitelist` is `true` (the last such key, no `...spread` after it that may set it again; nested keys do not count), inline or in every value the file gives the variable passed, never deleted or set to another value after; or `withIpWhitelist(...)`';

/** The JS rules. */
export const JS_RULES: readonly AuditRule[] = [
  {
    id: 'js-init-session',
    platform: 'js',
    extensions: ALL,
    looksFor:
      '`OT.initSession(` under any name the file gives OpenTok.js (`import`, `require`, `import()`, `window.OT`, a parameter or field typed `typeof OT`) or its `initSession` (named import, destructuring, a saved reference, `.call`/`.apply`/`.bind`, `(0, OT.initSession)`, `OT!.initSession`); any other `x.initSession(` with two or more arguments is reported as unverifiable',
    passes: `${OPTIONS}. This library's \`initSession(OT, ...)\` is not flagged.`,
  },
  {
    id: 'js-init-session-reference',
    platform: 'js',
    extensions: ALL,
    looksFor:
      "a reference to OpenTok.js's own `initSession` that is not called on the spot: `const { initSession } = OT`, `import { initSession } from '@vonage/client-sdk-video'`, `const f = OT.initSession`, `obj.f = OT['initSession']`",
    passes:
      "never: this library's `guard()` replaces `OT.initSession`, not a copy taken before; call `OT.initSession(...)` itself",
  },
  {
    id: 'js-session-constructor',
    platform: 'js',
    extensions: ALL,
    looksFor: '`new OT.Session(`',
    passes: 'never: a session made by its constructor skips `initSession` and its options; use `OT.initSession`',
  },
  {
    id: 'web-otsession',
    platform: 'js',
    extensions: ALL,
    looksFor: '`<OTSession` or `React.createElement(OTSession, ...)` when the file imports it from `opentok-react`',
    passes: `an \`options\` prop with ${OPTIONS}; a \`{...spread}\` after it is unverifiable`,
  },
  {
    id: 'react-native-otsession',
    platform: 'react-native',
    extensions: ALL,
    looksFor: '`<OTSession` or `React.createElement(OTSession, ...)` (from `opentok-react-native`, or not imported)',
    passes: `an \`options\` prop with ${OPTIONS}; a \`{...spread}\` after it is unverifiable`,
  },
];
