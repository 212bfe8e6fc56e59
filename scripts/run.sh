#!/usr/bin/env bash
# Builds and starts Roundtrip on http://127.0.0.1:${PORT:-8080} with the default demo database.
# Sign in as staff.bj01 / manager.bj01 / admin with password roundtrip-demo.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
bash scripts/setup.sh
bash scripts/build-console.sh
step "server: cargo build --release"
cargo build --locked --release -p roundtrip-server
DB=${ROUNDTRIP_DB:-data/roundtrip.db}
step "demo data in $DB (size ${SIZE:-default}; kept if present, SIZE=large or FORCE=1 to regenerate)"
./target/release/roundtrip-server seed --db "$DB" --size "${SIZE:-default}" ${FORCE:+--force}
step "Roundtrip on http://127.0.0.1:${PORT:-8080}"
exec ./target/release/roundtrip-server serve --db "$DB" --dist dist --addr "${ADDR:-127.0.0.1:${PORT:-8080}}"
