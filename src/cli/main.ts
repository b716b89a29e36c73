import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { processIo, type CliIo, type Command } from './io.js';
import { nearest } from './nearest.js';

/** A command module: `./commands/<name>.ts` exports `run` and a one-line `summary`. */
interface CommandModule {
  run: Command;
  summary: string;
}

/** Each command, loaded on demand (so `snippet` does not load the preflight transports). */
const COMMANDS: Record<string, () => Promise<CommandModule>> = {
  preflight: () => import('./commands/preflight.js'),
  check: () => import('./commands/check.js'),
  diff: () => import('./commands/diff.js'),
  export: () => import('./commands/export.js'),
  snippet: () => import('./commands/snippet.js'),
  audit: () => import('./commands/audit.js'),
  convert: () => import('./commands/convert.js'),
};

const PACKAGE_NAME = 'vonage-video-allowlist';

/**
 * This package's version, from the nearest `package.json` named `vonage-video-allowlist` above
 * this module (`dist/cli.js` and `src/cli/main.ts` both find the package root).
 */
export function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === PACKAGE_NAME && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // no package.json here: keep going up
    }
    const parent = dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}

async function usage(): Promise<string> {
  const names = Object.keys(COMMANDS);
  const width = Math.max(...names.map((n) => n.length));
  const lines = await Promise.all(names.map(async (n) => `  ${n.padEnd(width)}  ${(await COMMANDS[n]!()).summary}`));
  return `Usage: video-allowlist <command> [options]

Commands:
${lines.join('\n')}

Options:
  -h, --help     this help (video-allowlist <command> --help for a command's options)
  --version      print the version

Every command takes --help, and all but convert --json; colour only on a terminal and never with NO_COLOR set.
Exit status: 0 ok, 1 something found or failed, 2 bad usage, 130 interrupted (Ctrl-C).
`;
}

/**
 * Run the CLI with `argv` (without `node` and the script) against `io`; resolves to the exit code.
 * Tests call this with a captured {@link CliIo}. `signal` (Ctrl-C in the binary) lets a long command
 * stop early and still print what it has.
 */
export async function main(argv: string[], io: CliIo = processIo(), signal?: AbortSignal): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr(await usage());
    return 2;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(await usage());
    return 0;
  }
  if (name === '--version') {
    io.stdout(`${packageVersion()}\n`);
    return 0;
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    const names = Object.keys(COMMANDS);
    const guess = name.startsWith('-') ? nearest(name.replace(/^--?/, ''), ['help', 'version']) : nearest(name, names);
    const what = name.startsWith('-') ? `Unknown option "${name}"` : `Unknown command "${name}"`;
    const mean = guess === null ? '' : ` Did you mean ${name.startsWith('-') ? `--${guess}` : guess}?`;
    io.stderr(`video-allowlist: ${what}.${mean} Commands: ${names.join(', ')}. Run video-allowlist --help.\n`);
    return 2;
  }
  const { run } = await load();
  return run(rest, io, signal);
}
