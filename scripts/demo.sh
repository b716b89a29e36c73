#!/usr/bin/env bash
# The demo (scripts/demo.ts): start the local environment on 127.0.0.1 (coturn when installed), run
# `video-allowlist preflight` against it with examples/sample-list.txt, then the real SDK sending
# ipWhitelist:true; stop everything. Exit 0 when every check passed. Runs from the sources (tsx), so
# no build is needed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec npx tsx scripts/demo.ts "$@"
