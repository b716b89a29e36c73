/**
 * The allowed IP list setting on every Vonage Video platform, as data: option names, how to set
 * them, minimum versions, exact snippets, and the audit rules that find sessions created without
 * it. Browser-safe: the directory walk lives in `audit-node.ts` (Node only).
 *
 * @module
 */
export {
  PLATFORMS,
  type DocsLink,
  type PlatformFacts,
  type PlatformId,
  type PlatformSnippet,
  type SnippetLanguage,
} from './data.js';
export { PlatformError, type PlatformErrorCode } from './errors.js';
export { PLATFORM_IDS, fenceTag, platformFacts, platformSnippet, snippet, type SnippetOptions } from './snippet.js';
export {
  AUDIT_EXTENSIONS,
  AUDIT_IGNORE_MARKER,
  AUDIT_RULES,
  auditSource,
  type AuditFinding,
  type AuditRule,
  type AuditRuleId,
} from './audit.js';
export { withIpWhitelist, type WithIpWhitelist } from './options.js';
