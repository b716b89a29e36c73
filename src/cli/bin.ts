import { main } from './main.js';

// The first Ctrl-C aborts the running command, which still prints what it has (a preflight prints its
// partial table, unfinished checks as `aborted`) and exits 130; a second one exits at once.
const stop = new AbortController();
process.on('SIGINT', () => {
  if (stop.signal.aborted) process.exit(130);
  stop.abort();
});

main(process.argv.slice(2), undefined, stop.signal).then(
  (code) => {
    process.exitCode = stop.signal.aborted ? 130 : code;
  },
  (err: unknown) => {
    process.stderr.write(`video-allowlist: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
