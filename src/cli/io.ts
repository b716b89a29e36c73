/** What a command may touch: its streams and environment. Tests pass their own. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  /** True when stdout is a terminal (live progress, colour unless NO_COLOR). */
  isTTY: boolean;
  /** Everything on standard input, for a file given as `-`; absent when there is none to read. */
  stdin?: () => Promise<string>;
}

/** A command: takes its own argv (after the command name), returns the exit code (0 ok, 1 found/failed, 2 usage). */
export type Command = (argv: string[], io: CliIo, signal?: AbortSignal) => Promise<number>;

/**
 * The real streams. When the reader of one goes away (`video-allowlist ... | head`: EPIPE), the rest
 * of that stream's output is dropped and the command ends with its own exit status, instead of an
 * unhandled 'error' event and a stack trace.
 */
export function processIo(): CliIo {
  return {
    stdout: writer(process.stdout),
    stderr: writer(process.stderr),
    env: process.env,
    isTTY: Boolean(process.stdout.isTTY),
    stdin: async () => {
      let text = '';
      process.stdin.setEncoding('utf8');
      for await (const chunk of process.stdin) text += chunk as string;
      return text;
    },
  };
}

function writer(stream: NodeJS.WriteStream): (text: string) => void {
  let gone = false;
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    gone = true;
  });
  return (text) => {
    if (!gone) stream.write(text);
  };
}

/** True when output may be coloured: stdout is a terminal and `NO_COLOR` is unset or empty (https://no-color.org). */
export function colorEnabled(io: CliIo): boolean {
  return io.isTTY && !io.env.NO_COLOR;
}

/** A text style: wraps text in ANSI codes, or returns it unchanged when colour is off. */
export type Style = (text: string) => string;

/** The few styles the commands use; every one is the identity when `color` is false. */
export function styles(color: boolean): {
  bold: Style;
  dim: Style;
  red: Style;
  green: Style;
  yellow: Style;
  cyan: Style;
} {
  const sgr = (open: number, close: number): Style => (color ? (t) => `\x1b[${open}m${t}\x1b[${close}m` : (t) => t);
  return {
    bold: sgr(1, 22),
    dim: sgr(2, 22),
    red: sgr(31, 39),
    green: sgr(32, 39),
    yellow: sgr(33, 39),
    cyan: sgr(36, 39),
  };
}
