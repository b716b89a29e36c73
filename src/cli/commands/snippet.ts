import type { Command } from '../io.js';

export const summary = 'snippet (not implemented yet)';

export const run: Command = async (_argv, io) => {
  io.stderr('video-allowlist snippet: not implemented yet\n');
  return 2;
};
