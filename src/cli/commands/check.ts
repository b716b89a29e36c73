import type { Command } from '../io.js';

export const summary = 'check (not implemented yet)';

export const run: Command = async (_argv, io) => {
  io.stderr('video-allowlist check: not implemented yet\n');
  return 2;
};
