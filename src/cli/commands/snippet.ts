import { colorEnabled, styles, type Command } from '../io.js';
import { UsageError, guarded, parseFlags } from '../args.js';
import { describeError, errorPath } from '../errors.js';
import { PLATFORMS } from '../../platforms/data.js';
import { PlatformError } from '../../platforms/errors.js';
import { platformFacts, platformSnippet, snippet } from '../../platforms/snippet.js';

/** One line for `video-allowlist --help`. */
export const summary =
  'print the exact code that turns the allowed IP list on for one platform (js, react-native, ios, android, windows, linux)';

const languages = PLATFORMS.filter((p) => p.snippets.length > 1)
  .map((p) => `${p.id}: ${p.snippets.map((s, i) => (i === 0 ? `${s.language} (default)` : s.language)).join(', ')}`)
  .join('; ');

const USAGE = `Usage: video-allowlist snippet --platform ID [--language LANG] [--json]

Prints the code that creates a Vonage Video session with the allowed IP list turned on,
headed by a comment naming the minimum SDK version.

  --platform ID       ${PLATFORMS.map((p) => p.id).join(', ')}
  --language LANG     ${languages}
  --json              print { platform, language, minimumVersion, option, code } as JSON
  -h, --help          this help

Exit status: 0 printed, 2 bad usage.
`;

/** The flag behind each input of the snippet functions. */
const FLAGS = { platform: '--platform', id: '--platform', language: '--language' } as const;

/** `video-allowlist snippet`: see USAGE for flags and exit codes. */
export const run: Command = (argv, io) =>
  guarded('snippet', io, async () => {
    const { values, positionals } = parseFlags(argv, {
      platform: { type: 'string', short: 'p' },
      language: { type: 'string', short: 'l' },
      json: { type: 'boolean' },
    });
    if (values.help) {
      io.stdout(USAGE);
      return 0;
    }
    if (positionals.length > 0)
      throw new UsageError(
        [
          `unexpected argument ${JSON.stringify(positionals[0])}: snippet takes no positional arguments (--platform ID)`,
        ],
        true,
      );
    if (values.platform === undefined)
      throw new UsageError([`--platform is required (${PLATFORMS.map((p) => p.id).join(', ')})`], true);
    const options = values.language === undefined ? {} : { language: values.language };
    let code: string;
    let language: string;
    try {
      code = snippet(values.platform, options);
      language = platformSnippet(values.platform, options).language;
    } catch (err) {
      if (!(err instanceof PlatformError)) throw err;
      // Until PlatformError carries a path, its code says which flag was refused.
      const own = errorPath(err);
      const path = own.length > 0 ? own : [err.code === 'unknown-platform' ? 'platform' : 'language'];
      throw new UsageError(describeError(err, { options: FLAGS }, path));
    }
    const facts = platformFacts(values.platform);
    if (values.json) {
      io.stdout(
        `${JSON.stringify({ platform: facts.id, language, minimumVersion: facts.minimumVersion, option: facts.option, code }, null, 2)}\n`,
      );
      return 0;
    }
    const { dim } = styles(colorEnabled(io));
    const [comment, ...rest] = code.split('\n');
    io.stdout(`${dim(comment!)}\n${rest.join('\n')}`);
    return 0;
  });
