/** What a command may touch: its streams and environment. Tests pass their own. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  /** True when stdout is a terminal (live progress, colour unless NO_COLOR). */
  isTTY: boolean;
}

/** A command: takes its own argv (after the command name), returns the exit code (0 ok, 1 found/failed, 2 usage). */
export type Command = (argv: string[], io: CliIo, signal?: AbortSignal) => Promise<number>;

export function processIo(): CliIo {
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    env: process.env,
    isTTY: Boolean(process.stdout.isTTY),
  };
}
