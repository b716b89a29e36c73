/**
 * The code blocks of README.md and docs/*.md, type-checked against the library's real types.
 *
 * `extractSnippets` finds every fenced ```ts / ```typescript / ```js / ```javascript block of a Markdown
 * text (other languages are checked elsewhere or not code). `checkSnippets` writes each block into a
 * virtual file under test/docs/__snippets__/ and type-checks all of them in one `ts.Program` with the
 * repo's tsconfig.json options (strict; JS blocks with `checkJs`). The package names resolve as a user's
 * bundler would: 'vonage-video-allowlist' to src/index.ts and 'vonage-video-allowlist/node' to
 * src/node.ts (tsconfig `paths`), '@vonage/client-sdk-video' to the installed SDK's own typings.
 *
 * A snippet assumes variables it does not declare (`apiKey`, `token`, the `VideoAllowlist` global of
 * the script tag ...). Each has one declared type in {@link FREE_VARIABLES}; a block's prelude is a
 * single line importing, from a virtual prelude module, exactly the names of that table the block uses
 * without declaring them itself. Any other free name is an error (`Cannot find name`), so a missing
 * import or a renamed export fails. The prelude is always line 1 of the virtual file, so a diagnostic's
 * line maps straight back to the Markdown line.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Where the virtual files live (nothing is written to disk): inside the repo, so node_modules resolves. */
const VIRTUAL_DIR = join(REPO, 'test/docs/__snippets__');
const PRELUDE_MODULE = 'snippet-prelude';
const PRELUDE_FILE = join(VIRTUAL_DIR, `${PRELUDE_MODULE}.d.ts`);

/** The fence languages this checker takes, and whether each is TypeScript. */
export const SNIPPET_LANGUAGES: Readonly<Record<string, 'ts' | 'js'>> = {
  ts: 'ts',
  typescript: 'ts',
  js: 'js',
  javascript: 'js',
};

/**
 * The variables a snippet may use without declaring them, each with the type a user's program would
 * give it. Keep this short: a name here is one the docs deliberately leave to the reader. Library
 * names never belong here (a snippet must import them).
 */
export const FREE_VARIABLES: Readonly<Record<string, string>> = {
  apiKey: 'string',
  sessionId: 'string',
  token: 'string',
  iceConfig: "import('@vonage/client-sdk-video').IceConfig",
  /** A widget or framework that hands you its own copy of the SDK. */
  widget: "{ OT: typeof import('@vonage/client-sdk-video') }",
  /** The script-tag global of OpenTok.js (a block that imports OT declares its own). */
  OT: "typeof import('@vonage/client-sdk-video')",
  /** The script-tag global of this library: src/browser.ts, not the whole main entry (docs/bundle.md). */
  VideoAllowlist: `typeof import('${join(REPO, 'src/browser')}')`,
  textCopiedFromTheAccountPage: 'string',
  text: 'string',
  oldList: "import('vonage-video-allowlist').AllowedIpList",
  list: "import('vonage-video-allowlist').AllowedIpList",
  signal: 'AbortSignal',
  showUpgradeNotice: '() => void',
};

/** One fenced code block. */
export interface Snippet {
  /** The Markdown file, relative to the repo (`README.md`, `docs/sdk.md`). */
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** The fence's language as written (`ts`, `javascript` ...). */
  lang: string;
  /** The block's text, without the fences, indentation of the fence removed. */
  code: string;
  /** The reason of a `<!-- snippet: skip (reason) -->` marker on the line before the fence. */
  skip?: string;
}

/** A diagnostic on a snippet, placed on its Markdown line. */
export interface SnippetProblem {
  snippet: Snippet;
  /** 1-based Markdown line of the diagnostic (the fence line for the prelude or a global problem). */
  line: number;
  /** `TS2554`. */
  code: string;
  message: string;
}

