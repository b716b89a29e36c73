import { VideoAllowlistError } from '../errors.js';
import type { ListParseIssue } from './types.js';

/** How many issues the message of a {@link ListParseError} spells out. */
const SHOWN = 5;

/**
 * Thrown by `AllowedIpList.fromText` and `fromJSON` with every problem found (code `list-parse`); no
 * list is returned when any entry is wrong. For text, `line`/`column` locate the problem (from 1). For
 * JSON, `text` holds the JSON path (`$.prefixes[3].ip_prefix`) and the value; `line`/`column` are the
 * position in the JSON text when it was given as a string and could not be parsed, else 0.
 */
export class ListParseError extends VideoAllowlistError {
  /** The class name, written out so that a minifier's renaming does not reach `err.name`. */
  static override readonly name = 'ListParseError';

  /** Every problem found, in input order. */
  readonly issues: ListParseIssue[];

  constructor(source: 'text' | 'JSON', issues: ListParseIssue[]) {
    const n = issues.length;
    const more = n > SHOWN ? `; and ${n - SHOWN} more` : '';
    super(
      'list-parse',
      `The allowed IP list ${source} has ${n} problem${n === 1 ? '' : 's'}: ${issues.slice(0, SHOWN).map(formatIssue).join('; ')}${more}`,
    );
    this.issues = issues;
  }
}

/** `line 3:1 "10.0.0.1/8": host bits set; ...` (or without the position for JSON). */
export function formatIssue(issue: ListParseIssue): string {
  const at = issue.line > 0 ? `line ${issue.line}:${issue.column} ` : '';
  return `${at}${JSON.stringify(issue.text.length > 60 ? `${issue.text.slice(0, 57)}...` : issue.text)}: ${issue.reason}`;
}

/**
 * Thrown by `AllowedIpList.add`, `remove`, `check` and `toJSON` for an entry, query or option that
 * cannot be used (code `invalid-entry`): an unknown category or action, a description with a `#`, a
 * line break, whitespace at either end or an IP block, an IPv4-mapped IPv6 block, a remove
 * query that would match everything, `check` options that are not an object, or a `toJSON`
 * createDate/syncToken `fromJSON` would not read.
 */
export class ListEntryError extends VideoAllowlistError {
  /** The class name, written out so that a minifier's renaming does not reach `err.name`. */
  static override readonly name = 'ListEntryError';

  /** The field at fault: `block`, `category`, `description`, `action`, `query`, `options`, `createDate` or `syncToken`. */
  readonly field: string;

  constructor(field: string, message: string) {
    super('invalid-entry', `${field}: ${message}`);
    this.field = field;
  }
}
