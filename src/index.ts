/**
 * vonage-video-allowlist: enforce `ipWhitelist: true` on Vonage Video sessions, own the allowed IP
 * list, and preflight a network against it. This entry is browser-safe (it is also the IIFE bundle,
 * global `VideoAllowlist`); Node-only extras live in `vonage-video-allowlist/node`.
 *
 * @module vonage-video-allowlist
 */
export { VideoAllowlistError, formatPath, type ErrorCode, type ErrorPath, type ErrorDetails } from './errors.js';
export * from './sdk/index.js';
export * from './allowlist/index.js';
export * from './platforms/index.js';
export * from './preflight/index.js';