const FENCE = /^( {0,3})(`{3,}|~{3,})\s*([^\s`]*)[^`]*$/;
const SKIP = /^<!--\s*snippet:\s*skip\b\s*(.*?)\s*-->$/;

/**
 * Every ts/typescript/js/javascript fenced block of a Markdown text (or of the fence languages
 * `languages` names).
 *
 * @throws Error for an unclosed fence or a skip marker without a reason in parentheses.
 */
export function extractSnippets(
  markdown: string,
  file: string,
  languages: Readonly<Record<string, unknown>> = SNIPPET_LANGUAGES,
): Snippet[] {
  const lines = markdown.split(/\r?\n/);
  const snippets: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!);
    if (!open) continue;
    const [, indent = '', fence = '', info = ''] = open;
    let end = i + 1;
    const closing = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
    while (end < lines.length && !closing.test(lines[end]!)) end++;
    if (end === lines.length) throw new Error(`${file}:${i + 1}: the fence opened here is never closed`);
    const lang = info.toLowerCase();
    if (Object.hasOwn(languages, lang)) {
      const code = lines
        .slice(i + 1, end)
        .map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l.trimStart()))
        .join('\n');
      const snippet: Snippet = { file, line: i + 1, lang, code };
      let before = i - 1;
      while (before >= 0 && lines[before]!.trim() === '') before--;
      const marker = before >= 0 ? SKIP.exec(lines[before]!.trim()) : null;
      if (marker) {
        const reason = /^\((.+)\)$/.exec(marker[1] ?? '')?.[1]?.trim();
        if (!reason)
          throw new Error(`${file}:${before + 1}: a snippet skip marker needs a reason: <!-- snippet: skip (why) -->`);
        snippet.skip = reason;
      }
      snippets.push(snippet);
    }
    i = end;
  }
  return snippets;
}

/** Names the block declares at its top level (imports, variables, functions, classes). */
function topLevelNames(source: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const bind = (name: ts.BindingName): void => {
    if (ts.isIdentifier(name)) names.add(name.text);
    else for (const e of name.elements) if (!ts.isOmittedExpression(e)) bind(e.name);
  };
  for (const s of source.statements) {
    if (ts.isImportDeclaration(s) && s.importClause) {
      const c = s.importClause;
      if (c.name) names.add(c.name.text);
      if (c.namedBindings && ts.isNamespaceImport(c.namedBindings)) names.add(c.namedBindings.name.text);
      if (c.namedBindings && ts.isNamedImports(c.namedBindings))
        for (const e of c.namedBindings.elements) names.add(e.name.text);
    } else if (ts.isImportEqualsDeclaration(s)) names.add(s.name.text);
    else if (ts.isVariableStatement(s)) for (const d of s.declarationList.declarations) bind(d.name);
    else if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)) && s.name) names.add(s.name.text);
  }
  return names;
}

/** Names of {@link FREE_VARIABLES} the block reads without declaring them at its top level. */
export function freeVariablesOf(code: string, lang: string): string[] {
  const kind = SNIPPET_LANGUAGES[lang] === 'js' ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const source = ts.createSourceFile(
    `block.${kind === ts.ScriptKind.JS ? 'js' : 'ts'}`,
    code,
    ts.ScriptTarget.Latest,
    true,
    kind,
  );
  const declared = topLevelNames(source);
  const used = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && Object.hasOwn(FREE_VARIABLES, node.text) && !declared.has(node.text)) {
      const p = node.parent;
      const isName =
        (ts.isPropertyAccessExpression(p) && p.name === node) ||
        (ts.isPropertyAssignment(p) && p.name === node) ||
        (ts.isQualifiedName(p) && p.right === node) ||
        ((ts.isPropertySignature(p) || ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p)) && p.name === node);
      if (!isName) used.add(node.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return Object.keys(FREE_VARIABLES).filter((n) => used.has(n));
}

function preludeModule(): string {
  return Object.entries(FREE_VARIABLES)
    .map(([name, type]) => `export declare const ${name}: ${type};`)
    .join('\n');
}

/** The virtual file's text: one prelude line, the block, and `export {}` so every block is a module. */
function virtualText(snippet: Snippet): string {
  const names = freeVariablesOf(snippet.code, snippet.lang);
  const prelude = names.length > 0 ? `import { ${names.join(', ')} } from './${PRELUDE_MODULE}.js';` : '';
  return `${prelude}\n${snippet.code}\nexport {};\n`;
}

let cachedOptions: ts.CompilerOptions | undefined;
/** Parsed files other than the snippets (lib, @types, src, the SDK), shared by every call in a process. */
const sourceCache = new Map<string, ts.SourceFile>();

/** The repo's tsconfig.json compiler options, plus `allowJs`/`checkJs` for the JS blocks. */
function compilerOptions(): ts.CompilerOptions {
  if (!cachedOptions) {
    const config = ts.readConfigFile(join(REPO, 'tsconfig.json'), (p) => ts.sys.readFile(p));
    if (config.error) throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, '\n'));
    const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, REPO);
    cachedOptions = { ...parsed.options, noEmit: true, allowJs: true, checkJs: true };
  }
  return cachedOptions;
}

/**
 * Type-checks the snippets (those without a skip marker) in one program.
 *
 * @returns Every diagnostic, on its Markdown line; empty when all blocks check.
 */
export function checkSnippets(snippets: readonly Snippet[]): SnippetProblem[] {
  const options = compilerOptions();
  const virtual = new Map<string, { text: string; snippet: Snippet }>();
  snippets.forEach((snippet, index) => {
    if (snippet.skip !== undefined) return;
    const ext = SNIPPET_LANGUAGES[snippet.lang] === 'js' ? 'js' : 'ts';
    const name = join(VIRTUAL_DIR, `${snippet.file.replace(/[^\w.-]/g, '_')}.L${snippet.line}.${index}.${ext}`);
    virtual.set(name, { text: virtualText(snippet), snippet });
  });
  const prelude = preludeModule();
  const host = ts.createCompilerHost(options, true);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (f) => (f === PRELUDE_FILE ? prelude : (virtual.get(f)?.text ?? readFile(f)));
  host.fileExists = (f) => f === PRELUDE_FILE || virtual.has(f) || fileExists(f);
  const directoryExists = host.directoryExists?.bind(host);
  host.directoryExists = (d) => d === VIRTUAL_DIR || (directoryExists?.(d) ?? true);
  host.getSourceFile = (f, lang, onError, create) => {
    const text = f === PRELUDE_FILE ? prelude : virtual.get(f)?.text;
    if (text !== undefined) return ts.createSourceFile(f, text, lang);
    // The library, the SDK's typings and the lib files are the same for every call: parse them once.
    let cached = sourceCache.get(f);
    if (!cached) {
      cached = getSourceFile(f, lang, onError, create);
      if (cached) sourceCache.set(f, cached);
    }
    return cached;
  };
  const program = ts.createProgram({ rootNames: [PRELUDE_FILE, ...virtual.keys()], options, host });

  const problems: SnippetProblem[] = [];
  const first = snippets[0];
  for (const d of [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()]) {
    if (first)
      problems.push({
        snippet: first,
        line: first.line,
        code: `TS${d.code}`,
        message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
      });
  }
  const preludeSource = program.getSourceFile(PRELUDE_FILE);
  const preludeErrors = preludeSource
    ? [...program.getSyntacticDiagnostics(preludeSource), ...program.getSemanticDiagnostics(preludeSource)]
    : [];
  for (const d of preludeErrors) {
    throw new Error(`the snippet prelude does not check: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  }
  for (const [name, { snippet }] of virtual) {
    const source = program.getSourceFile(name);
    if (!source) throw new Error(`${snippet.file}:${snippet.line}: the block's virtual file was not loaded`);
    const diagnostics = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
    for (const d of diagnostics) {
      const at = d.start === undefined ? 0 : source.getLineAndCharacterOfPosition(d.start).line;
      problems.push({
        snippet,
        // Virtual line 0 is the prelude (reported on the fence); line n is the block's line n, the fence's line + n.
        line: snippet.line + at,
        code: `TS${d.code}`,
        message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
      });
    }
  }
  return problems;
}

/** `README.md:42 (ts block at line 40): TS2554 Expected 3-5 arguments, but got 2.` */
export function formatProblem(p: SnippetProblem): string {
  return `${p.snippet.file}:${p.line} (${p.snippet.lang} block at line ${p.snippet.line}): ${p.code} ${p.message}`;
}
