/** The audit's Node-only entry: `auditSource` (parses JS/TS) and `auditTree` (reads a directory). */
export { auditSource, isTestPath } from './source.js';
export {
  AUDIT_BUILD_DIRS,
  AUDIT_MAX_FILE_BYTES,
  AUDIT_SKIPPED_DIRS,
  auditTree,
  type AuditReport,
  type AuditSkip,
  type AuditSkipReason,
  type AuditTreeOptions,
} from './tree.js';
