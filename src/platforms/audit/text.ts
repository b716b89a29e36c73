/**
 * Helpers the text rules (Swift, Objective-C, Kotlin, Java, C#, C) share: a call's arguments, the
 * variable a call is assigned to, a builder chain, and "set elsewhere to another value".
 */
import type { PlatformId } from '../data.js';
import { escapeRegExp, matchBracket } from './scan.js';
import type { AuditRule, Verdict } from './types.js';
import { unsure } from './types.js';

/** A text rule: the data of {@link AuditRule}, the pattern that finds a call, and its check. */
export interface TextRule extends AuditRule {
  /** Finds the call (global flag). */
  pattern: RegExp;
  /** Judge one match on the stripped text `s` (comments and strings blanked). */
  check(s: string, m: RegExpExecArray): Verdict;
  /** Where the finding is reported; default the match start. */
  at?(s: string, m: RegExpExecArray): number;
  /** The fix's snippet language for a file ending, when the platform has several. */
  language?(ext: string): string | undefined;
}

/** After a `true`/`YES` value: the value ends there (`true && x`, `true == y` are not `true`). */
export const END = '(?=[ \\t\\r]*(?:[,;)}\\]\\n]|$))';

/** A regex source matching `name`, not as part of a longer identifier. */
export const word = (name: string): string => `(?<![\\w$])${escapeRegExp(name)}`;

/**
 * The first place `set` (global, the value in group 1) gives a value `ok` does not accept: a
 * variable set to true in one place and to anything else in another cannot be vouched for.
 */
export function otherSetting(stripped: string, set: RegExp, ok: RegExp): string | undefined {
  for (const match of stripped.matchAll(set))
    if (!ok.test(match[1]!.trim())) return match[0].replace(/\s+/g, ' ').trim();
  return undefined;
}

/** The verdict for a setting also made elsewhere in the file with another value. */
export const alsoSet = (what: string, other: string): Verdict =>
  unsure(
    `${what} are also set by \`${other}\` in this file, so the audit cannot vouch for them: set ipWhitelist to true only.`,
  );

/** A call's arguments: the text between the parentheses opening at the end of the match. */
export function callArgs(stripped: string, matchEnd: number): { args: string; close: number } | null {
  const open = matchEnd - 1;
  const close = matchBracket(stripped, open);
  return close === -1 ? null : { args: stripped.slice(open + 1, close), close };
}

/** The variable a call's result is assigned to in the same statement (`val b = `, `Foo b = new `), if any. */
export function assignedName(stripped: string, start: number): string | null {
  const before = stripped.slice(Math.max(0, start - 200), start);
  const match = /([\w$]+)\s*(?::\s*[\w$.<>?]+\s*)?=\s*(?:new\s+)?$/.exec(before);
  return match ? match[1]! : null;
}

/** Where `new` begins when the match is `new Session.Builder(`, else the match itself. */
export function startOfNew(stripped: string, at: number): number {
  const match = /new\s+$/.exec(stripped.slice(Math.max(0, at - 20), at));
  return match ? at - match[0].length : at;
}

/**
 * The builder expression: the constructor call, a C# object initializer `{ ... }` or a Kotlin
 * trailing lambda (`.apply { ... }`) when allowed, then any `.method(...)` calls. Null when a bracket
 * is never closed.
 */
export function builderChain(stripped: string, afterOpenParen: number, braces: boolean): string | null {
  const start = afterOpenParen - 1;
  let end = matchBracket(stripped, start);
  if (end === -1) return null;
  for (;;) {
    const rest = stripped.slice(end + 1);
    const init = braces ? /^\s*(?:\.\s*[\w$]+\s*)?\{/.exec(rest) : null;
    const call = /^\s*\.\s*[\w$]+\s*(?:<[^<>()]*>\s*)?\(/.exec(rest);
    const step = init ?? call;
    if (!step) break;
    const close = matchBracket(stripped, end + step[0].length);
    if (close === -1) return null;
    end = close;
  }
  return stripped.slice(start, end + 1);
}

/** Shorthand for a rule's fixed fields. */
export const rule = (
  platform: PlatformId,
  extensions: readonly string[],
  fields: Omit<TextRule, 'platform' | 'extensions'>,
): TextRule => ({ platform, extensions, ...fields });
