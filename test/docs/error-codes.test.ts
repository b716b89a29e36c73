/**
 * docs/error-codes.md against the source, both ways: every error class (a subclass of
 * VideoAllowlistError anywhere in src/) with every `code` it can carry, every preflight check code
 * (`CheckReport['code']`) and every other public `code` (warnings) is in the doc, and the doc lists
 * nothing the source no longer has. The codes are read with the TypeScript checker from the declared
 * type of `code` (a literal or a union of literals), or, where that is `string`, from the literal the
 * constructor passes to `super`.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DOC = join(REPO, 'docs/error-codes.md');

/**
 * Codes that more than one row of the Errors table (more than one class) carries today. Issue 13 wants
 * a code per situation, so this list only shrinks: when the option errors get codes of their own,
 * empty it (the test below fails until then, and fails when a new code is shared).
 */
const SHARED_TODAY: string[] = [];

/** `Class code` / `Type code` pairs, sorted, so a difference reads as a list. */
type Pairs = string[];

interface SourceCodes {
  /** `ProbeError timeout`, `AllowlistPolicyError allowlist-session-cached`, ... */
  errors: Pairs;
  /** Error classes whose code could not be read (declared `string` and no literal passed to `super`). */
  unreadable: string[];
  /** Error classes not exported from `src/node.ts` (the widest entry). */
  notExported: string[];
  /** The literals of `CheckReport['code']`. */
  checkCodes: string[];
  /** `AllowlistWarning allowlist-config-url-empty`: other exported types with a literal `code`. */
  others: Pairs;
  /** Type aliases of string literals by name (`ReasonCode` -> its literals), for doc rows that name one. */
  aliases: Map<string, string[]>;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => join(dir, f));
}

function readSource(): SourceCodes {
  const config = ts.readConfigFile(join(REPO, 'tsconfig.json'), (p) => ts.sys.readFile(p));
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, REPO);
  const program = ts.createProgram({
    rootNames: sourceFiles(join(REPO, 'src')),
    options: { ...options, noEmit: true },
  });
  const checker = program.getTypeChecker();
  const srcFiles = program.getSourceFiles().filter((f) => f.fileName.startsWith(join(REPO, 'src') + '/'));

  const literals = (type: ts.Type): string[] | null => {
    const parts = type.isUnion() ? type.types : [type];
    return parts.every((t) => t.isStringLiteral()) ? parts.map((t) => (t as ts.StringLiteralType).value) : null;
  };
  const aliases = new Map<string, string[]>();
  const isBaseError = (t: ts.Type): boolean =>
    t.symbol?.name === 'VideoAllowlistError' &&
    t.symbol.declarations?.some((d) => d.getSourceFile().fileName === join(REPO, 'src/errors.ts')) === true;
  const extendsBase = (t: ts.Type): boolean => {
    for (const b of checker.getBaseTypes(t as ts.InterfaceType)) if (isBaseError(b) || extendsBase(b)) return true;
    return false;
  };

  const node = program.getSourceFile(join(REPO, 'src/node.ts'))!;
  const exported = new Set(checker.getExportsOfModule(checker.getSymbolAtLocation(node)!).map((s) => s.name));

  const errors: Pairs = [];
  const unreadable: string[] = [];
  const notExported: string[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isTypeAliasDeclaration(n)) {
      const l = literals(checker.getTypeAtLocation(n.name));
      if (l) aliases.set(n.name.text, l);
    }
    if (ts.isClassDeclaration(n) && n.name) {
      const type = checker.getTypeAtLocation(n.name);
      if (extendsBase(type)) {
        const name = n.name.text;
        if (!exported.has(name)) notExported.push(name);
        const prop = checker.getPropertyOfType(type, 'code')!;
        // Inherited from the base class, `code` is the whole ErrorCode union: the class's own codes are
        // then the literals its constructor passes to super('code', ...).
        const inherited = prop.declarations?.every((d) => d.getSourceFile().fileName === join(REPO, 'src/errors.ts'));
        let codes = inherited ? null : literals(checker.getTypeOfSymbolAtLocation(prop, n));
        if (!codes) {
          const found: string[] = [];
          const find = (m: ts.Node): void => {
            if (
              ts.isCallExpression(m) &&
              m.expression.kind === ts.SyntaxKind.SuperKeyword &&
              m.arguments[0] &&
              ts.isStringLiteral(m.arguments[0])
            ) {
              found.push(m.arguments[0].text);
            }
            ts.forEachChild(m, find);
          };
          n.members.filter(ts.isConstructorDeclaration).forEach(find);
          codes = found.length ? found : null;
        }
        if (codes) errors.push(...codes.map((c) => `${name} ${c}`));
        else unreadable.push(name);
      }
    }
    ts.forEachChild(n, visit);
  };
  srcFiles.forEach(visit);

  // Exported interfaces and type aliases with a literal `code` property.
  let checkCodes: string[] = [];
  const others: Pairs = [];
  for (const sym of checker.getExportsOfModule(checker.getSymbolAtLocation(node)!)) {
    const target = sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
    if (!(target.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias))) continue;
    const type = checker.getDeclaredTypeOfSymbol(target);
    const prop = type.getProperty?.('code') ?? checker.getPropertyOfType(type, 'code');
    if (!prop) continue;
    const codes = literals(checker.getTypeOfSymbolAtLocation(prop, target.declarations![0]!));
    if (!codes) continue;
    if (sym.name === 'CheckReport') checkCodes = codes;
    else others.push(...codes.map((c) => `${sym.name} ${c}`));
  }
  return {
    errors: errors.sort(),
    unreadable,
    notExported,
    checkCodes: checkCodes.sort(),
    others: others.sort(),
    aliases,
  };
}

