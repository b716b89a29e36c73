/**
 * Runs a program as a child process the way a user's shell would, and collects what it wrote.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CliRun } from './cli.js';

/** What a guarded child writes on stderr when it refused a non-loopback destination. */
export const CHILD_GUARD_MARKER = 'LOOPBACK GUARD: refused';
const CHILD_GUARD = fileURLToPath(new URL('./loopback-guard-child.mjs', import.meta.url));

/**
 * `env` plus NODE_OPTIONS that load the loopback-only guard into a Node child: it may then only talk
 * to 127.0.0.0/8 and ::1, and says so on stderr ({@link CHILD_GUARD_MARKER}) when it tried otherwise.
 */
export function guardedEnv(env: Record<string, string | undefined>): Record<string, string | undefined> {
  return { ...env, NODE_OPTIONS: [env.NODE_OPTIONS, `--import=${CHILD_GUARD}`].filter(Boolean).join(' ') };
}

/** Throws when a guarded child's stderr shows it tried to reach a non-loopback destination. */
export function assertStayedOnLoopback(stderr: string): void {
  const line = stderr.split('\n').find((l) => l.includes(CHILD_GUARD_MARKER));
  if (line)
    throw new Error(
      `the child process tried to reach a non-loopback address (tests may only use 127.0.0.0/8 and ::1): ${line}`,
    );
}

/** Where and with what environment the child runs. */
export interface ChildOptions {
  /** The working directory. */
  cwd: string;
  /** The child's whole environment (nothing of this process's is passed on unless given here). */
  env: Record<string, string | undefined>;
}

/**
 * Runs `command ...args` with no stdin; resolves when it has exited with its exit code (-1 when killed
 * by a signal), stdout and stderr. A Node child runs under the loopback-only guard, and the run
 * rejects if it tried to reach anything else.
 */
export function runChild(command: string, args: string[], options: ChildOptions): Promise<CliRun> {
  const node = command === process.execPath;
  return new Promise((res, rej) => {
    const env = node ? guardedEnv(options.env) : options.env;
    const child = spawn(command, args, { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', rej);
    child.on('close', (code) => {
      try {
        if (node) assertStayedOnLoopback(stderr);
        res({ code: code ?? -1, stdout, stderr });
      } catch (err) {
        rej(err);
      }
    });
  });
}
