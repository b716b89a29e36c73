/**
 * `auditSource`: every session one file creates without the allowed IP list. JS and TS (and the
 * script blocks of `.html`, `.vue`, `.svelte`) are parsed (`js/`); the other languages are read by
 * their platform's text rules. Node only: the JS parser is not for the browser bundle.
 */
import { platformSnippet } from '../snippet.js';
import type { SnippetLanguage } from '../data.js';
import { parseJs } from './js/ast.js';
import { jsHits } from './js/calls.js';
import { scriptBlocks } from './markup.js';
import { JS_EXT, MARKUP_EXT } from './platforms/js.js';
import { AUDIT_IGNORE_MARKER, AUDIT_RULES, TEXT_RULES, extensionOf } from './rules.js';
import { lineColumn, lineStartsOf, stripCode, type Syntax } from './scan.js';
import { unsure, type AuditFinding, type AuditRuleId, type Verdict } from './types.js';

/** A JS file that names none of these creates no session the audit can see (checked before parsing). */
const JS_HINT = /initSession|OTSession|\.\s*Session\b/;

/** Folders and file names of test code. */
const TEST_PATH =
  /(?:^|[/\\])(?:tests?|__tests__|__mocks__|specs?|e2e|cypress|androidTest|testing)(?:[/\\])|(?:^|[/\\])[^/\\]*(?:\.(?:test|spec|stories)\.[^/\\]+|Tests?\.(?:swift|m|mm|kt|java|cs))$|(?:^|[/\\])[^/\\]*Tests?[/\\]/;

/** Is `path` test code (a test folder, or a `*.test.*`, `*.spec.*`, `*Test.kt` file)? */
export function isTestPath(path: string): boolean {
  return TEST_PATH.test(path);
}

interface Hit {
  rule: AuditRuleId;
  at: { line: number; column: number };
  verdict: NonNullable<Verdict>;
  language?: string;
}

/**
 * Find every session created without the allowed IP list in one source file. The language comes
 * from the file name's ending (`AUDIT_EXTENSIONS`); other files give `[]`. Comments and string
 * contents are ignored; a comment holding {@link AUDIT_IGNORE_MARKER} silences its line and the next.
 *
 * @param path - the file's path, reported as is in {@link AuditFinding.file}
 * @param text - the file's contents
 */
export function auditSource(path: string, text: string): AuditFinding[] {
  const ext = extensionOf(path);
  let hits: Hit[];
  if ((MARKUP_EXT as readonly string[]).includes(ext))
    hits = scriptBlocks(text).flatMap((block) => jsFileHits(block.text, block.ext));
  else if ((JS_EXT as readonly string[]).includes(ext)) hits = jsFileHits(text, ext);
  else hits = textHits(text, ext);
  const test = isTestPath(path);
  return hits
    .map((hit): AuditFinding => {
      const rule = AUDIT_RULES.find((r) => r.id === hit.rule)!;
      const language = hit.language as SnippetLanguage | undefined;
      return {
        file: path,
        ...hit.at,
        rule: rule.id,
        platform: rule.platform,
        verdict: hit.verdict.verdict,
        test,
        message: hit.verdict.message,
        fix: platformSnippet(rule.platform, language ? { language } : {}).code,
      };
    })
    .sort((a, b) => a.line - b.line || a.column - b.column);
}

/** The lines (0-based) a comment holding the marker silences: its own and the next. */
function silenced(comments: readonly { value: string; line: number }[]): Set<number> {
  const lines = new Set<number>();
  for (const comment of comments)
    if (comment.value.includes(AUDIT_IGNORE_MARKER)) {
      lines.add(comment.line);
      lines.add(comment.line + 1);
    }
  return lines;
}

function jsFileHits(text: string, ext: string): Hit[] {
  if (!JS_HINT.test(text)) return [];
  let program;
  try {
    program = parseJs(text, ext);
  } catch (err) {
    return unparsed(text, ext, err);
  }
  const quiet = silenced(
    (program.comments ?? []).flatMap((c) =>
      Array.from({ length: c.loc!.end.line - c.loc!.start.line + 1 }, (_, i) => ({
        value: c.value,
        line: c.loc!.start.line + i,
      })),
    ),
  );
  return jsHits(program, text)
    .map((h) => ({
      rule: h.rule,
      verdict: h.verdict,
      at: { line: h.node.loc!.start.line, column: h.node.loc!.start.column + 1 },
    }))
    .filter((h) => !quiet.has(h.at.line));
}

/** A file the parser gives up on: every `.initSession(` in it is unverifiable, with the reason. */
function unparsed(text: string, ext: string, err: unknown): Hit[] {
  const stripped = stripCode(text, 'js');
  const lines = lineStartsOf(text);
  const why = (err as Error).message.replace(/\s*\(\d+:\d+\)$/, '');
  const hits: Hit[] = [];
  for (const match of stripped.matchAll(/(?<![\w$])initSession\s*\(|<OTSession\b/g))
    hits.push({
      rule: match[0].startsWith('<') ? 'react-native-otsession' : 'js-init-session',
      at: lineColumn(lines, match.index),
      verdict: unsure(
        `This ${ext} file does not parse (${why}), so the audit cannot read this session's options: check them by hand.`,
      ),
    });
  return hits;
}

function syntaxOf(ext: string): Syntax | undefined {
  if (ext === '.swift') return 'swift';
  if (ext === '.kt' || ext === '.kts') return 'kotlin';
  if (ext === '.java') return 'java';
  if (ext === '.cs') return 'csharp';
  return TEXT_RULES.some((r) => r.extensions.includes(ext)) ? 'c' : undefined;
}

function textHits(text: string, ext: string): Hit[] {
  const syntax = syntaxOf(ext);
  if (!syntax) return [];
  const stripped = stripCode(text, syntax);
  const lines = lineStartsOf(text);
  const hits: Hit[] = [];
  for (const rule of TEXT_RULES) {
    if (!rule.extensions.includes(ext)) continue;
    const re = new RegExp(rule.pattern.source, rule.pattern.flags);
    for (let match = re.exec(stripped); match; match = re.exec(stripped)) {
      const verdict = rule.check(stripped, match);
      if (verdict === null) continue;
      const at = lineColumn(lines, rule.at ? rule.at(stripped, match) : match.index);
      if (ignoredText(text, stripped, lines, at.line - 1)) continue;
      hits.push({ rule: rule.id, at, verdict, language: rule.language?.(ext) });
    }
  }
  return hits;
}

/** The marker in a comment (in the text, not in the stripped text) on this line or the one above. */
function ignoredText(text: string, stripped: string, lines: readonly number[], line: number): boolean {
  for (const row of [line - 1, line]) {
    if (row < 0) continue;
    const from = lines[row]!;
    const to = lines[row + 1] ?? text.length;
    if (text.slice(from, to).includes(AUDIT_IGNORE_MARKER) && !stripped.slice(from, to).includes(AUDIT_IGNORE_MARKER))
      return true;
  }
  return false;
}
