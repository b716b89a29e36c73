/**
 * Find every session a JS/TS program creates: `initSession` calls under any name, `new OT.Session`,
 * `<OTSession>` and `createElement(OTSession, ...)`, and kept references to `initSession`.
 */
import type { AuditRuleId, Verdict } from '../types.js';
import { unsure } from '../types.js';
import { codeOf, memberName, unwrap, type t } from './ast.js';
import { bindingsOf, isInit, isOT, type Bindings } from './bindings.js';
import { factsOf, judgeOptions, type Facts } from './options.js';

/** One finding of the JS rules, before it gets a place and a fix. */
export interface JsHit {
  rule: AuditRuleId;
  node: t.Node;
  verdict: NonNullable<Verdict>;
}

/** How a message names the options of a call: `The options of ot.initSession()`. */
const optionsOf = (text: string, callee: t.Node): string => `The options of ${codeOf(text, unwrap(callee))}()`;

/** Every JS finding in a parsed program. */
export function jsHits(program: t.File, text: string): JsHit[] {
  const bindings = bindingsOf(program);
  let facts: Facts | undefined;
  const judge = (expr: t.Node | undefined, what: string): Verdict =>
    judgeOptions(expr, what, (facts ??= factsOf(program, text)));
  const hits: JsHit[] = bindings.references.map((node) => reference(node, text));
  const add = (rule: AuditRuleId, node: t.Node, verdict: Verdict): void => {
    if (verdict) hits.push({ rule, node, verdict });
  };
  for (const node of bindings.sites) {
    if (node.type === 'CallExpression' || node.type === 'OptionalCallExpression') {
      add('js-init-session', node, initCall(node, bindings, text, judge));
      for (const arg of node.arguments) if (handedOver(arg, bindings)) hits.push(reference(arg, text));
      const props = createElementProps(node, bindings);
      if (props) add(props.rule, node, judgeProps(props.props, judge));
    } else if (node.type === 'NewExpression') {
      const callee = unwrap(node.callee);
      if (memberName(callee) === 'Session' && isOT((callee as t.MemberExpression).object, bindings))
        hits.push({
          rule: 'js-session-constructor',
          node,
          verdict: {
            verdict: 'fails',
            message:
              'new OT.Session(...) makes a session without initSession and its options, so ipWhitelist is false: use OT.initSession(apiKey, sessionId, { ipWhitelist: true }).',
          },
        });
    } else if (node.type === 'JSXOpeningElement' && node.name.type === 'JSXIdentifier') {
      const rule = componentRule(node.name.name, bindings);
      if (rule) add(rule, node, judgeAttributes(node, text, judge));
    }
  }
  return hits;
}

/** A reference to initSession kept where guard() cannot reach it. */
const reference = (node: t.Node, text: string): JsHit => ({
  rule: 'js-init-session-reference',
  node,
  verdict: {
    verdict: 'bypass',
    message: `\`${codeOf(text, node)}\` keeps OpenTok.js's own initSession, which this library's guard() cannot reach once it is taken: call OT.initSession(...) itself after guard(), or use this library's initSession(OT, apiKey, sessionId).`,
  },
});

/** `f(OT.initSession)`, `f(OT.initSession.bind(OT))`: handed to other code (a name bound to it was reported where it was bound). */
const handedOver = (arg: t.Node, bindings: Bindings): boolean =>
  unwrap(arg).type !== 'Identifier' && isInit(arg, bindings);

type Judge = (expr: t.Node | undefined, what: string) => Verdict;

/** The verdict on a call when it is OpenTok.js's initSession in any spelling; null otherwise. */
function initCall(
  node: t.CallExpression | t.OptionalCallExpression,
  bindings: Bindings,
  text: string,
  judge: Judge,
): Verdict {
  const callee = unwrap(node.callee);
  const args = node.arguments;
  if (isInit(callee, bindings)) return judge(args[2], optionsOf(text, callee));
  const how = memberName(callee);
  const target = (callee as t.MemberExpression).object;
  if ((how === 'call' || how === 'apply') && isInit(target, bindings)) {
    if (how === 'call') return judge(args[3], optionsOf(text, target));
    const list = args[1] && unwrap(args[1]);
    if (list?.type === 'ArrayExpression') return judge(list.elements[2] ?? undefined, optionsOf(text, target));
    return unsure(
      `OT.initSession.apply() takes its arguments from \`${list ? codeOf(text, list) : 'nothing'}\`, which the audit cannot read: call OT.initSession(apiKey, sessionId, { ipWhitelist: true }).`,
    );
  }
  if (how !== 'initSession' || args.length < 2 || (args[0] && isOT(args[0], bindings))) return null;
  // x.initSession(a, b, ...): maybe OpenTok.js under a name the audit cannot follow.
  const verdict = judge(args[2], optionsOf(text, callee));
  if (verdict === null) return null;
  return unsure(
    `\`${codeOf(text, callee)}\` may be OpenTok.js's initSession under a name the audit cannot follow; if it is: ${verdict.message}`,
  );
}

