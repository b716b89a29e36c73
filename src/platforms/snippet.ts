import { PLATFORMS, type PlatformFacts, type PlatformId, type PlatformSnippet, type SnippetLanguage } from './data.js';
import { PlatformError } from './errors.js';

/** Options of {@link snippet}. */
export interface SnippetOptions {
  /** Language of the snippet; default the platform's first (`swift` for iOS, `kotlin` for Android). */
  language?: SnippetLanguage | string;
}

/** `String(value)`, or `[object Object]` for an object `String` cannot convert (no prototype). */
function asText(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** Every platform id, in table order. */
export const PLATFORM_IDS: readonly PlatformId[] = /* @__PURE__ */ PLATFORMS.map((p) => p.id);

/**
 * The facts for one platform.
 *
 * @throws {@link PlatformError} `'unknown-platform'` when `id` is not a platform id.
 */
export function platformFacts(id: PlatformId | string): PlatformFacts {
  const facts = PLATFORMS.find((p) => p.id === id);
  if (!facts) {
    const shown = typeof id === 'string' ? JSON.stringify(id) : asText(id);
    throw new PlatformError(
      'unknown-platform',
      asText(id),
      `Unknown platform ${shown}: expected one of ${PLATFORM_IDS.join(', ')}.`,
      { reason: `${shown} is not a platform id`, hint: `Use one of ${PLATFORM_IDS.join(', ')}.` },
    );
  }
  return facts;
}

/**
 * The snippet record (language and bare code) for a platform and language.
 *
 * @throws {@link PlatformError} `'unknown-platform'` or `'unknown-language'` (the message lists the
 * platform's languages).
 */
export function platformSnippet(platform: PlatformId | string, options?: SnippetOptions | null): PlatformSnippet {
  const facts = platformFacts(platform);
  const language = options?.language;
  const found = language === undefined ? facts.snippets[0] : facts.snippets.find((s) => s.language === language);
  if (!found) {
    const langs = facts.snippets.map((s) => s.language).join(', ');
    throw new PlatformError(
      'unknown-language',
      asText(language),
      `No ${facts.id} snippet in ${typeof language === 'string' ? JSON.stringify(language) : asText(language)}: ${facts.id} has ${langs}.`,
      {
        reason: `no ${facts.id} snippet in ${typeof language === 'string' ? JSON.stringify(language) : asText(language)}`,
        hint: `Use one of ${langs}.`,
      },
    );
  }
  return found;
}

/**
 * The exact code that creates a session with the allowed IP list turned on, headed by a comment
 * naming the minimum SDK version. Every language here takes `//` comments.
 *
 * @example
 * ```ts
 * snippet('android', { language: 'java' });
 * // "// Needs Vonage Video Android SDK 2.15.0 or later (Session.Builder.setIpWhitelist(true)).\nSession session = ..."
 * ```
 * @throws {@link PlatformError} `'unknown-platform'` or `'unknown-language'`.
 */
export function snippet(platform: PlatformId | string, options?: SnippetOptions | null): string {
  const facts = platformFacts(platform);
  const { code } = platformSnippet(platform, options);
  return `// Needs ${facts.name} ${facts.minimumVersion} or later (${facts.option}).\n${code}\n`;
}

/** The Markdown fence tag of a snippet language. */
export function fenceTag(language: SnippetLanguage): string {
  return language === 'objc' ? 'objective-c' : language;
}
