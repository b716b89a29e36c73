import type { Command } from '../io.js';

export const summary = 'audit (not implemented yet)';

export const run: Command = async (_argv, io) => {
  io.stderr('video-allowlist audit: not implemented yet\n');
  return 2;
};
