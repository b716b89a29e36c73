/** iOS rules: Swift `OTSession(...)` and Objective-C `[[OTSession alloc] initWithApiKey:...]`. */
import { escapeRegExp, matchBracket } from '../scan.js';
import { alsoSet, callArgs, END, otherSetting, rule, word, type TextRule } from '../text.js';
import { fails, unsure, type Verdict } from '../types.js';

/** The `settings:` argument of a Swift call or an Objective-C message, judged by `isSet`. */
function judgeSettings(stripped: string, message: string, yes: string): Verdict {
  const settings = /(?<![\w])settings\s*:\s*(\{|[\w.]+)/.exec(message);
  if (!settings)
    return fails(
      `OTSession is created without settings:, so ipWhitelist is ${yes === 'YES' ? 'NO' : 'false'}. Pass an OTSessionSettings with ipWhitelist = ${yes}.`,
    );
  if (settings[1] === '{')
    return unsure(
      "OTSession's settings: come from a closure, which the audit cannot check: build the OTSessionSettings in a variable and set its ipWhitelist = true.",
    );
  const name = settings[1]!.split('.').pop()!;
  if (name === 'nil' || name === 'NULL')
    return fails(`OTSession is created with settings: ${name}, so ipWhitelist is ${yes === 'YES' ? 'NO' : 'false'}.`);
  const namePattern = escapeRegExp(name);
  const set = new RegExp(
    `(?:(?<![\\w])${namePattern}\\s*\\.\\s*ipWhitelist\\s*=\\s*(?:YES|true)${END})|(?:\\[\\s*${namePattern}\\s+setIpWhitelist\\s*:\\s*(?:YES|true)\\s*\\])`,
  );
  if (!set.test(stripped))
    return fails(`OTSession's settings \`${settings[1]}\` never get ipWhitelist = ${yes} in this file.`);
  const other =
    otherSetting(
      stripped,
      new RegExp(`${word(name)}\\s*\\.\\s*ipWhitelist\\s*=(?!=)\\s*([^;,)}\\n]*)`, 'g'),
      /^(?:YES|true)$/,
    ) ??
    otherSetting(
      stripped,
      new RegExp(`\\[\\s*${namePattern}\\s+setIpWhitelist\\s*:\\s*([^\\]]*)\\]`, 'g'),
      /^(?:YES|true)$/,
    );
  return other ? alsoSet(`OTSession's settings \`${settings[1]}\``, other) : null;
}

/** The iOS rules. */
export const IOS_RULES: readonly TextRule[] = [
  /* @__PURE__ */ rule('ios', ['.swift'], {
    id: 'ios-swift-otsession',
    looksFor: '`OTSession(` and `OTSession.init(`',
    passes: '`settings: x` where the file sets `x.ipWhitelist = true` and never another value',
    pattern: /(?<![\w.])OTSession\s*(?:\.\s*init\s*)?\(/g,
    check(s, m) {
      const call = callArgs(s, m.index + m[0].length);
      if (!call) return unsure('OTSession( is never closed; the audit cannot read its arguments.');
      return judgeSettings(s, call.args, 'true');
    },
    language: () => 'swift',
  }),
  /* @__PURE__ */ rule('ios', ['.m', '.mm'], {
    id: 'ios-objc-otsession',
    looksFor: '`[[OTSession alloc] initWithApiKey:` and `[OTSession.alloc initWithApiKey:`',
    passes:
      '`settings:x` where the file sets `x.ipWhitelist = YES` or `[x setIpWhitelist:YES]` and never another value',
    pattern: /\[\s*(?:\[\s*OTSession\s+alloc\s*\]|OTSession\s*\.\s*alloc)\s*initWithApiKey\s*:/g,
    check(s, m) {
      const close = matchBracket(s, m.index);
      if (close === -1) return unsure('[[OTSession alloc] initWithApiKey: is never closed.');
      return judgeSettings(s, s.slice(m.index, close + 1), 'YES');
    },
    language: () => 'objc',
  }),
];
