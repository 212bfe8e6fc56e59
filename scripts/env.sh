# Sourced by the other scripts: tool locations and quiet, offline-friendly defaults.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# npm's wasm-opt before any system one; the splitting wasm-bindgen wrapper before the real one
export PATH="$ROOT/tools/wasm-split/bin:$ROOT/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
export CHROMEDRIVER=/usr/bin/chromedriver
export CARGO_TERM_COLOR=never
TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130
step() { printf '\n== %s\n' "$*"; }
# Waits until a local server on port $1 answers its health check.
wait_for_server() { for _ in $(seq 50); do curl -sf "http://127.0.0.1:$1/api/v1/health" >/dev/null && return; sleep 0.2; done; }
# Signs in demo user $2 on port $1 and prints the session cookie (`rt_session=…`).
session_cookie() {
  curl -sf -D - -o /dev/null -H 'content-type: application/json' \
    -d "{\"username\":\"$2\",\"password\":\"roundtrip-demo\"}" "http://127.0.0.1:$1/api/v1/session" | grep -io 'rt_session=[0-9a-f]*'
}
