/**
 * Runs the CLI in-process with a captured io: what `main` wrote to stdout and stderr, and its exit code.
 */
import { main } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';

/** What one run of the CLI returned and wrote. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment of a captured run. */
export interface CliRunOptions {
  /** The environment the command sees (default: empty, so `NO_COLOR` and the like are unset). */
  env?: Record<string, string | undefined>;
  /** Whether stdout claims to be a terminal (default false). */
  isTTY?: boolean;
}

/** Runs `video-allowlist ...argv` in-process with a captured io. */
export async function runCli(argv: string[], options: CliRunOptions = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    env: options.env ?? {},
    isTTY: options.isTTY ?? false,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/** A runner for one command: `commandRunner('check')(['1.2.3.4'])` runs `video-allowlist check 1.2.3.4`. */
export function commandRunner(command: string): (args: string[], options?: CliRunOptions) => Promise<CliRun> {
  return (args, options) => runCli([command, ...args], options);
}
