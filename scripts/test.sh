#!/usr/bin/env bash
# `npm test`: the whole suite on a fresh machine. Installs what is missing, then runs
#   1. the Node tests (local platform and the server token endpoint), and
#   2. the browser tests (unit: fake SDK; integration: the real SDK on the local platform) in Chromium,
#      Firefox and WebKit. The test runner starts the platform servers itself.
#   3. the package tests: the packed tarball installed into React, Vue, Svelte, Angular and plain-page apps (npm registry).
# Extra arguments go to the browser runner (e.g. `npm test -- --group unit`); BROWSERS=chromium narrows it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
bash scripts/ensure-browsers.sh

echo "== Node tests"
npm run --silent test:node

echo "== Browser tests (${BROWSERS:-chromium,firefox,webkit})"
# One virtual display for the run: headless Firefox has no WebGL here and WebKit's MiniBrowser needs a
# display; Mesa's software GL gives both WebGL.
LIBGL_ALWAYS_SOFTWARE=1 xvfb-run -a -s "-screen 0 1280x1024x24" npm run --silent test:browser -- "$@"

echo "== Package tests"
npm run --silent test:packages
