/**
 * Every audit rule, one table per platform (`platforms/`): what it looks for, what passes, and the
 * fix from the platform table. Data only, browser-safe; the checks run in `source.ts` (Node only).
 */
import { ANDROID_RULES } from './platforms/android.js';
import { IOS_RULES } from './platforms/ios.js';
import { JS_RULES } from './platforms/js.js';
import { LINUX_RULES } from './platforms/linux.js';
import { WINDOWS_RULES } from './platforms/windows.js';
import type { TextRule } from './text.js';
import type { AuditRule } from './types.js';

/** The rules that read text (every platform but JS). */
export const TEXT_RULES: readonly TextRule[] = /* @__PURE__ */ (() => [
  ...IOS_RULES,
  ...ANDROID_RULES,
  ...WINDOWS_RULES,
  ...LINUX_RULES,
])();

/** The audit rules, shared by `video-allowlist audit`, `auditSource` and `docs/platforms.md`. */
export const AUDIT_RULES: readonly AuditRule[] = /* @__PURE__ */ (() =>
  [...JS_RULES, ...TEXT_RULES].map(({ id, platform, extensions, looksFor, passes }) => ({
    id,
    platform,
    extensions,
    looksFor,
    passes,
  })))();

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

/**
 * The comment that silences a finding on its own line or the line below (for deliberate raw calls,
 * e.g. in tests of the raw SDK). It must be in a comment: the same words in code do nothing.
 */
export const AUDIT_IGNORE_MARKER = 'video-allowlist-audit-ignore';
