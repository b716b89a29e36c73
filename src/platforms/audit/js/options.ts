/**
 * Judge the options of a session call: top-level `ipWhitelist: true`, the last key wins, no spread
 * after it that may set it again, nested keys do not count; a variable is followed to every value
 * the file gives it, and a `delete`, an assignment or an `Object.assign` of the key anywhere in the
 * file cancels a pass.
 */
import { fails, unsure, type Verdict } from '../types.js';
import { codeOf, keyName, memberName, unwrap, walk, type t } from './ast.js';

/** What the file says about each name: the values it is given and the changes to its `ipWhitelist`. */
export interface Facts {
  text: string;
  values: Map<string, t.Node[]>;
  changes: Map<string, { node: t.Node; value?: t.Node }[]>;
}

const push = <T>(map: Map<string, T[]>, key: string, value: T): void => {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
};

/** The name a target is known by: `x` for `x`, `this.x`, `a.b.x`. */
const nameOf = (node: t.Node): string | undefined => {
  const expr = unwrap(node);
  return expr.type === 'Identifier' ? expr.name : memberName(expr);
};

/** Read the values and changes of every name in the file. */
export function factsOf(program: t.File, text: string): Facts {
  const facts: Facts = { text, values: new Map(), changes: new Map() };
  walk(program, (node) => {
    if (node.type === 'VariableDeclarator' && node.init && node.id.type === 'Identifier')
      push(facts.values, node.id.name, node.init);
    else if ((node.type === 'ClassProperty' || node.type === 'ObjectProperty') && node.value) {
      const name = keyName(node);
      if (name !== undefined && node.value.type !== 'Identifier') push(facts.values, name, node.value);
    } else if (node.type === 'AssignmentExpression' && node.operator === '=') {
      const name = nameOf(node.left);
      if (name !== undefined) push(facts.values, name, node.right);
      if (memberName(node.left) === 'ipWhitelist') {
        const owner = nameOf((node.left as t.MemberExpression).object);
        if (owner !== undefined) push(facts.changes, owner, { node, value: node.right });
      }
    } else if (
      node.type === 'UnaryExpression' &&
      node.operator === 'delete' &&
      memberName(node.argument) === 'ipWhitelist'
    ) {
      const owner = nameOf((node.argument as t.MemberExpression).object);
      if (owner !== undefined) push(facts.changes, owner, { node });
    } else if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression') {
      const callee = node.callee;
      const [target, ...sources] = node.arguments;
      const isAssign =
        memberName(callee) === 'assign' &&
        unwrap(callee.object).type === 'Identifier' &&
        (unwrap(callee.object) as t.Identifier).name === 'Object';
      const owner = isAssign && target ? nameOf(target) : undefined;
      if (owner !== undefined) for (const source of sources) push(facts.changes, owner, { node, value: source });
    }
  });
  return facts;
}

const isTrue = (node: t.Node): boolean => {
  const expr = unwrap(node);
  return expr.type === 'BooleanLiteral' && expr.value;
};

/** The verdict on a value given to `ipWhitelist`. */
function judgeValue(value: t.Node | undefined, what: string, facts: Facts): Verdict {
  if (value === undefined)
    return unsure(
      `${what} take ipWhitelist from a variable of the same name, which the audit cannot check: write ipWhitelist: true.`,
    );
  if (isTrue(value)) return null;
  const expr = unwrap(value);
  if (expr.type === 'BooleanLiteral') return fails(`${what} set ipWhitelist: false.`);
  if (expr.type === 'ConditionalExpression' && isTrue(expr.consequent) && isTrue(expr.alternate)) return null;
  const from = expr.type === 'StringLiteral' ? 'a string' : `\`${codeOf(facts.text, expr)}\``;
  return unsure(
    `${what} take ipWhitelist from ${from}, which the audit cannot check: make sure it is true, or write ipWhitelist: true.`,
  );
}

/** Does a spread leave `ipWhitelist` alone (`...(c ? { a } : {})`, a literal with no such key or `true`)? */
function harmlessSpread(arg: t.Node): boolean {
  const expr = unwrap(arg);
  if (expr.type === 'ConditionalExpression') return harmlessSpread(expr.consequent) && harmlessSpread(expr.alternate);
  if (expr.type === 'LogicalExpression') return harmlessSpread(expr.right);
  if (expr.type !== 'ObjectExpression') return false;
  return expr.properties.every(
    (p) =>
      p.type === 'ObjectMethod' ||
      (p.type === 'ObjectProperty' ? keyName(p) !== 'ipWhitelist' || isTrue(p.value) : harmlessSpread(p.argument)),
  );
}

/** Is there an `ipWhitelist` key in an object nested in this one? Its outer key, if so. */
function nestedKey(object: t.ObjectExpression): string | undefined {
  for (const prop of object.properties) {
    if (prop.type !== 'ObjectProperty' || unwrap(prop.value).type !== 'ObjectExpression') continue;
    const inner = unwrap(prop.value) as t.ObjectExpression;
    if (inner.properties.some((q) => q.type === 'ObjectProperty' && keyName(q) === 'ipWhitelist') || nestedKey(inner))
      return keyName(prop) ?? '...';
  }
  return undefined;
}

