/**
 * The JS/TS syntax tree the audit reads: @babel/parser (pure JS, no native binary, CJS, any Node),
 * with error recovery so one odd line does not hide a file. Node only: a runtime dependency of the
 * CLI and of `vonage-video-allowlist/node`, loaded on the first file that needs it, so the other CLI
 * commands do not pay for it.
 */
import { createRequire } from 'node:module';
import type { parse as Parse } from '@babel/parser';
import type * as t from '@babel/types';

let parse: typeof Parse | undefined;

export type { t };

/**
 * Parse `text` as JS or TS by its file ending; JSX on everywhere but `.ts`/`.mts`/`.cts`. A JS file
 * that does not parse is tried again with Flow types (older React Native code).
 */
export function parseJs(text: string, ext: string): t.File {
  const ts = /^\.[mc]?tsx?$/.test(ext);
  const jsx = !/^\.[mc]?ts$/.test(ext);
  const plugins: ('typescript' | 'jsx' | 'flow')[] = [
    ...(ts ? (['typescript'] as const) : []),
    ...(jsx ? (['jsx'] as const) : []),
  ];
  try {
    return parseWith(text, plugins);
  } catch (err) {
    if (ts) throw err;
    return parseWith(text, [...plugins, 'flow']);
  }
}

function parseWith(text: string, plugins: ('typescript' | 'jsx' | 'flow')[]): t.File {
  parse ??= (createRequire(import.meta.url)('@babel/parser') as { parse: typeof Parse }).parse;
  return parse(text, {
    sourceType: 'unambiguous',
    errorRecovery: true,
    allowReturnOutsideFunction: true,
    allowAwaitOutsideFunction: true,
    allowImportExportEverywhere: true,
    allowUndeclaredExports: true,
    plugins,
  });
}

const SKIP = new Set(['loc', 'start', 'end', 'extra', 'leadingComments', 'trailingComments', 'innerComments']);

/** Call `visit` on every node under `root` with its parent, depth first, in source order. */
export function walk(root: t.Node, visit: (node: t.Node, parent: t.Node | null) => void): void {
  const step = (node: t.Node, parent: t.Node | null): void => {
    visit(node, parent);
    const fields = node as unknown as Record<string, unknown>;
    for (const key of Object.keys(fields)) {
      if (SKIP.has(key)) continue;
      const value = fields[key];
      if (typeof value !== 'object' || value === null) continue;
      if (Array.isArray(value)) {
        for (const item of value) if (isNode(item)) step(item, node);
      } else if (isNode(value)) step(value, node);
    }
  };
  step(root, null);
}

function isNode(value: unknown): value is t.Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** The expression without parentheses, `!`, `as T`, `satisfies T` and `<T>` casts around it. */
export function unwrap(node: t.Node): t.Node {
  let inner = node;
  for (;;) {
    if (
      inner.type === 'TSNonNullExpression' ||
      inner.type === 'TSAsExpression' ||
      inner.type === 'TSSatisfiesExpression' ||
      inner.type === 'TSTypeAssertion' ||
      inner.type === 'ParenthesizedExpression' ||
      inner.type === 'TypeCastExpression'
    )
      inner = inner.expression;
    else if (inner.type === 'SequenceExpression') inner = inner.expressions[inner.expressions.length - 1]!;
    else return inner;
  }
}

/** A string the node spells out: `'x'`, `"x"` or `` `x` `` (no `${}`). */
export function stringOf(node: t.Node): string | undefined {
  if (node.type === 'StringLiteral') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0)
    return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/** The property name of `a.b`, `a?.b`, `a['b']`: `'b'`; undefined when computed from a variable. */
export function memberName(node: t.Node): string | undefined {
  if (node.type !== 'MemberExpression' && node.type !== 'OptionalMemberExpression') return undefined;
  if (!node.computed) return node.property.type === 'Identifier' ? node.property.name : undefined;
  return stringOf(node.property);
}

/** The name of an object key (`a`, `'a'`, `['a']`); undefined for a key computed from a variable. */
export function keyName(
  node: t.ObjectProperty | t.ObjectMethod | t.ClassProperty | t.TSPropertySignature,
): string | undefined {
  const key = node.key;
  if (!node.computed && key.type === 'Identifier') return key.name;
  return stringOf(key);
}

/** Source text of a node, on one line, cut at 60 characters. */
export function codeOf(text: string, node: t.Node): string {
  const code = text.slice(node.start ?? 0, node.end ?? 0).replace(/\s+/g, ' ');
  return code.length > 60 ? `${code.slice(0, 57)}...` : code;
}

/** Is `node` a call `require('x')` or `import('x')` (awaited or not) of one of `modules`? */
export function loads(node: t.Node, modules: readonly string[]): boolean {
  const expr = unwrap(node.type === 'AwaitExpression' ? node.argument : node);
  if (expr.type === 'ImportExpression') return modules.includes(stringOf(expr.source) ?? '');
  if (expr.type !== 'CallExpression') return false;
  const callee = expr.callee;
  const arg = expr.arguments[0];
  const isLoader = callee.type === 'Import' || (callee.type === 'Identifier' && callee.name === 'require');
  return isLoader && arg !== undefined && modules.includes(stringOf(arg) ?? '');
}