/** The rows of the Markdown table(s) under the `## heading` of the doc, as cells. */
function tableRows(doc: string, heading: string): string[][] {
  const section = doc.split(/^## /m).find((s) => s.startsWith(heading));
  if (!section) throw new Error(`docs/error-codes.md has no "## ${heading}" section`);
  return section
    .split('\n')
    .filter((l) => l.startsWith('|') && !/^\|\s*-/.test(l))
    .slice(1) // the header row
    .map((l) =>
      l
        .slice(1, l.endsWith('|') ? -1 : undefined)
        .split('|')
        .map((c) => c.trim()),
    );
}

/** The backticked words of a cell: "`a`, `b`" -> [a, b]. */
const ticks = (cell: string | undefined): string[] => [...(cell ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1]!);

let source: SourceCodes;
let doc: string;
beforeAll(() => {
  source = readSource();
  doc = readFileSync(DOC, 'utf8');
}, 60_000);

describe('docs/error-codes.md', () => {
  it('the source analysis finds the known classes and codes (so the comparisons below can fail)', () => {
    expect(source.errors).toContain('UnsupportedSdkVersionError unsupported-sdk-version');
    expect(source.errors).toContain('AllowlistPolicyError allowlist-session-cached');
    expect(source.errors).toContain('PreflightOptionError invalid-option');
    expect(source.checkCodes).toEqual(expect.arrayContaining(['ok', 'timeout', 'outside-allowlist']));
    expect(source.others).toContain('AllowlistWarning allowlist-config-url-empty');
  });

  it('every error class declares its codes: a literal type of `code`, or a literal passed to super', () => {
    expect(source.unreadable).toEqual([]);
  });

  it('every error class is exported from the package, so callers can test instanceof', () => {
    expect(source.notExported).toEqual([]);
  });

  it('lists every error class with every code it can carry, and none that no longer exists', () => {
    const documented = tableRows(doc, 'Errors').flatMap(([cls, codes]) => {
      const name = ticks(cls)[0] ?? cls!;
      // A code cell may name a type alias of the source (`ReasonCode`): all its literals.
      return ticks(codes)
        .flatMap((c) =>
          source.aliases.has(c) && !source.errors.includes(`${name} ${c}`) ? source.aliases.get(c)! : [c],
        )
        .map((c) => `${name} ${c}`);
    });
    expect([...new Set(documented)].sort()).toEqual(source.errors);
  });

  it('says which input each error is about with `path`, and names an older property only where the class has it', () => {
    // The properties each class declares itself (`readonly input: string`), read from its source.
    const declared = new Map<string, string[]>();
    for (const file of readdirSync(join(REPO, 'src'), { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.ts')) continue;
      for (const [, name, body] of readFileSync(join(REPO, 'src', file), 'utf8').matchAll(
        /export class (\w+) extends \w+ \{([\s\S]*?)\n\}/g,
      )) {
        declared.set(
          name!,
          [...body!.matchAll(/^ {2}readonly (\w+)/gm)].map((found) => found[1]!),
        );
      }
    }
    const faults = tableRows(doc, 'Errors').flatMap(([cls, , meaning]) => {
      const name = ticks(cls)[0]!;
      const legacy = ['argument', 'option', 'field', 'input'].filter((word) => ticks(meaning).includes(word));
      return [
        ...(ticks(meaning).includes('path') ? [] : [`${name}: no \`path\``]),
        ...legacy.filter((word) => !declared.get(name)?.includes(word)).map((word) => `${name}: no \`${word}\``),
      ];
    });
    expect(declared.get('ListEntryError')).toContain('field');
    expect(faults).toEqual([]);
  });

  it('ErrorCode (src/errors.ts) is every code an error class can carry, and no other', () => {
    const carried = [...new Set(source.errors.map((pair) => pair.split(' ')[1]!))].sort();
    expect(carried.length).toBeGreaterThan(10);
    expect([...source.aliases.get('ErrorCode')!].sort()).toEqual(carried);
  });

  it('has one row per code: no code in two rows, except those still shared today', () => {
    const rowsOf = new Map<string, number>();
    for (const [, codes] of tableRows(doc, 'Errors'))
      for (const c of new Set(ticks(codes))) rowsOf.set(c, (rowsOf.get(c) ?? 0) + 1);
    expect([...rowsOf].filter(([, n]) => n > 1).map(([c]) => c)).toEqual(SHARED_TODAY);
  });

  it('lists every preflight check code, and none that no longer exists', () => {
    const documented = tableRows(doc, 'Preflight check codes').map(([code]) => ticks(code)[0] ?? code!);
    expect(documented.sort()).toEqual(source.checkCodes);
  });

  it('lists every other public code (warnings), and none that no longer exists', () => {
    const documented = tableRows(doc, 'Warnings').map(
      ([type, code]) => `${ticks(type)[0] ?? type} ${ticks(code)[0] ?? code}`,
    );
    expect(documented.sort()).toEqual(source.others);
  });

  it('gives the exit status of every command the CLI lists', async () => {
    let help = '';
    await main(['--help'], { stdout: (t) => void (help += t), stderr: () => {}, env: {}, isTTY: false });
    const commands = [...help.matchAll(/^ {2}([a-z][a-z-]*) {2,}\S/gm)].map((m) => m[1]!);
    expect(commands.length).toBeGreaterThan(3);
    const documented = tableRows(doc, 'Command-line exit status').map(([c]) => ticks(c)[0] ?? c!);
    expect(documented.sort()).toEqual(commands.sort());
  });
});
