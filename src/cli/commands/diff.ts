import type { Command } from '../io.js';

export const summary = 'diff (not implemented yet)';

export const run: Command = async (_argv, io) => {
  io.stderr('video-allowlist diff: not implemented yet\n');
  return 2;
};
