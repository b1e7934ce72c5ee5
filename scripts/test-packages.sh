#!/usr/bin/env bash
# `npm run test:packages`: the package as users install it. Packs it once (`prepack` runs the full build),
# then the tests in test/packages/ check the tarball and install it into the small apps in
# test/packages/apps/, each copied into a temporary directory with its dependencies from the npm registry
# (npm's cache makes repeated runs quick).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== Packing (npm pack runs the build)"
npm pack --pack-destination "$work" >/dev/null
tarballs=("$work"/*.tgz)
export MODEL_VIEWER_EMBED_TARBALL="${tarballs[0]}"

echo "== Package tests"
node --import tsx --test --test-reporter=spec test/packages/*.test.ts
echo "Package tests finished in $(( $(date +%s) - start )) s"
