import { type ErrorPath, VideoAllowlistError } from '../errors.js';
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

  declare readonly code: 'list-parse';
  /** Every problem found, in input order. */
  readonly issues: ListParseIssue[];

  /**
   * @param source Which form was read.
   * @param issues Every problem; `path`, `reason` and `hint` describe the first (`['line', 3, 'column', 7]`,
   *   or the JSON path as keys: `['prefixes', 3, 'ip_prefix']`).
   */
  constructor(source: 'text' | 'JSON', issues: ListParseIssue[]) {
    const count = issues.length;
    const more = count > SHOWN ? `; and ${count - SHOWN} more` : '';
    const first = issues[0];
    super(
      'list-parse',
      `The allowed IP list ${source} has ${count} problem${count === 1 ? '' : 's'}: ${issues.slice(0, SHOWN).map(formatIssue).join('; ')}${more}`,
      {
        path: first ? issuePath(first) : [],
        reason: first?.reason ?? '',
        hint: 'Fix each problem in `issues` where it points; nothing was read.',
      },
    );
    this.issues = issues;
  }
}

/**
 * Where an issue is, as an error path: `['line', 3, 'column', 7]` in text (and for JSON that does not
 * parse), the JSON path as keys (`$.prefixes[3].ip_prefix` as `['prefixes', 3, 'ip_prefix']`), else empty.
 */
export function issuePath(issue: ListParseIssue): ErrorPath {
  if (issue.line > 0) return ['line', issue.line, 'column', issue.column];
  const jsonPath = /^\$((?:\.\w+|\[\d+\])*) = /.exec(issue.text)?.[1] ?? '';
  return [...jsonPath.matchAll(/\.(\w+)|\[(\d+)\]/g)].map(
    ([, key, index]) => (key ?? Number(index)) as string | number,
  );
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

  declare readonly code: 'invalid-entry';
  /** The field at fault: `block`, `category`, `description`, `action`, `query`, `options`, `createDate` or `syncToken`. */
  readonly field: string;

  constructor(field: string, reason: string) {
    super('invalid-entry', `${field}: ${reason}`, { path: [field], reason });
    this.field = field;
  }
}
