#!/usr/bin/env bash
# Runs `npm ci` when node_modules is missing or older than the lock file, so that `npm start` and
# `npm test` work on a fresh clone as the README promises.
set -euo pipefail
cd "$(dirname "$0")/.."
# Puppeteer (a dependency of the Firefox launcher) would otherwise try to download a Chrome we never use.
export PUPPETEER_SKIP_DOWNLOAD=1
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing dependencies (npm ci)…"
  npm ci --no-audit --no-fund
fi
