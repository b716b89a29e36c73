/**
 * The audit as it was before it parsed JS/TS (commit 4eb27c5, src/platforms/audit.ts), kept only so
 * that bench/audit.ts measures the new audit against it in the same run, on the same machine load.
 */
import type { PlatformId, SnippetLanguage } from '../../src/platforms/data.js';
import { platformSnippet } from '../../src/platforms/snippet.js';
import {
  escapeRegExp,
  lineColumn,
  lineStartsOf,
  matchBracket,
  splitArgs,
  stripCode,
  type Syntax,
} from '../../src/platforms/audit/scan.js';

/** Stable ids of the audit rules. */
export type AuditRuleId =
  | 'js-init-session'
  | 'react-native-otsession'
  | 'ios-swift-otsession'
  | 'ios-objc-otsession'
  | 'android-session-builder'
  | 'windows-session'
  | 'windows-session-builder'
  | 'linux-otc-session-new'
  | 'linux-otc-session-settings';

/** One audit rule, as data: what it looks for, where, and what it accepts. */
export interface AuditRule {
  /** Stable id, reported as {@link AuditFinding.rule}. */
  id: AuditRuleId;
  /** The platform whose SDK call the rule checks. */
  platform: PlatformId;
  /** File name endings the rule reads (lower case, with the dot). */
  extensions: readonly string[];
  /** The call the rule looks for, as written in source. */
  looksFor: string;
  /** What makes that call pass. */
  passes: string;
}

/** One place in a codebase that creates a session without the allowed IP list. */
export interface AuditFinding {
  /** The path as given to {@link auditSource} (relative to the root for `auditTree`). */
  file: string;
  /** 1-based line of the call. */
  line: number;
  /** 1-based column of the call. */
  column: number;
  /** The rule that found it. */
  rule: AuditRuleId;
  /** The platform of the SDK call. */
  platform: PlatformId;
  /** What is wrong, in words a person can act on. */
  message: string;
  /** The exact code to use instead (from the platform table). */
  fix: string;
}

const JS_EXT = ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx'] as const;
const JSX_EXT = ['.js', '.mjs', '.cjs', '.jsx', '.tsx'] as const;
const KOTLIN_EXT = ['.kt', '.kts'] as const;
const C_EXT = ['.c', '.h', '.cc', '.cpp', '.cxx', '.hpp', '.hh'] as const;

/**
 * The audit rules, shared by `video-allowlist audit`, {@link auditSource} and `docs/platforms.md`.
 */
export const AUDIT_RULES: readonly AuditRule[] = [
  {
    id: 'js-init-session',
    platform: 'js',
    extensions: JS_EXT,
    looksFor:
      "`OT.initSession(` (and `OT['initSession'](`, `OT?.initSession(`), also under the name the file imports `@vonage/client-sdk-video` or `@opentok/client` as",
    passes:
      "options argument whose last `ipWhitelist` key is `true` alone, with no `...spread` after it (inline, or every object literal assigned to the variable passed, which the file never sets to another value), or `withIpWhitelist(...)`. This library's `initSession(OT, ...)` is not flagged.",
  },
  {
    id: 'react-native-otsession',
    platform: 'react-native',
    extensions: JSX_EXT,
    looksFor: '`<OTSession` (JSX)',
    passes:
      '`options` prop whose last `ipWhitelist` key is `true` alone, with no `...spread` after it (inline, or every object literal assigned to the variable passed, which the file never sets to another value), or `withIpWhitelist(...)`',
  },
  {
    id: 'ios-swift-otsession',
    platform: 'ios',
    extensions: ['.swift'],
    looksFor: '`OTSession(`',
    passes: '`settings: x` where the file sets `x.ipWhitelist = true` and never another value',
  },
  {
    id: 'ios-objc-otsession',
    platform: 'ios',
    extensions: ['.m', '.mm'],
    looksFor: '`[[OTSession alloc] initWithApiKey:`',
    passes:
      '`settings:x` where the file sets `x.ipWhitelist = YES` or `[x setIpWhitelist:YES]` and never another value',
  },
  {
    id: 'android-session-builder',
    platform: 'android',
    extensions: ['.kt', '.kts', '.java'],
    looksFor: '`Session.Builder(`',
    passes:
      '`.setIpWhitelist(true)` as the last `setIpWhitelist` call of the builder chain, or on the variable the builder is assigned to; the file never sets that variable to another value',
  },
  {
    id: 'windows-session',
    platform: 'windows',
    extensions: ['.cs'],
    looksFor: '`new Session(`',
    passes: 'the named argument `ipWhitelist: true`',
  },
  {
    id: 'windows-session-builder',
    platform: 'windows',
    extensions: ['.cs'],
    looksFor: '`Session.Builder(`',
    passes:
      '`IpWhitelist = true` in its initializer, or on the variable the builder is assigned to; the file never sets that variable to another value',
  },
  {
    id: 'linux-otc-session-new',
    platform: 'linux',
    extensions: C_EXT,
    looksFor: '`otc_session_new(`',
    passes: 'never: it takes no settings; use `otc_session_new_with_settings`',
  },
  {
    id: 'linux-otc-session-settings',
    platform: 'linux',
    extensions: C_EXT,
    looksFor: '`otc_session_new_with_settings(`',
    passes:
      'settings `x` where the file calls `otc_session_settings_set_ip_whitelist(x, OTC_TRUE)` and never with another value',
  },
];

