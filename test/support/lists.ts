/**
 * Lists written the short way for table tests, without going through the list parser.
 */
import { parseBlock } from '../../src/allowlist/address.js';
import type { ListLike } from '../../src/allowlist/cover.js';
import type { Category, EntryAction, ListEntry } from '../../src/allowlist/types.js';

/**
 * A list from compact lines: `203.0.113.0/24` (uncategorized), `media 203.0.113.0/24`,
 * `deny media 203.0.113.7`, `deny 203.0.113.7`. `all` holds the entries; `entries()` returns copies,
 * as a list does.
 */
export function compactList(...lines: string[]): ListLike & { all: ListEntry[] } {
  const all = lines.map((line): ListEntry => {
    const words = line.split(' ');
    const action: EntryAction = words[0] === 'deny' ? (words.shift(), 'deny') : 'allow';
    const category = words.length > 1 ? (words.shift() as Category) : null;
    const block = parseBlock(words[0]!);
    return { block: block.text, family: block.family, prefix: block.prefix, category, description: null, action };
  });
  return { all, entries: () => all.map((e) => ({ ...e })) };
}