/** The rule for a JSX or `createElement` component name, when it is `OTSession`. */
function componentRule(name: string, bindings: Bindings): AuditRuleId | undefined {
  const from = bindings.components.get(name) ?? (name === 'OTSession' ? 'react-native' : undefined);
  return from === undefined ? undefined : from === 'web' ? 'web-otsession' : 'react-native-otsession';
}

/** `React.createElement(OTSession, props)`, `createElement(...)`, `jsx(...)`: the props and the rule. */
function createElementProps(
  node: t.CallExpression | t.OptionalCallExpression,
  bindings: Bindings,
): { rule: AuditRuleId; props: t.Node | undefined } | undefined {
  const callee = unwrap(node.callee);
  const name = callee.type === 'Identifier' ? callee.name : memberName(callee);
  if (name === undefined || !/^(?:createElement|_?jsxs?|_?jsxDEV)$/.test(name)) return undefined;
  const component = node.arguments[0] && unwrap(node.arguments[0]);
  const rule = component?.type === 'Identifier' ? componentRule(component.name, bindings) : undefined;
  return rule ? { rule, props: node.arguments[1] } : undefined;
}

const OTS = "<OTSession>'s options";

/** Props given as an object: its `options` key, with the same rules as JSX attributes. */
function judgeProps(props: t.Node | undefined, judge: Judge): Verdict {
  const propsExpr = props && unwrap(props);
  if (!propsExpr || (propsExpr.type === 'NullLiteral' && props)) return noOptions();
  if (propsExpr.type !== 'ObjectExpression')
    return unsure("<OTSession>'s props cannot be read: pass options: { ipWhitelist: true } inline.");
  const at = propsExpr.properties.findIndex(
    (p) => p.type === 'ObjectProperty' && !p.computed && p.key.type === 'Identifier' && p.key.name === 'options',
  );
  const spread = propsExpr.properties.slice(at + 1).find((p) => p.type === 'SpreadElement');
  if (spread) return spreadAfter(at !== -1);
  return at === -1 ? noOptions() : judge((propsExpr.properties[at] as t.ObjectProperty).value, OTS);
}

const noOptions = (): Verdict => ({
  verdict: 'fails',
  message: '<OTSession> has no options prop, so ipWhitelist is false. Add options={{ ipWhitelist: true }}.',
});

const spreadAfter = (hasOptions: boolean): Verdict =>
  unsure(
    hasOptions
      ? "<OTSession>'s props are spread after options, which may replace them: the audit cannot check them. Put options={{ ipWhitelist: true }} after the spread."
      : "<OTSession>'s props come from a spread, which the audit cannot read: write options={{ ipWhitelist: true }} after it.",
  );

function judgeAttributes(node: t.JSXOpeningElement, text: string, judge: Judge): Verdict {
  const attrs = node.attributes;
  let at = -1;
  attrs.forEach((a, i) => {
    if (a.type === 'JSXAttribute' && a.name.type === 'JSXIdentifier' && a.name.name === 'options') at = i;
  });
  if (attrs.slice(at + 1).some((a) => a.type === 'JSXSpreadAttribute')) return spreadAfter(at !== -1);
  if (at === -1) return noOptions();
  const value = (attrs[at] as t.JSXAttribute).value;
  if (value?.type !== 'JSXExpressionContainer' || value.expression.type === 'JSXEmptyExpression')
    return unsure(
      `<OTSession>'s options (\`${value ? codeOf(text, value) : 'true'}\`) are not an object: write options={{ ipWhitelist: true }}.`,
    );
  return judge(value.expression, OTS);
}
