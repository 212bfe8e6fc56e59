#!/usr/bin/env bash
# Release build of the console into dist/ (size-tuned wasm, wasm-opt from npm's binaryen).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
step "console: trunk build --release"
trunk build --release
step "console: precompressed assets (brotli, gzip)"
node tools/precompress.mjs dist
