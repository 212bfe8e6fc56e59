#!/usr/bin/env bash
# Measures the API on the large demo database (100k+ customers, 2M+ touchpoints) with wrk:
# p50 / p99 latency and throughput per endpoint, each for a fixed time at fixed concurrency;
# the console's bundle sizes; and the console itself in headless Chromium (end2end/bench/).
# Fails when a budget is broken (search p99 under 30 ms, profile from cache under 50 ms,
# wasm under 400 KB brotli, no long task over 100 ms while scrolling, 50 concurrent writers
# without an error). Results: .bench/results.md.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
command -v wrk >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
# fixed-rate load with latency measured from when each request was due (no coordinated
# omission); Debian has neither oha nor wrk2, so oha comes from crates.io (~10 min once)
command -v oha >/dev/null || cargo install --locked oha
DURATION=${DURATION:-8s}
CONNECTIONS=${CONNECTIONS:-2}
PORT=${BENCH_PORT:-8099}
DB=.bench/large.db
mkdir -p .bench

step "server: release build"
cargo build --locked --release -p roundtrip-server
# SKIP_BUILD=1 measures the console already in dist/ (a rerun)
[ "${BENCH_CONSOLE:-1}" = 0 ] || [ "${SKIP_BUILD:-0}" = 1 ] || bash scripts/build-console.sh
if [ ! -f "$DB" ]; then
  step "large demo database (once; ~45 s)"
  ./target/release/roundtrip-server seed --db "$DB" --size large --anchor 2026-11-24
fi
./target/release/roundtrip-server serve --db "$DB" --dist dist --addr "127.0.0.1:$PORT" >.bench/server.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null' EXIT
wait_for_server "$PORT"

cookie=$(session_cookie "$PORT" manager.bj01)
customers=$(curl -sf "http://127.0.0.1:$PORT/api/v1/health" | grep -o '"customers":[0-9]*' | cut -d: -f2)
cat >.bench/profile.lua <<LUA
math.randomseed(42)
request = function() return wrk.format("GET", "/api/v1/customers/" .. math.random(1, $customers)) end
LUA
cat >.bench/loyalty.lua <<LUA
math.randomseed(11)
request = function() return wrk.format("GET", "/api/v1/customers/" .. math.random(1, $customers) .. "/loyalty") end
LUA
cat >.bench/journeys.lua <<LUA
math.randomseed(7)
request = function() return wrk.format("GET", "/api/v1/customers/" .. math.random(1, $customers) .. "/journeys") end
LUA

# wrk prints latencies as 812.00us / 1.23ms / 1.02s: normalise to milliseconds.
to_ms() { awk '{ v = $1; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } printf "%.2f", v }'; }

results=.bench/results.md
{
  echo "| endpoint | p50 ms | p99 ms | req/s |"
  echo "| --- | ---: | ---: | ---: |"
} >"$results"
failed=0
measure() { # name, path (or @script), p99 budget in ms (or -)
  local name=$1 target=$2 budget=$3 out
  if [[ $target == @* ]]; then
    out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "Cookie: $cookie" -s "${target#@}" "http://127.0.0.1:$PORT/")
  else
    out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "Cookie: $cookie" "http://127.0.0.1:$PORT$target")
  fi
  local p50 p99 rps errors
  p50=$(echo "$out" | awk '$1 == "50%" { print $2 }' | to_ms)
  p99=$(echo "$out" | awk '$1 == "99%" { print $2 }' | to_ms)
  rps=$(echo "$out" | awk '/Requests\/sec/ { printf "%d", $2 }')
  errors=$(echo "$out" | grep -c 'Non-2xx' || true)
  printf '| %s | %s | %s | %s |\n' "$name" "$p50" "$p99" "$rps" | tee -a "$results"
  if [ "$errors" != 0 ]; then echo "  !! $name answered non-2xx"; failed=1; fi
  if [ "$budget" != - ] && awk -v a="$p99" -v b="$budget" 'BEGIN { exit !(a > b) }'; then
    echo "  !! budget broken: $name p99 $p99 ms > $budget ms"; failed=1
  fi
}

