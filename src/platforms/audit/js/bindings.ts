/**
 * What names a file gives OpenTok.js and its `initSession`: `import`, `require`, `import()`,
 * `window.OT`, aliases, parameters and fields typed `typeof OT`, destructuring, saved references.
 * Read to a fixed point, so an alias of an alias counts.
 */
import { keyName, loads, memberName, stringOf, unwrap, walk, type t } from './ast.js';

/** The npm names of OpenTok.js. */
export const SDK_PACKAGES: readonly string[] = ['@vonage/client-sdk-video', '@opentok/client'];
/** Where `OTSession` comes from, and the platform it means. */
const COMPONENT_PACKAGES: Record<string, 'web' | 'react-native'> = {
  'opentok-react': 'web',
  '@opentok/react': 'web',
  'opentok-react-native': 'react-native',
  '@vonage/client-sdk-video-react-native': 'react-native',
};
const GLOBALS = new Set(['window', 'globalThis', 'self', 'global']);

/** The names one file binds. */
export interface Bindings {
  /** Identifiers bound to the OpenTok.js object (`OT` always). */
  ot: Set<string>;
  /** Property names holding it (`this.OTInstance`, a field typed `typeof OT`). */
  otFields: Set<string>;
  /** Identifiers bound to its `initSession`. */
  init: Set<string>;
  /** Property names holding its `initSession` (`this.start = OT.initSession`). */
  initFields: Set<string>;
  /** Places a reference to `initSession` is kept (reported as bypasses). */
  references: t.Node[];
  /** Local names of `OTSession`, with the platform of the package it comes from. */
  components: Map<string, 'web' | 'react-native'>;
  /** Every call, `new` and JSX element, in source order (read in the same walk). */
  sites: t.Node[];
}

/** Does `node` denote the OpenTok.js object? */
export function isOT(node: t.Node, bindings: Bindings): boolean {
  const expr = unwrap(node);
  if (expr.type === 'Identifier') return bindings.ot.has(expr.name);
  if (expr.type === 'MemberExpression' || expr.type === 'OptionalMemberExpression') {
    const name = memberName(expr);
    const object = unwrap(expr.object);
    if (name === 'OT' && object.type === 'Identifier' && GLOBALS.has(object.name)) return true;
    if (name === 'default' && isOT(object, bindings)) return true;
    return name !== undefined && bindings.otFields.has(name) && !isOT(object, bindings);
  }
  return loads(expr, SDK_PACKAGES);
}

/** Does `node` denote OpenTok.js's own `initSession` (or a bound copy)? */
export function isInit(node: t.Node, bindings: Bindings): boolean {
  const expr = unwrap(node);
  if (expr.type === 'Identifier') return bindings.init.has(expr.name);
  if (expr.type === 'CallExpression' || expr.type === 'OptionalCallExpression') {
    const callee = unwrap(expr.callee);
    return memberName(callee) === 'bind' && isInit((callee as t.MemberExpression).object, bindings);
  }
  const name = memberName(expr);
  if (name === 'initSession') return isOT((expr as t.MemberExpression).object, bindings);
  return name !== undefined && bindings.initFields.has(name);
}

/** Read the names a program binds. */
export function bindingsOf(program: t.File): Bindings {
  const bindings: Bindings = {
    ot: new Set(['OT']),
    otFields: new Set(),
    init: new Set(),
    initFields: new Set(),
    references: [],
    components: new Map(),
    sites: [],
  };
  const candidates: t.Node[] = [];
  walk(program, (node) => {
    switch (node.type) {
      case 'ImportDeclaration':
        importOf(node, bindings);
        break;
      case 'VariableDeclarator':
      case 'AssignmentExpression':
      case 'ClassProperty':
      case 'TSPropertySignature':
      case 'ObjectProperty':
        candidates.push(node);
        break;
      case 'Identifier':
        if (node.typeAnnotation) candidates.push(node);
        break;
      case 'CallExpression':
        if (memberName(unwrap(node.callee)) === 'then') candidates.push(node);
        bindings.sites.push(node);
        break;
      case 'OptionalCallExpression':
      case 'NewExpression':
      case 'JSXOpeningElement':
        bindings.sites.push(node);
    }
  });
  const imported = [...bindings.references];
  let size = -1;
  while (size !== sizeOf(bindings)) {
    size = sizeOf(bindings);
    bindings.references = [...imported];
    for (const node of candidates) bind(node, bindings);
  }
  return bindings;
}

const sizeOf = (bindings: Bindings): number =>
  bindings.ot.size + bindings.otFields.size + bindings.init.size + bindings.initFields.size;

