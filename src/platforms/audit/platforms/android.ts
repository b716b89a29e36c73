/** Android rules: `Session.Builder(...)` in Kotlin and Java. */
import { alsoSet, assignedName, builderChain, rule, startOfNew, word, otherSetting, type TextRule } from '../text.js';
import { fails, unsure } from '../types.js';

/** A `setIpWhitelist(...)` call, with or without a receiver (`.apply { setIpWhitelist(true) }`). */
const SET = /(?<![\w$])setIpWhitelist\s*\(\s*([^()]*?)\s*\)/g;

/** The Android rules. */
export const ANDROID_RULES: readonly TextRule[] = [
  /* @__PURE__ */ rule('android', ['.kt', '.kts', '.java'], {
    id: 'android-session-builder',
    looksFor: '`Session.Builder(`',
    passes:
      '`.setIpWhitelist(true)` as the last `setIpWhitelist` call of the builder chain (also inside `.apply { }`), or on the variable the builder is assigned to; the file never sets that variable to another value',
    pattern: /(?<![\w$])Session\s*\.\s*Builder\s*\(/g,
    check(s, m) {
      const chain = builderChain(s, m.index + m[0].length, true);
      if (chain === null) return unsure('Session.Builder( is never closed.');
      // The last setIpWhitelist call of the chain decides.
      const last = [...chain.matchAll(SET)].pop()?.[1];
      const name = assignedName(s, startOfNew(s, m.index));
      const other =
        name &&
        otherSetting(s, new RegExp(`${word(name)}\\s*\\.\\s*setIpWhitelist\\s*\\(\\s*([^()]*?)\\s*\\)`, 'g'), /^true$/);
      if (other) return alsoSet('Session.Builder settings', other);
      if (last === 'true') return null;
      if (name && new RegExp(`${word(name)}\\s*\\.\\s*setIpWhitelist\\s*\\(\\s*true\\s*\\)`).test(s)) return null;
      if (last === 'false') return fails('Session.Builder calls .setIpWhitelist(false).');
      if (last !== undefined)
        return unsure(
          `Session.Builder takes ipWhitelist from \`${last}\`, which the audit cannot check: make sure it is true, or write .setIpWhitelist(true).`,
        );
      return fails('Session.Builder is built without .setIpWhitelist(true).');
    },
    at: (s, m) => startOfNew(s, m.index),
    language: (ext) => (ext === '.java' ? 'java' : 'kotlin'),
  }),
];