/** Every file name ending the audit reads. */
export const AUDIT_EXTENSIONS: readonly string[] = /* @__PURE__ */ (() => [
  ...new Set(AUDIT_RULES.flatMap((r) => r.extensions)),
])();

/** The file name's ending, lower case with the dot (`''` for none or a dot file), as {@link AUDIT_EXTENSIONS} holds them. */
export function extensionOf(path: string): string {
  const base = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot).toLowerCase();
}

function syntaxOf(ext: string): Syntax | undefined {
  if ((JS_EXT as readonly string[]).includes(ext)) return 'js';
  if (ext === '.swift') return 'swift';
  if ((KOTLIN_EXT as readonly string[]).includes(ext)) return 'kotlin';
  if (ext === '.java') return 'java';
  if (ext === '.cs') return 'csharp';
  if (ext === '.m' || ext === '.mm' || (C_EXT as readonly string[]).includes(ext)) return 'c';
  return undefined;
}

/** What a rule's check decided about one call: `null` when it passes, else why not. */
type Verdict = string | null;

interface Ctx {
  /** Stripped text. */
  s: string;
  ext: string;
}

/** After a `true`/`YES` value: the value ends there (`true && x`, `true == y` are not `true`). */
const END = '(?=[ \\t\\r]*(?:[,;)}\\]\\n]|$))';

