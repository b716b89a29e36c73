/** Linux rules (C, C++): `otc_session_new(...)` and `otc_session_new_with_settings(...)`. */
import { escapeRegExp, splitArgs } from '../scan.js';
import { alsoSet, callArgs, otherSetting, rule, type TextRule } from '../text.js';
import { fails, unsure } from '../types.js';

const C_EXT = ['.c', '.h', '.cc', '.cpp', '.cxx', '.hpp', '.hh'] as const;

/** The Linux rules. */
export const LINUX_RULES: readonly TextRule[] = [
  /* @__PURE__ */ rule('linux', C_EXT, {
    id: 'linux-otc-session-new',
    looksFor: '`otc_session_new(`',
    passes: 'never: it takes no settings; use `otc_session_new_with_settings`',
    pattern: /(?<![\w$])otc_session_new\s*\(/g,
    check: () =>
      fails(
        'otc_session_new() takes no settings, so the session never uses the allowed IP list. Use otc_session_new_with_settings() with otc_session_settings_set_ip_whitelist(settings, OTC_TRUE).',
      ),
  }),
  /* @__PURE__ */ rule('linux', C_EXT, {
    id: 'linux-otc-session-settings',
    looksFor: '`otc_session_new_with_settings(`',
    passes:
      'settings `x` where the file calls `otc_session_settings_set_ip_whitelist(x, OTC_TRUE)` and never with another value',
    pattern: /(?<![\w$])otc_session_new_with_settings\s*\(/g,
    check(s, m) {
      const call = callArgs(s, m.index + m[0].length);
      if (!call) return unsure('otc_session_new_with_settings( is never closed.');
      const arg = splitArgs(call.args)[3];
      const name = arg === undefined ? undefined : /^&?\s*([\w]+)$/.exec(arg)?.[1];
      if (!name)
        return arg === undefined
          ? fails("otc_session_new_with_settings()'s settings argument is missing.")
          : unsure(`otc_session_new_with_settings()'s settings argument \`${arg}\` cannot be checked.`);
      if (name === 'NULL' || name === 'nullptr')
        return fails(`otc_session_new_with_settings() is given ${name} settings, so ipWhitelist is off.`);
      const namePattern = escapeRegExp(name);
      if (
        !new RegExp(
          `otc_session_settings_set_ip_whitelist\\s*\\(\\s*${namePattern}\\s*,\\s*(?:OTC_TRUE|true|1)\\s*\\)`,
        ).test(s)
      )
        return fails(
          `The settings \`${name}\` never get otc_session_settings_set_ip_whitelist(${name}, OTC_TRUE) in this file.`,
        );
      const other = otherSetting(
        s,
        new RegExp(`otc_session_settings_set_ip_whitelist\\s*\\(\\s*${namePattern}\\s*,\\s*([^)]*?)\\s*\\)`, 'g'),
        /^(?:OTC_TRUE|true|1)$/,
      );
      return other ? alsoSet(`The settings \`${name}\``, other) : null;
    },
  }),
];
