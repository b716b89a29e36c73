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
export function isOT(node: t.Node, b: Bindings): boolean {
  const n = unwrap(node);
  if (n.type === 'Identifier') return b.ot.has(n.name);
  if (n.type === 'MemberExpression' || n.type === 'OptionalMemberExpression') {
    const name = memberName(n);
    const object = unwrap(n.object);
    if (name === 'OT' && object.type === 'Identifier' && GLOBALS.has(object.name)) return true;
    if (name === 'default' && isOT(object, b)) return true;
    return name !== undefined && b.otFields.has(name) && !isOT(object, b);
  }
  return loads(n, SDK_PACKAGES);
}

/** Does `node` denote OpenTok.js's own `initSession` (or a bound copy)? */
export function isInit(node: t.Node, b: Bindings): boolean {
  const n = unwrap(node);
  if (n.type === 'Identifier') return b.init.has(n.name);
  if (n.type === 'CallExpression' || n.type === 'OptionalCallExpression') {
    const callee = unwrap(n.callee);
    return memberName(callee) === 'bind' && isInit((callee as t.MemberExpression).object, b);
  }
  const name = memberName(n);
  if (name === 'initSession') return isOT((n as t.MemberExpression).object, b);
  return name !== undefined && b.initFields.has(name);
}

/** Read the names a program binds. */
export function bindingsOf(program: t.File): Bindings {
  const b: Bindings = {
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
        importOf(node, b);
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
        b.sites.push(node);
        break;
      case 'OptionalCallExpression':
      case 'NewExpression':
      case 'JSXOpeningElement':
        b.sites.push(node);
    }
  });
  const imported = [...b.references];
  let size = -1;
  while (size !== sizeOf(b)) {
    size = sizeOf(b);
    b.references = [...imported];
    for (const node of candidates) bind(node, b);
  }
  return b;
}

const sizeOf = (b: Bindings): number => b.ot.size + b.otFields.size + b.init.size + b.initFields.size;

function importOf(node: t.ImportDeclaration, b: Bindings): void {
  const from = node.source.value;
  const component = COMPONENT_PACKAGES[from];
  for (const spec of node.specifiers) {
    const imported =
      spec.type === 'ImportSpecifier' ? (stringOf(spec.imported) ?? (spec.imported as t.Identifier).name) : 'default';
    if (component && imported === 'OTSession') b.components.set(spec.local.name, component);
    if (!SDK_PACKAGES.includes(from)) continue;
    if (imported === 'initSession') {
      b.init.add(spec.local.name);
      b.references.push(spec);
    } else if (imported === 'default' || spec.type === 'ImportNamespaceSpecifier') b.ot.add(spec.local.name);
  }
}

/** A pattern that takes names out of OpenTok.js: `{ initSession, default: OT2 }`, or a plain name. */
function destructure(pattern: t.Node, b: Bindings): void {
  if (pattern.type === 'Identifier') b.ot.add(pattern.name);
  if (pattern.type !== 'ObjectPattern') return;
  for (const prop of pattern.properties) {
    if (prop.type !== 'ObjectProperty' || prop.value.type !== 'Identifier') continue;
    const key = keyName(prop);
    if (key === 'initSession') {
      b.init.add(prop.value.name);
      b.references.push(prop);
    } else if (key === 'default' || key === 'OT') b.ot.add(prop.value.name);
  }
}

/** `typeof OT` (or `typeof window.OT`, or of an alias). */
function typedOT(annotation: t.Node | null | undefined, b: Bindings): boolean {
  if (!annotation) return false;
  const type = annotation.type === 'TSTypeAnnotation' ? annotation.typeAnnotation : annotation;
  if (type.type !== 'TSTypeQuery') return false;
  const name = type.exprName;
  if (name.type === 'Identifier') return b.ot.has(name.name);
  return name.type === 'TSQualifiedName' && name.right.name === 'OT';
}

function bind(node: t.Node, b: Bindings): void {
  if (node.type === 'VariableDeclarator' && node.init) {
    if (node.id.type === 'ObjectPattern' && (isOT(node.init, b) || isGlobal(node.init))) destructure(node.id, b);
    else if (node.id.type === 'Identifier') assign(node.id, node.init, node, b);
  } else if (node.type === 'AssignmentExpression' && node.operator === '=') {
    assign(node.left, node.right, node, b);
  } else if (node.type === 'ClassProperty' || node.type === 'TSPropertySignature') {
    const name = keyName(node);
    if (name === undefined) return;
    if (typedOT(node.typeAnnotation, b)) b.otFields.add(name);
    if (node.type === 'ClassProperty' && node.value) assign({ field: name }, node.value, node, b);
  } else if (node.type === 'ObjectProperty') {
    // { start: OT.initSession }: stored in a property (a pattern's properties are not values).
    const name = keyName(node);
    if (name !== undefined && node.value.type !== 'Identifier' && !isPattern(node.value))
      assign({ field: name }, node.value, node, b);
  } else if (node.type === 'Identifier' && typedOT(node.typeAnnotation, b)) {
    b.ot.add(node.name);
  } else if (node.type === 'CallExpression') {
    // import('@vonage/client-sdk-video').then((OT) => ...) and .then(({ initSession }) => ...)
    const callee = unwrap(node.callee);
    const fn = node.arguments[0];
    if (memberName(callee) !== 'then' || !loads((callee as t.MemberExpression).object, SDK_PACKAGES)) return;
    if ((fn?.type === 'ArrowFunctionExpression' || fn?.type === 'FunctionExpression') && fn.params[0])
      destructure(fn.params[0], b);
  }
}

const isPattern = (node: t.Node): boolean =>
  node.type === 'ObjectPattern' || node.type === 'ArrayPattern' || node.type === 'AssignmentPattern';

const isGlobal = (node: t.Node): boolean => {
  const n = unwrap(node);
  return n.type === 'Identifier' && GLOBALS.has(n.name);
};

/** `left = right`: an alias of OT, or a saved `initSession`. */
function assign(left: t.Node | { field: string }, right: t.Node, at: t.Node, b: Bindings): void {
  const target = 'field' in left ? left.field : left.type === 'Identifier' ? left.name : memberName(left);
  if (target === undefined) return;
  const isField = 'field' in left || left.type !== 'Identifier';
  if (isOT(right, b)) (isField ? b.otFields : b.ot).add(target);
  else if (isInit(right, b)) {
    (isField ? b.initFields : b.init).add(target);
    b.references.push(at);
  }
}
