/** Keeping secrets out of reports: URLs without credentials, and known secrets starred. */
const SECRET_PARAM = /token|auth|credential|password|secret|sig|key/i;

/**
 * A URL for a report: no user info, secret-looking query values replaced by `***`. A TURN URL
 * (`turn:user:password@host`, an opaque URL whose user info the URL parser does not see) loses it too.
 */
export function redactUrl(value: string): string {
  value = value.replace(/^(\s*turns?:(?:\/\/)?)[^@]*@/i, '$1');
  try {
    const url = new URL(value);
    url.username = '';
    url.password = '';
    for (const key of [...url.searchParams.keys()]) if (SECRET_PARAM.test(key)) url.searchParams.set(key, '***');
    return url.toString(); // '***' stays as is: the query serializer leaves '*' unescaped
  } catch {
    // Not a URL: still cut the user info and star the secret-looking query values.
    return value
      .replace(/\/\/[^/@]*@/, '//')
      .replace(/([?&])([^=&#]*)=([^&#]*)/g, (all, sep: string, key: string) =>
        SECRET_PARAM.test(key) ? `${sep}${key}=***` : all,
      );
  }
}

/**
 * Words of the report itself (categories, transports, statuses, codes, URL schemes, field names, the
 * table's headings). A secret equal to one of them (a TURN user named `turn`) cannot be hidden by
 * starring it: that would only corrupt the report (`"category": "***"`, `***:host:3478`).
 */
// A regular expression literal, not a Set: a module-level Set is a side effect that kept this module
// in bundles that only import initSession (test/build/tree-shake). Words under 4 characters (api,
// wss, udp, tcp, tls, ok, dns, ip, via) are left out: the redactor never takes one as a secret.
const REPORT_WORDS =
  /^(messaging|turns?|media|logging|stun|https?|pass|fail|skip|timeout|refused|reset|http-status|ws-closed|turn-unauthorized|unreachable|outside-allowlist|aborted|unsupported|not-configured|bad-response|error|category|target|transport|status|code|latencyms|addresses|hint|detail|timings|allowed|block|startedat|durationms|checks|dnsms|connectms|tlsms|firstbytems|totalms|check|latency|address|none)$/i;

/**
 * Replaces each secret (4 characters or more) in text with `***`: long ones anywhere, short ones as
 * whole words. A secret that is a word of the report itself is left alone (see REPORT_WORDS).
 */
export function redactor(secrets: Array<string | undefined>): (text: string) => string {
  const list = [
    ...new Set(
      secrets.filter(
        (secret): secret is string => typeof secret === 'string' && secret.length >= 4 && !REPORT_WORDS.test(secret),
      ),
    ),
  ].sort((a, b) => b.length - a.length);
  if (list.length === 0) return (t) => t;
  // Each secret and its URL-encoded form (a token in a query string or path). A long secret goes
  // wherever it appears; a short one (a TURN user name such as `preflight`) only as a whole word,
  // so that ordinary words in a hint ("run the Node preflight") are not starred out.
  const pattern = list
    .flatMap((secret) => [secret, encodeURIComponent(secret)])
    .map((secret) => {
      const escaped = secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      return secret.length >= WHOLE_WORD_BELOW ? escaped : `(?<![A-Za-z0-9])${escaped}(?![A-Za-z0-9])`;
    });
  const anySecret = new RegExp(pattern.join('|'), 'g');
  return (text) => text.replace(anySecret, '***');
}

/** Secrets shorter than this are redacted only as whole words. */
const WHOLE_WORD_BELOW = 16;
