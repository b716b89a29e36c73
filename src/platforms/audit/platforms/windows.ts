/** Windows rules (C#): `new Session(...)`, `Session s = new(...)` and `Session.Builder(...)`. */
import {
  callArgs,
  END,
  alsoSet,
  assignedName,
  builderChain,
  otherSetting,
  rule,
  startOfNew,
  word,
  type TextRule,
} from '../text.js';
import { fails, unsure } from '../types.js';

/** The Windows rules. */
export const WINDOWS_RULES: readonly TextRule[] = [
  /* @__PURE__ */ rule('windows', ['.cs'], {
    id: 'windows-session',
    looksFor: '`new Session(` and `Session s = new(`',
    passes: 'the named argument `ipWhitelist: true`',
    pattern: /(?<![\w.])(?:new\s+Session|Session\s+[\w]+\s*=\s*new)\s*\(/g,
    check(s, m) {
      const call = callArgs(s, m.index + m[0].length);
      if (!call) return unsure('new Session( is never closed.');
      if (new RegExp(String.raw`(?<![\w])ipWhitelist\s*:\s*true${END}`).test(call.args)) return null;
      return /(?<![\w])ipWhitelist\s*:\s*false(?![\w])/.test(call.args)
        ? fails('new Session(...) passes ipWhitelist: false.')
        : fails(
            'new Session(...) has no named argument ipWhitelist: true (a positional value cannot be checked). Use Session.Builder with IpWhitelist = true.',
          );
    },
  }),
  /* @__PURE__ */ rule('windows', ['.cs'], {
    id: 'windows-session-builder',
    looksFor: '`Session.Builder(`',
    passes:
      '`IpWhitelist = true` in its initializer, or on the variable the builder is assigned to; the file never sets that variable to another value',
    pattern: /(?<![\w$])Session\s*\.\s*Builder\s*\(/g,
    check(s, m) {
      const chain = builderChain(s, m.index + m[0].length, true);
      if (chain === null) return unsure('Session.Builder( is never closed.');
      const name = assignedName(s, startOfNew(s, m.index));
      const other =
        name &&
        otherSetting(s, new RegExp(`${word(name)}\\s*\\.\\s*IpWhitelist\\s*=(?!=)\\s*([^;,)}\\n]*)`, 'g'), /^true$/);
      if (other) return alsoSet('Session.Builder settings', other);
      if (new RegExp(String.raw`(?<![\w])IpWhitelist\s*=\s*true${END}`).test(chain)) return null;
      if (name && new RegExp(`${word(name)}\\s*\\.\\s*IpWhitelist\\s*=\\s*true${END}`).test(s)) return null;
      return /(?<![\w])IpWhitelist\s*=\s*false(?![\w])/.test(chain)
        ? fails('Session.Builder sets IpWhitelist = false.')
        : fails('Session.Builder is built without IpWhitelist = true.');
    },
    at: (s, m) => startOfNew(s, m.index),
  }),
];
