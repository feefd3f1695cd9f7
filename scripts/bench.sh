#!/usr/bin/env bash
# Benchmarks (not tests): bundles test/bench/*.ts with esbuild and runs each with node.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p out/bench
for source in test/bench/*.ts; do
  name=$(basename "$source" .ts)
  npx esbuild "$source" --bundle --platform=node --format=esm --target=node20 --packages=external --log-level=warning --outfile="out/bench/$name.mjs"
  node "out/bench/$name.mjs"
done
