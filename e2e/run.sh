#!/usr/bin/env bash
# `npm run test:e2e`: install (cached) code-server + Chromium, build, run the extension-host tests
# and the palette UI check inside code-server.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(bash scripts/e2e-tools.sh | sed 's/^/export /')"
npm run --silent build
exec node e2e/run-in-code-server.js
