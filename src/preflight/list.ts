import type { AllowlistLike } from '../allowlist/types.js';
import { PreflightOptionError } from './targets.js';

/** Parses the list text with `AllowedIpList.fromText`; a parse error becomes an `invalid-option` on `list`. */
export function parseListText(text: string): AllowlistLike {
  throw new PreflightOptionError('list', `list text is not supported yet (${text.length} characters): pass an AllowlistLike`);
}
