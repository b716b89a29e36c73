import { processIo, type CliIo, type Command } from './io.js';

/** Each command lives in `./commands/<name>.ts` and exports `run: Command`. Loaded on demand. */
const COMMANDS: Record<string, () => Promise<{ run: Command; summary: string }>> = {};

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
