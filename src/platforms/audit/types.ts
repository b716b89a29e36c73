import type { PlatformId } from '../data.js';

/** Stable ids of the audit rules. */
export type AuditRuleId =
  | 'js-init-session'
  | 'js-init-session-reference'
  | 'js-session-constructor'
  | 'web-otsession'
  | 'react-native-otsession'
  | 'ios-swift-otsession'
  | 'ios-objc-otsession'
  | 'android-session-builder'
  | 'windows-session'
  | 'windows-session-builder'
  | 'linux-otc-session-new'
  | 'linux-otc-session-settings';

/**
 * How sure a finding is: `'fails'` the session is created without `ipWhitelist: true`;
 * `'unverifiable'` the setting comes from something the audit cannot read (a variable, a spread, a
 * call), so a person must check it; `'bypass'` a reference to OpenTok.js's own `initSession` is kept
 * where this library's `guard()` cannot reach it.
 */
export type AuditVerdict = 'fails' | 'unverifiable' | 'bypass';

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
  /** The path as given to `auditSource` (relative to the root for `auditTree`). */
  file: string;
  /** 1-based line of the call. */
  line: number;
  /** 1-based column of the call. */
  column: number;
  /** The rule that found it. */
  rule: AuditRuleId;
  /** The platform of the SDK call. */
  platform: PlatformId;
  /** How sure the finding is ({@link AuditVerdict}). */
  verdict: AuditVerdict;
  /** True when the file is test code (a `test`, `tests`, `__tests__`, `spec` … folder, or `*.test.*`). */
  test: boolean;
  /** What is wrong, in words a person can act on. */
  message: string;
  /** The exact code to use instead (from the platform table). */
  fix: string;
}

/** What a rule's check says about a call that does not pass. */
export interface Judgement {
  verdict: AuditVerdict;
  message: string;
}

/** What a rule's check decided about one call: `null` when it passes. */
export type Verdict = Judgement | null;

/** A verdict: the call creates a session without the setting. */
export const fails = (message: string): Judgement => ({ verdict: 'fails', message });

/** A verdict: the setting comes from something the audit cannot read. */
export const unsure = (message: string): Judgement => ({ verdict: 'unverifiable', message });
