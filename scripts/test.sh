#!/usr/bin/env bash
# The whole test run: install, build, typecheck, format and lint, every vitest file.
# Last line: "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
steps_failed=0
step() { echo "== $*" >&2; "$@" || { echo "FAILED: $*" >&2; steps_failed=$((steps_failed + 1)); }; }
step bash scripts/setup.sh
step npm run --silent build
step npm run --silent typecheck
step npx --no-install prettier --check --log-level warn .
step npx --no-install eslint --max-warnings 0 .
mkdir -p test-output
rm -f test-output/vitest.json
npx vitest run --reporter=default --reporter=json --outputFile.json=test-output/vitest.json
vitest_rc=$?
node -e '
const fs = require("fs");
let passed = 0, failed = 0, skipped = 0;
try {
  const r = JSON.parse(fs.readFileSync("test-output/vitest.json", "utf8"));
  passed = r.numPassedTests; failed = r.numFailedTests; skipped = r.numPendingTests + r.numTodoTests;
  // A file that failed to load has no test results: count it as a failure.
  for (const f of r.testResults) if (f.status === "failed" && f.assertionResults.length === 0) failed++;
} catch { failed++; }
const steps = Number(process.argv[1]), rc = Number(process.argv[2]);
failed += steps;
if (rc !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
' "$steps_failed" "$vitest_rc"
