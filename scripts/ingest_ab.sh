#!/usr/bin/env bash
# Compares event ingestion of two server binaries, alternating so that the machine's drift
# falls on both: each pair seeds one small database, gives each binary its own copy and runs
# scripts/bench_ingest.py twice (first pass creates members, second matches them).
# Usage: scripts/ingest_ab.sh OLD_BINARY NEW_BINARY [PAIRS]   (build the binaries with --release)
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
old=$(realpath "$1") new=$(realpath "$2") pairs=${3:-7} port=${BENCH_PORT:-8099}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$new" seed --db "$work/seed.db" --size small >/dev/null
for pair in $(seq "$pairs"); do
  for side in old new; do
    bin=${!side}
    rm -f "$work"/run.*
    cp "$work/seed.db" "$work/run.db"
    cp "$work/seed.key" "$work/run.key"
    "$bin" serve --db "$work/run.db" --addr "127.0.0.1:$port" >"$work/server.log" 2>&1 &
    server=$!
    wait_for_server "$port"
    passes=$(python3 scripts/bench_ingest.py "$port" 20; python3 scripts/bench_ingest.py "$port" 20)
    kill "$server"; wait "$server" 2>/dev/null || true
    echo "pair $pair $side: $(grep -o '[0-9,]* events/s' <<<"$passes" | paste -sd' ')"
  done
done
