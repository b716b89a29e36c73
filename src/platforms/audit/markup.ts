/**
 * The `<script>` blocks of `.html`, `.vue` and `.svelte` files, as JS or TS text of the file's own
 * length (everything else blanked, newlines kept), so a finding's line and column are the file's.
 */

/** One script block: its text padded to the file's length, and the file ending it parses as. */
export interface ScriptBlock {
  text: string;
  ext: string;
}

const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
const blank = (s: string): string => s.replace(/[^\n]/g, ' ');

/** The JS/TS script blocks of a markup file (not `type="text/template"`, JSON or other non-JS types). */
export function scriptBlocks(text: string): ScriptBlock[] {
  const blocks: ScriptBlock[] = [];
  for (const match of text.matchAll(SCRIPT)) {
    const attrs = match[1]!;
    const type = /\btype\s*=\s*["']?([^"'\s>]+)/i.exec(attrs)?.[1]?.toLowerCase();
    if (type && !/^(?:module|text\/javascript|application\/javascript|text\/babel|text\/typescript)$/.test(type))
      continue;
    const lang = /\blang\s*=\s*["']?(ts|tsx|typescript)\b/i.exec(attrs)?.[1]?.toLowerCase();
    const from = match.index + match[0].indexOf('>') + 1;
    const body = match[2]!;
    if (body.trim() === '') continue;
    blocks.push({
      text: blank(text.slice(0, from)) + body + blank(text.slice(from + body.length)),
      ext: lang === 'tsx' ? '.tsx' : lang ? '.ts' : type === 'text/babel' ? '.jsx' : '.js',
    });
  }
  return blocks;
}
