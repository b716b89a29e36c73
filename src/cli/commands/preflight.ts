import type { Command } from '../io.js';

export const summary = 'preflight (not implemented yet)';

export const run: Command = async (_argv, io) => {
  io.stderr('video-allowlist preflight: not implemented yet\n');
  return 2;
};
