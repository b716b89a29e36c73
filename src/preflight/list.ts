import { ListParseError, formatIssue } from '../allowlist/errors.js';
import { AllowedIpList } from '../allowlist/list.js';
import type { AllowlistLike } from '../allowlist/types.js';
import { PreflightOptionError } from './errors.js';

/** How many parse issues the option error spells out. */
const SHOWN = 3;

/** Parses the list text with `AllowedIpList.fromText`; a parse error becomes an `invalid-option` on `list`. */
export function parseListText(text: string): AllowlistLike {
  try {
    return AllowedIpList.fromText(text);
  } catch (err) {
    if (!(err instanceof ListParseError)) throw err;
    const count = err.issues.length;
    const shown = err.issues.slice(0, SHOWN).map(formatIssue).join('; ');
    const more = count > SHOWN ? `; and ${count - SHOWN} more` : '';
    const problems = count === 1 ? '1 problem' : `${count} problems`;
    throw new PreflightOptionError(['list'], `the list text has ${problems}: ${shown}${more}`);
  }
}