/** An `ipWhitelist` key of an object literal (after `{` or `,`), with its value up to the next `,` or `}`. */
const KEY_JS = /[{,]\s*["']?ipWhitelist["']?\s*(?::\s*([^,}\s][^,}]*?)\s*)?(?=[,}])/g;

/**
 * Every object literal assigned to `name` in the file (`name = {`, `const name: T = {`, the type may
 * hold braces), in file order.
 */
function objectsAssignedTo(s: string, name: string): string[] {
  const found: string[] = [];
  const re = new RegExp(`(?<![\\w$])${escapeRegExp(name)}\\s*(?=[:=])`, 'g');
  for (let m = re.exec(s); m; m = re.exec(s)) {
    let i = m.index + m[0].length;
    if (s[i] === ':') {
      // Skip a type annotation up to the `=` at depth 0 (not `=>`, `==`).
      let depth = 0;
      for (i++; i < s.length; i++) {
        const c = s[i]!;
        if (c === '(' || c === '[' || c === '{' || c === '<') depth++;
        else if (c === ')' || c === ']' || c === '}' || (c === '>' && s[i - 1] !== '=')) depth--;
        else if (depth === 0 && (c === ';' || c === ',' || c === '\n')) break;
        else if (depth === 0 && c === '=' && s[i + 1] !== '>' && s[i + 1] !== '=') break;
        if (depth < 0) break;
      }
    }
    if (s[i] !== '=' || s[i + 1] === '=' || s[i + 1] === '>') continue;
    const brace = /^=\s*\{/.exec(s.slice(i));
    if (!brace) continue;
    const open = i + brace[0].length - 1;
    const close = matchBracket(s, open);
    if (close !== -1) found.push(s.slice(open, close + 1));
  }
  return found;
}

/**
 * The first place `set` (global, the value in group 1) gives a value `ok` does not accept: a
 * variable set to true in one place and to anything else in another cannot be vouched for.
 */
function otherSetting(s: string, set: RegExp, ok: RegExp): string | undefined {
  for (const m of s.matchAll(set)) if (!ok.test(m[1]!.trim())) return m[0].replace(/\s+/g, ' ').trim();
  return undefined;
}

/** The verdict for a setting also made elsewhere in the file with another value. */
const alsoSet = (what: string, other: string): string =>
  `${what} are also set by \`${other}\` in this file, so the audit cannot vouch for them: set ipWhitelist to true only.`;

/** A regex source matching `name`, not as part of a longer identifier. */
const word = (name: string): string => `(?<![\\w$])${escapeRegExp(name)}`;

/**
 * Judge an object literal's text for `ipWhitelist: true`: the last `ipWhitelist` key decides (as in
 * JS), and its value must be `true` alone (`true && x`, `true ? a : b` cannot be checked).
 */
function judgeObject(literal: string, what: string): Verdict {
  let last: RegExpExecArray | undefined;
  for (const m of literal.matchAll(KEY_JS)) last = m;
  if (last) {
    const value = last[1];
    const spread = spreadAfter(literal, last.index + last[0].length);
    if (spread)
      return `${what} spread \`${spread}\` after ipWhitelist, which may set it again: put ipWhitelist: true last.`;
    if (value !== undefined && /^true(?:\s+(?:as|satisfies)\s+[\w$.]+)?$/.test(value)) return null;
    if (value === 'false') return `${what} set ipWhitelist: false.`;
    const from =
      value === undefined ? 'a variable of the same name' : /^["'`]/.test(value) ? 'a string' : `\`${value}\``;
    return `${what} take ipWhitelist from ${from}, which the audit cannot check: write ipWhitelist: true.`;
  }
  return `${what} have no ipWhitelist: true.`;
}

/** The first `...x` spread at the top level of the object literal `literal` from `from` on, if any. */
function spreadAfter(literal: string, from: number): string | undefined {
  let depth = 0;
  for (let i = from; i < literal.length - 1; i++) {
    const c = literal[i]!;
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (depth === 0 && literal.startsWith('...', i)) return /^\.\.\.\s*[^,}]*[^,}\s]/.exec(literal.slice(i))?.[0];
  }
  return undefined;
}

/** Judge a JS options expression (argument of `OT.initSession` or the `options` prop). */
function judgeJsOptions(s: string, expr: string, what: string): Verdict {
  const e = expr.trim();
  if (/^(?:[\w$]+\.)*withIpWhitelist\s*\(/.test(e)) return null;
  if (e.startsWith('{')) return judgeObject(e, what);
  const ident = /^(?:this\.)?([\w$]+(?:\.[\w$]+)*)$/.exec(e);
  if (ident) {
    const name = ident[1]!.split('.').pop()!;
    const literals = objectsAssignedTo(s, name);
    if (literals.length === 0)
      return `${what} come from \`${e}\`, which the audit cannot follow: pass { ipWhitelist: true } inline or wrap it in withIpWhitelist().`;
    for (const literal of literals) {
      const verdict = judgeObject(literal, `${what} (\`${e}\`)`);
      if (verdict !== null) return verdict;
    }
    const other = otherSetting(
      s,
      new RegExp(`${word(name)}\\s*\\.\\s*ipWhitelist\\s*=(?![=>])\\s*([^;,)}\\n]*)`, 'g'),
      /^true$/,
    );
    return other ? alsoSet(`${what} (\`${e}\`)`, other) : null;
  }
  return `${what} (\`${e.replace(/\s+/g, ' ').slice(0, 60)}\`) cannot be checked: pass { ipWhitelist: true } inline or wrap them in withIpWhitelist().`;
}

/** A call's arguments: the text between the parentheses opening at the end of `match`. */
function callArgs(s: string, matchEnd: number): { args: string; close: number } | null {
  const open = matchEnd - 1;
  const close = matchBracket(s, open);
  return close === -1 ? null : { args: s.slice(open + 1, close), close };
}

/** The variable a call's result is assigned to in the same statement (`val b = `, `Foo b = new `), if any. */
function assignedName(s: string, start: number): string | null {
  const before = s.slice(Math.max(0, start - 200), start);
  const m = /([\w$]+)\s*(?::\s*[\w$.<>?]+\s*)?=\s*(?:new\s+)?$/.exec(before);
  return m ? m[1]! : null;
}

interface RuleImpl {
  rule: AuditRuleId;
  pattern: RegExp;
  /** Judge one match. */
  check(ctx: Ctx, m: RegExpExecArray): Verdict;
  /** Where the finding is reported; default the match start. */
  at?(s: string, m: RegExpExecArray): number;
}

const IMPLS: readonly RuleImpl[] = [
  {
    rule: 'js-init-session',
    // OT.initSession(, OT?.initSession(, OT['initSession'](, OT?.["initSession"](, OT.initSession?.(
    pattern: /(?<![\w$])OT\s*(?:\??\.\s*initSession|(?:\?\.)?\[\s*(['"`])initSession\1\s*\])\s*(?:\?\.\s*)?\(/g,
    check({ s }, m) {
      const call = callArgs(s, m.index + m[0].length);
      if (!call) return 'OT.initSession( is never closed; the audit cannot read its options.';
      const args = splitArgs(call.args);
      const options = args[2];
      if (options === undefined || options === '') {
        return "OT.initSession() is called without options, so ipWhitelist is false. Pass { ipWhitelist: true }, or use this library's initSession(OT, apiKey, sessionId).";
      }
      return judgeJsOptions(s, options, 'The options of OT.initSession()');
    },
  },
  {
    rule: 'react-native-otsession',
    pattern: /(?<![\w$.)\]])<OTSession(?=[\s/>])/g,
    check({ s }, m) {
      const from = m.index + m[0].length;
      let depth = 0;
      let end = -1;
      for (let i = from; i < s.length; i++) {
        const c = s[i];
        if (c === '{') depth++;
        else if (c === '}') depth--;
        else if (c === '>' && depth === 0) {
          end = i;
          break;
        }
      }
      if (end === -1) return '<OTSession is never closed; the audit cannot read its props.';
      const tag = s.slice(from, end);
      const prop = /(?<![\w$-])options\s*=\s*\{/.exec(tag);
      if (!prop)
        return '<OTSession> has no options prop, so ipWhitelist is false. Add options={{ ipWhitelist: true }}.';
      const open = prop.index + prop[0].length - 1;
      const close = matchBracket(tag, open);
      if (close === -1) return "<OTSession>'s options prop is never closed.";
      return judgeJsOptions(s, tag.slice(open + 1, close), "<OTSession>'s options");
    },
  },
  {
    rule: 'ios-swift-otsession',
    pattern: /(?<![\w.])OTSession\s*\(/g,
    check({ s }, m) {
      const call = callArgs(s, m.index + m[0].length);
      if (!call) return 'OTSession( is never closed; the audit cannot read its arguments.';
      const settings = /(?<![\w])settings\s*:\s*([\w.]+)/.exec(call.args);
      if (!settings)
        return 'OTSession is created without settings:, so ipWhitelist is false. Pass an OTSessionSettings with ipWhitelist = true.';
      const name = settings[1]!.split('.').pop()!;
      if (name === 'nil') return 'OTSession is created with settings: nil, so ipWhitelist is false.';
      const set = new RegExp(`(?<![\\w])${escapeRegExp(name)}\\s*\\.\\s*ipWhitelist\\s*=\\s*true${END}`);
      if (!set.test(s)) return `OTSession's settings \`${settings[1]}\` never get ipWhitelist = true in this file.`;
      const other = otherSetting(
        s,
        new RegExp(`${word(name)}\\s*\\.\\s*ipWhitelist\\s*=(?!=)\\s*([^;,)}\\n]*)`, 'g'),
        /^true$/,
      );
      return other ? alsoSet(`OTSession's settings \`${settings[1]}\``, other) : null;
    },
  },
  {
    rule: 'ios-objc-otsession',
    pattern: /\[\s*\[\s*OTSession\s+alloc\s*\]\s*initWithApiKey\s*:/g,
    check({ s }, m) {
      const close = matchBracket(s, m.index);
      if (close === -1) return '[[OTSession alloc] initWithApiKey: is never closed.';
      const message = s.slice(m.index, close + 1);
      const settings = /(?<![\w])settings\s*:\s*([\w.]+)/.exec(message);
      if (!settings)
        return 'OTSession is created without settings:, so ipWhitelist is NO. Use initWithApiKey:sessionId:delegate:settings: with ipWhitelist = YES.';
      const name = settings[1]!.split('.').pop()!;
      if (name === 'nil' || name === 'NULL') return `OTSession is created with settings:${name}, so ipWhitelist is NO.`;
      const n = escapeRegExp(name);
      const set = new RegExp(
        `(?:(?<![\\w])${n}\\s*\\.\\s*ipWhitelist\\s*=\\s*(?:YES|true)${END})|(?:\\[\\s*${n}\\s+setIpWhitelist\\s*:\\s*(?:YES|true)\\s*\\])`,
      );
      if (!set.test(s)) return `OTSession's settings \`${settings[1]}\` never get ipWhitelist = YES in this file.`;
      const other =
        otherSetting(
          s,
          new RegExp(`${word(name)}\\s*\\.\\s*ipWhitelist\\s*=(?!=)\\s*([^;,)}\\n]*)`, 'g'),
          /^(?:YES|true)$/,
        ) ?? otherSetting(s, new RegExp(`\\[\\s*${n}\\s+setIpWhitelist\\s*:\\s*([^\\]]*)\\]`, 'g'), /^(?:YES|true)$/);
      return other ? alsoSet(`OTSession's settings \`${settings[1]}\``, other) : null;
    },
  },
  {
    rule: 'android-session-builder',
    pattern: /(?<![\w$])Session\s*\.\s*Builder\s*\(/g,
    check({ s }, m) {
      const chain = builderChain(s, m.index + m[0].length, false);
      if (chain === null) return 'Session.Builder( is never closed.';
      // The last setIpWhitelist call of the chain decides.
      const last = [...chain.matchAll(/\.\s*setIpWhitelist\s*\(\s*([^()]*?)\s*\)/g)].pop()?.[1];
      const name = assignedName(s, startOfNew(s, m.index));
      const other =
        name &&
        otherSetting(s, new RegExp(`${word(name)}\\s*\\.\\s*setIpWhitelist\\s*\\(\\s*([^()]*?)\\s*\\)`, 'g'), /^true$/);
      if (other) return alsoSet('Session.Builder settings', other);
      if (last === 'true') return null;
      if (name && new RegExp(`(?<![\\w$])${escapeRegExp(name)}\\s*\\.\\s*setIpWhitelist\\s*\\(\\s*true\\s*\\)`).test(s))
        return null;
      return last === 'false'
        ? 'Session.Builder calls .setIpWhitelist(false).'
        : 'Session.Builder is built without .setIpWhitelist(true).';
    },
    at: (s, m) => startOfNew(s, m.index),
  },
  {
    rule: 'windows-session',
    pattern: /(?<![\w.])new\s+Session\s*\(/g,
    check({ s }, m) {
      const call = callArgs(s, m.index + m[0].length);
      if (!call) return 'new Session( is never closed.';
      if (new RegExp(String.raw`(?<![\w])ipWhitelist\s*:\s*true${END}`).test(call.args)) return null;
      return /(?<![\w])ipWhitelist\s*:\s*false(?![\w])/.test(call.args)
        ? 'new Session(...) passes ipWhitelist: false.'
        : 'new Session(...) has no named argument ipWhitelist: true (a positional value cannot be checked). Use Session.Builder with IpWhitelist = true.';
    },
  },
  {
    rule: 'windows-session-builder',
    pattern: /(?<![\w$])Session\s*\.\s*Builder\s*\(/g,
    check({ s }, m) {
      const chain = builderChain(s, m.index + m[0].length, true);
      if (chain === null) return 'Session.Builder( is never closed.';
      const name = assignedName(s, startOfNew(s, m.index));
      const other =
        name &&
        otherSetting(s, new RegExp(`${word(name)}\\s*\\.\\s*IpWhitelist\\s*=(?!=)\\s*([^;,)}\\n]*)`, 'g'), /^true$/);
      if (other) return alsoSet('Session.Builder settings', other);
      if (new RegExp(String.raw`(?<![\w])IpWhitelist\s*=\s*true${END}`).test(chain)) return null;
      if (name && new RegExp(`(?<![\\w])${escapeRegExp(name)}\\s*\\.\\s*IpWhitelist\\s*=\\s*true${END}`).test(s))
        return null;
      return /(?<![\w])IpWhitelist\s*=\s*false(?![\w])/.test(chain)
        ? 'Session.Builder sets IpWhitelist = false.'
        : 'Session.Builder is built without IpWhitelist = true.';
    },
    at: (s, m) => startOfNew(s, m.index),
  },
  {
    rule: 'linux-otc-session-new',
    pattern: /(?<![\w$])otc_session_new\s*\(/g,
    check() {
      return 'otc_session_new() takes no settings, so the session never uses the allowed IP list. Use otc_session_new_with_settings() with otc_session_settings_set_ip_whitelist(settings, OTC_TRUE).';
    },
  },
  {
    rule: 'linux-otc-session-settings',
    pattern: /(?<![\w$])otc_session_new_with_settings\s*\(/g,
    check({ s }, m) {
      const call = callArgs(s, m.index + m[0].length);
      if (!call) return 'otc_session_new_with_settings( is never closed.';
      const arg = splitArgs(call.args)[3];
      const name = arg === undefined ? undefined : /^&?\s*([\w]+)$/.exec(arg)?.[1];
      if (!name)
        return `otc_session_new_with_settings()'s settings argument ${arg === undefined ? 'is missing' : `\`${arg}\` cannot be checked`}.`;
      if (name === 'NULL' || name === 'nullptr')
        return `otc_session_new_with_settings() is given ${name} settings, so ipWhitelist is off.`;
      const set = new RegExp(
        `otc_session_settings_set_ip_whitelist\\s*\\(\\s*${escapeRegExp(name)}\\s*,\\s*(?:OTC_TRUE|true|1)\\s*\\)`,
      );
      if (!set.test(s))
        return `The settings \`${name}\` never get otc_session_settings_set_ip_whitelist(${name}, OTC_TRUE) in this file.`;
      const other = otherSetting(
        s,
        new RegExp(
          `otc_session_settings_set_ip_whitelist\\s*\\(\\s*${escapeRegExp(name)}\\s*,\\s*([^)]*?)\\s*\\)`,
          'g',
        ),
        /^(?:OTC_TRUE|true|1)$/,
      );
      return other ? alsoSet(`The settings \`${name}\``, other) : null;
    },
  },
];

/** Where `new` begins when the match is `new Session.Builder(`, else the match itself. */
function startOfNew(s: string, at: number): number {
  const m = /new\s+$/.exec(s.slice(Math.max(0, at - 20), at));
  return m ? at - m[0].length : at;
}

/**
 * The builder expression: the constructor call, a C# object initializer `{ ... }` when allowed,
 * then any `.method(...)` calls. Null when a bracket is never closed.
 */
function builderChain(s: string, afterOpenParen: number, initializer: boolean): string | null {
  const start = afterOpenParen - 1;
  let end = matchBracket(s, start);
  if (end === -1) return null;
  for (;;) {
    const rest = s.slice(end + 1);
    const init = initializer ? /^\s*\{/.exec(rest) : null;
    const call = /^\s*\.\s*[\w$]+\s*(?:<[^<>()]*>\s*)?\(/.exec(rest);
    const step = init ?? call;
    if (!step) break;
    const close = matchBracket(s, end + step[0].length);
    if (close === -1) return null;
    end = close;
  }
  return s.slice(start, end + 1);
}

/** The npm names of OpenTok.js. */
const SDK_PACKAGES: readonly string[] = ['@vonage/client-sdk-video', '@opentok/client'];

/**
 * The names a JS file binds OpenTok.js to besides `OT` (`import OpenTok from '@vonage/client-sdk-video'`,
 * `import * as V from '@opentok/client'`, `const V = require(...)`). `s` is the stripped text (so
 * comments do not count); the module name is read from `text` at the same offset.
 */
function sdkBindings(s: string, text: string): string[] {
  const names: string[] = [];
  const re =
    /(?<![\w$])(?:import\s+(?:\*\s*as\s+)?([\w$]+)\s*(?:,\s*\{[^}]*\}\s*)?from|(?:import|const|let|var)\s+([\w$]+)\s*=\s*require\s*\()\s*(["'])/g;
  for (const m of s.matchAll(re)) {
    const open = m.index + m[0].length;
    const name = m[1] ?? m[2]!;
    if (name !== 'OT' && SDK_PACKAGES.includes(text.slice(open, text.indexOf(m[3]!, open)))) names.push(name);
  }
  return names;
}

/**
 * Find every session created without the allowed IP list in one source file. The language comes
 * from the file name's ending ({@link AUDIT_EXTENSIONS}); other files give `[]`. Comments and string
 * contents are ignored. Pure: no I/O.
 *
 * @param path - the file's path, reported as is in {@link AuditFinding.file}
 * @param text - the file's contents
 */
export function auditSource(path: string, text: string): AuditFinding[] {
  const ext = extensionOf(path);
  const syntax = syntaxOf(ext);
  if (!syntax) return [];
  const s = stripCode(text, syntax);
  const lines = lineStartsOf(text);
  const findings: AuditFinding[] = [];
  for (const impl of IMPLS) {
    const rule = AUDIT_RULES.find((r) => r.id === impl.rule)!;
    if (!rule.extensions.includes(ext)) continue;
    // `OT.initSession(` also under the names the file imports OpenTok.js as.
    const aliases = impl.rule === 'js-init-session' ? sdkBindings(s, text).map(escapeRegExp) : [];
    const source =
      aliases.length > 0 ? impl.pattern.source.replace('OT', `(?:OT|${aliases.join('|')})`) : impl.pattern.source;
    const re = new RegExp(source, impl.pattern.flags);
    for (let m = re.exec(s); m; m = re.exec(s)) {
      const verdict = impl.check({ s, ext }, m);
      if (verdict === null) continue;
      const at = impl.at ? impl.at(s, m) : m.index;
      if (ignored(text, s, lines, at)) continue;
      findings.push({
        file: path,
        ...lineColumn(lines, at),
        rule: rule.id,
        platform: rule.platform,
        message: verdict,
        fix: fixFor(rule, ext),
      });
    }
  }
  return findings.sort((a, b) => a.line - b.line || a.column - b.column);
}

/**
 * The comment that silences a finding on its own line or the line below (for deliberate raw calls,
 * e.g. in tests of the raw SDK). It must be in a comment: the same words in code do nothing.
 */
export const AUDIT_IGNORE_MARKER = 'video-allowlist-audit-ignore';

function ignored(text: string, stripped: string, lines: readonly number[], at: number): boolean {
  const line = lineColumn(lines, at).line - 1;
  for (const l of [line - 1, line]) {
    if (l < 0) continue;
    const from = lines[l]!;
    const to = lines[l + 1] ?? text.length;
    if (text.slice(from, to).includes(AUDIT_IGNORE_MARKER) && !stripped.slice(from, to).includes(AUDIT_IGNORE_MARKER))
      return true;
  }
  return false;
}

function fixFor(rule: AuditRule, ext: string): string {
  const language: SnippetLanguage | undefined =
    rule.id === 'ios-objc-otsession'
      ? 'objc'
      : rule.platform === 'android'
        ? (KOTLIN_EXT as readonly string[]).includes(ext)
          ? 'kotlin'
          : 'java'
        : undefined;
  return platformSnippet(rule.platform, language ? { language } : {}).code;
}
