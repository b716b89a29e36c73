/**
 * Runs a program as a child process the way a user's shell would, and collects what it wrote.
 */
import { spawn } from 'node:child_process';
import type { CliRun } from './cli.js';

/** Where and with what environment the child runs. */
export interface ChildOptions {
  /** The working directory. */
  cwd: string;
  /** The child's whole environment (nothing of this process's is passed on unless given here). */
  env: Record<string, string | undefined>;
}

/** Runs `command ...args` with no stdin; resolves when it has exited with its exit code (-1 when killed by a signal), stdout and stderr. */
export function runChild(command: string, args: string[], options: ChildOptions): Promise<CliRun> {
  return new Promise((res, rej) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', rej);
    child.on('close', (code) => res({ code: code ?? -1, stdout, stderr }));
  });
}
