/**
 * The allowed IP list setting on every Vonage Video platform, as data: option names, how to set
 * them, minimum versions, exact snippets, and the audit rules that find sessions created without
 * it. Browser-safe: the audit itself (`auditSource`, `auditTree`, with its JS parser) lives in
 * `audit/node.ts` and is exported from `vonage-video-allowlist/node`.
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
export { AUDIT_EXTENSIONS, AUDIT_IGNORE_MARKER, AUDIT_RULES } from './audit/rules.js';
export type { AuditFinding, AuditRule, AuditRuleId, AuditVerdict } from './audit/types.js';
export { withIpWhitelist, type WithIpWhitelist } from './options.js';
