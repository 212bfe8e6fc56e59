# Sourced by the other scripts: tool locations and quiet, offline-friendly defaults.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$ROOT/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"   # npm's wasm-opt before any system one
export TRUNK_SKIP_VERSION_CHECK=true
export CHROMEDRIVER=/usr/bin/chromedriver
export CARGO_TERM_COLOR=never
TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130
step() { printf '\n== %s\n' "$*"; }