step "API latency at $customers customers ($CONNECTIONS connections, $DURATION each)"
measure "health (baseline: one tiny query)" "/api/v1/health" -
measure "list, newest first (page 1)" "/api/v1/customers" -
measure "search: phone tail 5678" "/api/v1/customers?q=5678" 30
measure "search: whole phone" "/api/v1/customers?q=13812345678" 30
measure "search: name 张伟" "/api/v1/customers?q=%E5%BC%A0%E4%BC%9F" 30
measure "search: surname 张 (thousands of matches)" "/api/v1/customers?q=%E5%BC%A0" 30
measure "filter: Gen Z + online and store" "/api/v1/customers?segment=gen_z&presence=both" -
measure "filter: declining gold members" "/api/v1/customers?lifecycle=decline&tier=gold" -
measure "filter: at risk, by churn risk" "/api/v1/customers?at_risk=true&sort=churn_risk" -
measure "filter: tag 海岛 (20k tagged)" "/api/v1/customers?tag=%E6%B5%B7%E5%B2%9B" -
measure "profile load (random customer)" "@.bench/profile.lua" -
measure "journey map (random customer)" "@.bench/journeys.lua" -
measure "journey matrix: last 90 days" "/api/v1/journeys/matrix" 500
measure "journey matrix: all history" "/api/v1/journeys/matrix?from=2020-01-01" 500
measure "journey matrix: one store, Gen Z, all history" "/api/v1/journeys/matrix?from=2020-01-01&store_id=1&segment=gen_z" 500
measure "matrix cell customers: booking x store, all history" "/api/v1/journeys/cell?from=2020-01-01&stage=booking&channel=store" 500
measure "overview: 10 KPIs x (period + 6 trend spans), last 90 days" "/api/v1/overview" 1500
measure "overview: one store, Gen Z, last 365 days" "/api/v1/overview?from=$(date -d '-364 days' +%F)&store_id=1&segment=gen_z" 1000
measure "community dashboard: all communities, 180 days" "/api/v1/communities/dashboard" 1000
measure "community dashboard: one community" "/api/v1/communities/dashboard?community_id=1" 1000
measure "service: due-soon inbox, all stores" "/api/v1/tickets?inbox=due_soon" 100
measure "service: open tickets of one store" "/api/v1/tickets?inbox=store&store_id=1" 100
measure "service: SLA dashboard, last 30 days" "/api/v1/service/dashboard" 500
measure "loyalty account with ledger (random customer)" "@.bench/loyalty.lua" 100

