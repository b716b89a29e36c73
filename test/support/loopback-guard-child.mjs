// Loaded with `node --import` into child processes the tests start: refuses non-loopback destinations
// and says so on stderr with a marker the test helpers look for (CHILD_GUARD_MARKER in child.ts).
import { installLoopbackGuard } from './loopback-guard.mjs';

installLoopbackGuard((what) => process.stderr.write(`LOOPBACK GUARD: refused ${what}\n`));
