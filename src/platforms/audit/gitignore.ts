/**
 * The part of `.gitignore` the audit honours: one file per directory, patterns with `*`, `**`, `?`,
 * `[...]`, a leading or inner `/` anchoring to that directory, a trailing `/` for directories only,
 * `!` to take a path back, `#` comments. Enough for the build output and generated code projects list.
 */

interface Pattern {
  re: RegExp;
  negate: boolean;
  dirOnly: boolean;
}

/** The rules of one `.gitignore`, for paths relative to the directory that holds it. */
export interface IgnoreRules {
  patterns: Pattern[];
}

function globToRegExp(glob: string): string {
  let out = '';
  for (let index = 0; index < glob.length; index++) {
    const char = glob[index]!;
    if (char === '*' && glob[index + 1] === '*') {
      const slash = glob[index + 2] === '/';
      out += slash ? '(?:.*/)?' : '.*';
      index += slash ? 2 : 1;
    } else if (char === '*') out += '[^/]*';
    else if (char === '?') out += '[^/]';
    else if (char === '[') {
      const end = glob.indexOf(']', index + 1);
      if (end === -1) out += '\\[';
      else {
        out += `[${glob
          .slice(index + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        index = end;
      }
    } else out += char.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return out;
}

/** Parse the text of a `.gitignore`. */
export function parseIgnore(text: string): IgnoreRules {
  const patterns: Pattern[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.replace(/(?<!\\)\s+$/, '');
    if (line === '' || line.startsWith('#')) continue;
    const negate = line.startsWith('!');
    if (negate) line = line.slice(1);
    const dirOnly = line.endsWith('/');
    if (dirOnly) line = line.slice(0, -1);
    const anchored = line.includes('/');
    if (line.startsWith('/')) line = line.slice(1);
    const body = globToRegExp(line.replace(/\\([#!\s])/g, '$1'));
    patterns.push({ re: new RegExp(`^${anchored ? '' : '(?:.*/)?'}${body}$`), negate, dirOnly });
  }
  return { patterns };
}

/**
 * Is `path` (relative to the `.gitignore`'s directory, with `/`) ignored by these rules? `undefined`
 * when no pattern speaks of it, so an outer file can decide.
 */
export function ignores(rules: IgnoreRules, path: string, isDir: boolean): boolean | undefined {
  let verdict: boolean | undefined;
  for (const pattern of rules.patterns)
    if ((!pattern.dirOnly || isDir) && pattern.re.test(path)) verdict = !pattern.negate;
  return verdict;
}
