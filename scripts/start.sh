#!/usr/bin/env bash
# `npm start`: the demo on the local bimU.io platform, from a fresh clone, with no account.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
exec npx vite "$@"