if [ "${BENCH_CONSOLE:-1}" != 0 ]; then
  step "console bundle (release build in dist/)"
  { echo; echo "| bundle file | raw B | gzip -9 B | brotli B |"; echo "| --- | ---: | ---: | ---: |"; } >>"$results"
  for f in dist/*.wasm dist/*.js dist/*.css; do
    printf '| %s | %d | %d | %d |\n' "$(basename "$f")" "$(stat -c %s "$f")" "$(gzip -9c "$f" | wc -c)" "$(stat -c %s "$f.br")" | tee -a "$results"
  done
  # the pages loaded on demand (tools/wasm-split), side by side with what every first load needs
  sum() { local n=0; for f in "$@"; do n=$((n + $(stat -c %s "$f"))); done; echo "$n"; }
  printf '| split chunks, %d files (fetched when their page opens; the service worker keeps them) | %d | %d | %d |\n' \
    "$(ls dist/split-*/*.wasm dist/split-*/*.js | wc -l)" "$(sum dist/split-*/*.wasm dist/split-*/*.js)" \
    "$(sum dist/split-*/*.gz)" "$(sum dist/split-*/*.br)" | tee -a "$results"
  wasm_br=$(stat -c %s dist/*.wasm.br)
  if [ "$wasm_br" -gt 400000 ]; then echo "  !! budget broken: first-load wasm $wasm_br B brotli > 400,000 B"; failed=1; fi

  step "console in headless Chromium (performance marks; end2end/bench/console.spec.ts)"
  if (cd end2end && BENCH_URL="http://127.0.0.1:$PORT" npx playwright test -c bench.config.ts); then
    node scripts/bench_console.mjs .bench/console.json | tee -a "$results" || failed=1
  else
    echo "  !! the console measurements did not complete"; failed=1
  fi
fi

step "API at a fixed request rate (oha, latency corrected, $DURATION each)"
{ echo; echo "| endpoint at a fixed rate | target req/s | achieved req/s | p50 ms | p99 ms | non-2xx |"; echo "| --- | ---: | ---: | ---: | ---: | ---: |"; } >>"$results"
fixed() { # name, url path (a regex when it starts with ~), rate, p99 budget in ms (or -)
  local name=$1 target=$2 rate=$3 budget=$4 url args=()
  if [[ $target == ~* ]]; then url="http://127.0.0.1:$PORT${target#\~}"; args=(--rand-regex-url); else url="http://127.0.0.1:$PORT$target"; fi
  oha -z "$DURATION" -q "$rate" --latency-correction -c 16 --no-tui --output-format json -H "Cookie: $cookie" "${args[@]}" "$url" >.bench/oha.json
  if python3 - "$name" "$rate" "$budget" <<'PY' | tee -a "$results"
import json, sys
name, rate, budget = sys.argv[1], sys.argv[2], sys.argv[3]
d = json.load(open(".bench/oha.json"))
p = d["latencyPercentiles"]
bad = sum(n for code, n in d["statusCodeDistribution"].items() if not code.startswith("2"))
p99 = (p["p99"] or 0) * 1000
print(f"| {name} | {rate} | {d['summary']['requestsPerSec']:.0f} | {(p['p50'] or 0) * 1000:.2f} | {p99:.2f} | {bad} |")
if bad or (budget != "-" and p99 > float(budget)):
    print(f"  !! {name}: p99 {p99:.2f} ms (budget {budget}), {bad} non-2xx", file=sys.stderr)
    sys.exit(1)
PY
  then :; else failed=1; fi
}
fixed "search: phone tail 5678" "/api/v1/customers?q=5678" 100 30
fixed "search: name 张伟" "/api/v1/customers?q=%E5%BC%A0%E4%BC%9F" 100 30
fixed "profile load (random customer)" "~/api/v1/customers/[1-9][0-9]{0,4}" 200 -
fixed "journey matrix: last 90 days" "/api/v1/journeys/matrix" 5 500
fixed "service: due-soon inbox, all stores" "/api/v1/tickets?inbox=due_soon" 50 100
fixed "marketing audience: WeChat, all stores" "/api/v1/marketing/audience?channel=wechat" 5 1000
fixed "dashboard KPIs: overview, last 90 days" "/api/v1/overview" 1 1500

step "event ingestion (fresh small database; first pass creates members, second mostly matches them)"
rm -f .bench/ingest.db*
./target/release/roundtrip-server seed --db .bench/ingest.db --size small >/dev/null
./target/release/roundtrip-server serve --db .bench/ingest.db --addr "127.0.0.1:$((PORT + 1))" >.bench/ingest.log 2>&1 &
ingest=$!
wait_for_server "$((PORT + 1))"
{ echo; echo "| ingestion | events | throughput |"; echo "| --- | ---: | ---: |"; } >>"$results"
python3 scripts/bench_ingest.py "$((PORT + 1))" 20 | tee -a "$results"
python3 scripts/bench_ingest.py "$((PORT + 1))" 20 | tee -a "$results"

step "50 concurrent writers (notes and single events; budget: no error, not even 503)"
{ echo; echo "| writers | writes | throughput | latency | errors |"; echo "| --- | ---: | ---: | --- | --- |"; } >>"$results"
python3 scripts/bench_writers.py "$((PORT + 1))" 50 200 | tee -a "$results" || failed=1
kill $ingest
echo "results in $results"
exit $failed
