/**
 * The Node entry: everything in the main entry, with `runPreflight` defaulting to the Node transport
 * (raw sockets, TLS, UDP and `ws`), which sees the remote address of every connection.
 *
 * @module vonage-video-allowlist/node
 */
export * from './index.js';
export * from './preflight/node.js';
// An explicit export wins over the star export above: here `runPreflight` is the Node one.
export { runNodePreflight as runPreflight } from './preflight/node.js';
// Scanning a source tree reads files: Node only.
export { auditTree, AUDIT_SKIPPED_DIRS, AUDIT_MAX_FILE_BYTES, type AuditReport } from './platforms/audit-node.js';
