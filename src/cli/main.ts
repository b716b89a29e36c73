import { processIo, type CliIo, type Command } from './io.js';

/** Each command lives in `./commands/<name>.ts` and exports `run: Command`. Loaded on demand. */
const COMMANDS: Record<string, () => Promise<{ run: Command; summary: string }>> = {
  preflight: () => import('./commands/preflight.js'),
  check: () => import('./commands/check.js'),
  diff: () => import('./commands/diff.js'),
  export: () => import('./commands/export.js'),
  snippet: () => import('./commands/snippet.js'),
  audit: () => import('./commands/audit.js'),
};

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  const load = name ? COMMANDS[name] : undefined;
  if (!load) {
    const list = Object.keys(COMMANDS).join(', ') || '(none yet)';
    (name && name !== '--help' && name !== '-h' ? io.stderr : io.stdout)(
      `${name && name !== '--help' && name !== '-h' ? `Unknown command "${name}". ` : ''}Usage: video-allowlist <command> [options]\nCommands: ${list}\n`,
    );
    return name && name !== '--help' && name !== '-h' ? 2 : 0;
  }
  const { run } = await load();
  return run(rest, io);
}
