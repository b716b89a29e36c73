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
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      out += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end === -1) out += '\\[';
      else {
        out += `[${glob
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else out += c.replace(/[.+^${}()|\\]/g, '\\$&');
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
  for (const p of rules.patterns) if ((!p.dirOnly || isDir) && p.re.test(path)) verdict = !p.negate;
  return verdict;
}
