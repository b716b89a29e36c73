import { parseArgs } from 'node:util';
import { colorEnabled, styles, type Command } from '../io.js';
import { PLATFORMS } from '../../platforms/data.js';
import { PlatformError } from '../../platforms/errors.js';
import { platformFacts, platformSnippet, snippet } from '../../platforms/snippet.js';

/** One line for `video-allowlist --help`. */
export const summary = 'print the exact code that turns the allowed IP list on for one platform (js, react-native, ios, android, windows, linux)';

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

/** `video-allowlist snippet`: see USAGE for flags and exit codes. */
export const run: Command = async (argv, io) => {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        platform: { type: 'string', short: 'p' },
        language: { type: 'string', short: 'l' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    io.stderr(`video-allowlist snippet: ${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (values.platform === undefined) {
    io.stderr(`video-allowlist snippet: --platform is required (${PLATFORMS.map((p) => p.id).join(', ')})\n`);
    return 2;
  }
  const options = values.language === undefined ? {} : { language: values.language };
  let code: string;
  let language: string;
  try {
    code = snippet(values.platform, options);
    language = platformSnippet(values.platform, options).language;
  } catch (err) {
    if (!(err instanceof PlatformError)) throw err;
    io.stderr(`video-allowlist snippet: ${err.code === 'unknown-platform' ? '--platform' : '--language'}: ${err.message}\n`);
    return 2;
  }
  const facts = platformFacts(values.platform);
  if (values.json) {
    io.stdout(`${JSON.stringify({ platform: facts.id, language, minimumVersion: facts.minimumVersion, option: facts.option, code }, null, 2)}\n`);
    return 0;
  }
  const { dim } = styles(colorEnabled(io));
  const [comment, ...rest] = code.split('\n');
  io.stdout(`${dim(comment!)}\n${rest.join('\n')}`);
  return 0;
};
