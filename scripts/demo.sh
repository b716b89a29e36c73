#!/usr/bin/env bash
# The demo: start the local environment on 127.0.0.1, run a preflight against it, print the report.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npm run --silent build
exec npx tsx scripts/demo.ts "$@"
