#!/usr/bin/env bash
# Every test: native unit and API integration tests (the server's on SQLite, then again on a
# throwaway PostgreSQL server from Debian's packages), in-browser wasm tests in headless
# Chromium, and Playwright end-to-end tests (desktop and tablet) against the real server on a
# fresh small demo database (the sign-in, profile and offline specs once more against two
# servers sharing PostgreSQL), and schemathesis over the whole OpenAPI document. Installs what it
# needs first.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
# A one-shot build gains nothing from incremental caches; they cost gigabytes of disk.
export CARGO_INCREMENTAL=0
started=$(date +%s)
LOG=$(mktemp)
source scripts/pg.sh
PG_DIR=$(mktemp -d /tmp/roundtrip-pg.XXXXXX)
trap 'rm -f "$LOG"; pg_stop "$PG_DIR"' EXIT
bash scripts/setup.sh

step "native tests: domain crate and API server"
cargo test --locked -p roundtrip-domain -p roundtrip-server 2>&1 | tee -a "$LOG"

step "API integration tests again on PostgreSQL (throwaway server and a hot standby, removed afterwards)"
pg_start "$PG_DIR"
pg_start_standby "$PG_DIR"
ROUNDTRIP_TEST_DATABASE_URL=$ROUNDTRIP_PG_URL ROUNDTRIP_TEST_REPLICA_URL=$ROUNDTRIP_PG_REPLICA_URL \
  cargo test --locked -p roundtrip-server --tests 2>&1 | tee -a "$LOG"

step "API fuzzing (schemathesis against a debug server; its case count stays out of the total)"
cargo build --locked -p roundtrip-server
bash scripts/fuzz.sh
step "API fuzzing again, on PostgreSQL"
pg_as "$PG_BIN/psql" -q "$ROUNDTRIP_PG_URL" -c "CREATE DATABASE fuzz"
FUZZ_DATABASE_URL=$(pg_url fuzz "$PG_DIR" "$ROUNDTRIP_PG_PORT") bash scripts/fuzz.sh

step "in-browser wasm tests (wasm-bindgen-test-runner + headless Chromium)"
cargo test --locked --target wasm32-unknown-unknown -p roundtrip-console --test browser 2>&1 | tee -a "$LOG"

bash scripts/build-console.sh

step "Playwright end-to-end tests (desktop + tablet, Debian Chromium)"
(cd end2end && npx playwright test) 2>&1 | tee -a "$LOG"

step "Playwright again on two servers sharing PostgreSQL, behind a round-robin balancer (sign-in, profile, offline)"
pg_as "$PG_BIN/psql" -q "$ROUNDTRIP_PG_URL" -c "CREATE DATABASE e2e"
(cd end2end && E2E_DATABASE_URL=$(pg_url e2e "$PG_DIR" "$ROUNDTRIP_PG_PORT") npx playwright test tests/session.spec.ts tests/profile.spec.ts tests/offline.spec.ts) 2>&1 | tee -a "$LOG"
pg_stop "$PG_DIR"

# One closing line over all three runners (each already failed the script if anything failed).
passed=$(grep -oE '[0-9]+ passed' "$LOG" | awk '{ s += $1 } END { print s + 0 }')
echo "all tests passed in $(( $(date +%s) - started ))s"
echo "total: $passed passed, 0 failed"
