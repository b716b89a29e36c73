import type { Command } from '../io.js';

export const summary = 'export (not implemented yet)';

export const run: Command = async (_argv, io) => {
  io.stderr('video-allowlist export: not implemented yet\n');
  return 2;
};