function importOf(node: t.ImportDeclaration, bindings: Bindings): void {
  const from = node.source.value;
  const component = COMPONENT_PACKAGES[from];
  for (const spec of node.specifiers) {
    const imported =
      spec.type === 'ImportSpecifier' ? (stringOf(spec.imported) ?? (spec.imported as t.Identifier).name) : 'default';
    if (component && imported === 'OTSession') bindings.components.set(spec.local.name, component);
    if (!SDK_PACKAGES.includes(from)) continue;
    if (imported === 'initSession') {
      bindings.init.add(spec.local.name);
      bindings.references.push(spec);
    } else if (imported === 'default' || spec.type === 'ImportNamespaceSpecifier') bindings.ot.add(spec.local.name);
  }
}

/** A pattern that takes names out of OpenTok.js: `{ initSession, default: OT2 }`, or a plain name. */
function destructure(pattern: t.Node, bindings: Bindings): void {
  if (pattern.type === 'Identifier') bindings.ot.add(pattern.name);
  if (pattern.type !== 'ObjectPattern') return;
  for (const prop of pattern.properties) {
    if (prop.type !== 'ObjectProperty' || prop.value.type !== 'Identifier') continue;
    const key = keyName(prop);
    if (key === 'initSession') {
      bindings.init.add(prop.value.name);
      bindings.references.push(prop);
    } else if (key === 'default' || key === 'OT') bindings.ot.add(prop.value.name);
  }
}

/** `typeof OT` (or `typeof window.OT`, or of an alias). */
function typedOT(annotation: t.Node | null | undefined, bindings: Bindings): boolean {
  if (!annotation) return false;
  const type = annotation.type === 'TSTypeAnnotation' ? annotation.typeAnnotation : annotation;
  if (type.type !== 'TSTypeQuery') return false;
  const name = type.exprName;
  if (name.type === 'Identifier') return bindings.ot.has(name.name);
  return name.type === 'TSQualifiedName' && name.right.name === 'OT';
}

function bind(node: t.Node, bindings: Bindings): void {
  if (node.type === 'VariableDeclarator' && node.init) {
    if (node.id.type === 'ObjectPattern' && (isOT(node.init, bindings) || isGlobal(node.init)))
      destructure(node.id, bindings);
    else if (node.id.type === 'Identifier') assign(node.id, node.init, node, bindings);
  } else if (node.type === 'AssignmentExpression' && node.operator === '=') {
    assign(node.left, node.right, node, bindings);
  } else if (node.type === 'ClassProperty' || node.type === 'TSPropertySignature') {
    const name = keyName(node);
    if (name === undefined) return;
    if (typedOT(node.typeAnnotation, bindings)) bindings.otFields.add(name);
    if (node.type === 'ClassProperty' && node.value) assign({ field: name }, node.value, node, bindings);
  } else if (node.type === 'ObjectProperty') {
    // { start: OT.initSession }: stored in a property (a pattern's properties are not values).
    const name = keyName(node);
    if (name !== undefined && node.value.type !== 'Identifier' && !isPattern(node.value))
      assign({ field: name }, node.value, node, bindings);
  } else if (node.type === 'Identifier' && typedOT(node.typeAnnotation, bindings)) {
    bindings.ot.add(node.name);
  } else if (node.type === 'CallExpression') {
    // import('@vonage/client-sdk-video').then((OT) => ...) and .then(({ initSession }) => ...)
    const callee = unwrap(node.callee);
    const fn = node.arguments[0];
    if (memberName(callee) !== 'then' || !loads((callee as t.MemberExpression).object, SDK_PACKAGES)) return;
    if ((fn?.type === 'ArrowFunctionExpression' || fn?.type === 'FunctionExpression') && fn.params[0])
      destructure(fn.params[0], bindings);
  }
}

const isPattern = (node: t.Node): boolean =>
  node.type === 'ObjectPattern' || node.type === 'ArrayPattern' || node.type === 'AssignmentPattern';

const isGlobal = (node: t.Node): boolean => {
  const expr = unwrap(node);
  return expr.type === 'Identifier' && GLOBALS.has(expr.name);
};

/** `left = right`: an alias of OT, or a saved `initSession`. */
function assign(left: t.Node | { field: string }, right: t.Node, at: t.Node, bindings: Bindings): void {
  const target = 'field' in left ? left.field : left.type === 'Identifier' ? left.name : memberName(left);
  if (target === undefined) return;
  const isField = 'field' in left || left.type !== 'Identifier';
  if (isOT(right, bindings)) (isField ? bindings.otFields : bindings.ot).add(target);
  else if (isInit(right, bindings)) {
    (isField ? bindings.initFields : bindings.init).add(target);
    bindings.references.push(at);
  }
}