function judgeObject(object: t.ObjectExpression, what: string, facts: Facts): Verdict {
  let last = -1;
  object.properties.forEach((p, i) => {
    if (p.type === 'ObjectProperty' && keyName(p) === 'ipWhitelist') last = i;
  });
  const spread = object.properties
    .slice(last + 1)
    .find((p) => p.type === 'SpreadElement' && !harmlessSpread(p.argument));
  if (spread) {
    const code = codeOf(facts.text, spread);
    return last === -1
      ? unsure(
          `${what} have no ipWhitelist of their own; the spread \`${code}\` may or may not hold it, which the audit cannot check: write ipWhitelist: true after it.`,
        )
      : unsure(`${what} spread \`${code}\` after ipWhitelist, which may set it again: put ipWhitelist: true last.`);
  }
  if (last !== -1) {
    const prop = object.properties[last] as t.ObjectProperty;
    return judgeValue(prop.shorthand ? undefined : prop.value, what, facts);
  }
  const nested = nestedKey(object);
  if (nested !== undefined)
    return fails(
      `${what} set ipWhitelist inside \`${nested}\`, where the SDK does not read it: put ipWhitelist: true at the top level of the options.`,
    );
  return fails(`${what} have no ipWhitelist: true.`);
}

/**
 * The verdict on an options expression. `what` names it for the message (`The options of
 * OT.initSession()`); `depth` bounds following variables.
 */
export function judgeOptions(expr: t.Node | undefined, what: string, facts: Facts, depth = 0): Verdict {
  if (expr === undefined)
    return fails(
      `${what.replace(/^The options of /, '')} is called without options, so ipWhitelist is false. Pass { ipWhitelist: true }, or use this library's initSession(OT, apiKey, sessionId).`,
    );
  const options = unwrap(expr);
  if (options.type === 'Identifier' && options.name === 'undefined')
    return fails(`${what} are undefined, so ipWhitelist is false: pass { ipWhitelist: true }.`);
  if (options.type === 'NullLiteral')
    return fails(`${what} are null, so ipWhitelist is false: pass { ipWhitelist: true }.`);
  if (options.type === 'ObjectExpression') return judgeObject(options, what, facts);
  if (options.type === 'CallExpression' && /(?:^|\.)withIpWhitelist$/.test(codeOf(facts.text, options.callee)))
    return null;
  if (options.type === 'ConditionalExpression' || options.type === 'LogicalExpression') {
    const [first, second] =
      options.type === 'ConditionalExpression'
        ? [options.consequent, options.alternate]
        : [options.left, options.right];
    return judgeOptions(first, what, facts, depth + 1) ?? judgeOptions(second, what, facts, depth + 1);
  }
  const name = options.type === 'Identifier' ? options.name : memberName(options);
  const code = codeOf(facts.text, options);
  if (name === undefined || depth > 3)
    return unsure(
      `${what} (\`${code}\`) cannot be checked: pass { ipWhitelist: true } inline or wrap them in withIpWhitelist().`,
    );
  const values = (facts.values.get(name) ?? []).filter((v) => v !== expr);
  const changes = facts.changes.get(name) ?? [];
  const setTrue = changes.some((c) => c.node.type === 'AssignmentExpression' && c.value && isTrue(c.value));
  if (values.length === 0 && !setTrue)
    return unsure(
      `${what} come from \`${code}\`, which the audit cannot follow: pass { ipWhitelist: true } inline or wrap them in withIpWhitelist().`,
    );
  for (const value of values) {
    const verdict = judgeOptions(value, `${what} (\`${code}\`)`, facts, depth + 1);
    if (verdict !== null && !(setTrue && /have no ipWhitelist: true/.test(verdict.message))) return verdict;
  }
  return judgeChanges(changes, `${what} (\`${code}\`)`, facts);
}

/** A `delete`, an assignment or an `Object.assign` of ipWhitelist that is not `true` cancels a pass. */
function judgeChanges(changes: { node: t.Node; value?: t.Node }[], what: string, facts: Facts): Verdict {
  for (const change of changes) {
    const code = codeOf(facts.text, change.node);
    if (change.value === undefined) return fails(`${what} lose ipWhitelist in \`${code}\`.`);
    if (change.node.type === 'AssignmentExpression') {
      if (!isTrue(change.value)) return judgeValue(change.value, `${what}, changed by \`${code}\`,`, facts) ?? null;
    } else if (unwrap(change.value).type === 'ObjectExpression' && !harmlessSpread(change.value)) {
      const key = (unwrap(change.value) as t.ObjectExpression).properties
        .slice()
        .reverse()
        .find((p): p is t.ObjectProperty => p.type === 'ObjectProperty' && keyName(p) === 'ipWhitelist');
      if (key) return judgeValue(key.shorthand ? undefined : key.value, `${what}, changed by \`${code}\`,`, facts);
      return unsure(`${what} are changed by \`${code}\`, which may set ipWhitelist again: set ipWhitelist: true last.`);
    } else if (!harmlessSpread(change.value)) {
      return unsure(`${what} are changed by \`${code}\`, which may set ipWhitelist again: set ipWhitelist: true last.`);
    }
  }
  return null;
}
