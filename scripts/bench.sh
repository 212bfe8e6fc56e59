#!/usr/bin/env bash
# Measures the API on a large demo database (by default 100k+ customers, 2M+ touchpoints) with
# wrk, on SQLite and on PostgreSQL side by side (the same data, copied with `copy --from`):
# p50 / p99 latency and throughput per endpoint, each for a fixed time at fixed concurrency;
# ingestion (PostgreSQL through two servers) and 50 concurrent writers on each engine; the
# console's bundle sizes; signed channel deliveries through a receiver to the profile; and the
# console itself in headless Chromium (end2end/bench/).
# Fails when a budget is broken (search p99 under 30 ms, profile p99 under 20 ms, 90-day journey
# matrix under 300 ms, overview under 1 s, profile from cache under 50 ms, wasm under 400 KB
# brotli, no long task over 100 ms while scrolling, 50 concurrent writers without an error).
# Results: .bench/results.md.
#   BENCH_SIZE=1000000 BENCH_ENGINES=postgres BENCH_CONSOLE=0  (make bench-million): 1M customers
#   BENCH_INGEST_BUDGET=20000: events/s through two servers on PostgreSQL (checked when set)
#   BENCH_INGEST_SIZED=1: PostgreSQL ingests into the measured database, not a fresh small one
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
SIZE=${BENCH_SIZE:-large}
ENGINES=${BENCH_ENGINES:-sqlite postgres}
DB=.bench/$SIZE.db
mkdir -p .bench
source scripts/pg.sh
# a cluster kept between runs (the copy of the large database is made once), tuned as a
# dedicated database machine would be; PG_SETTINGS keeps the sockets in .bench/pg
PG_DIR=$ROOT/.bench/pg
PG_PORT=${BENCH_PG_PORT:-55450}
PG_SETTINGS="$PG_SETTINGS -c shared_buffers=4GB -c effective_cache_size=12GB -c work_mem=64MB -c maintenance_work_mem=1GB -c max_wal_size=16GB -c checkpoint_timeout=30min"

step "server: release build"
cargo build --locked --release -p roundtrip-server
# SKIP_BUILD=1 measures the console already in dist/ (a rerun)
[ "${BENCH_CONSOLE:-1}" = 0 ] || [ "${SKIP_BUILD:-0}" = 1 ] || bash scripts/build-console.sh
BIN=./target/release/roundtrip-server
if [ ! -f "$DB" ]; then
  step "demo database of size $SIZE (once; large ~45 s, 1M people ~15 min)"
  $BIN seed --db "$DB" --size "$SIZE" --anchor 2026-11-24
fi
servers=()
trap 'kill "${servers[@]}" 2>/dev/null; pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true' EXIT
declare -A at # engine -> port
for engine in $ENGINES; do
  case $engine in
    sqlite)
      at[sqlite]=$PORT
      $BIN serve --db "$DB" --dist dist --addr "127.0.0.1:$PORT" >.bench/server.log 2>&1 &
      servers+=($!) ;;
    postgres)
      if [ -d "$PG_DIR/data" ]; then
        # a cluster left running (an interrupted run) is restarted with this run's settings
        pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
        pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w -o "-k $PG_DIR -p $PG_PORT $PG_SETTINGS" start >/dev/null
      else
        pg_start "$PG_DIR" "$PG_PORT"
      fi
      PG_DB=$(pg_url "bench_$SIZE" "$PG_DIR" "$PG_PORT")
      if ! pg_as "$PG_BIN/psql" -qAt "$(pg_url postgres "$PG_DIR" "$PG_PORT")" -c "SELECT 1 FROM pg_database WHERE datname = 'bench_$SIZE'" | grep -q 1; then
        step "copy $DB into PostgreSQL (once)"
        pg_as "$PG_BIN/psql" -q "$(pg_url postgres "$PG_DIR" "$PG_PORT")" -c "CREATE DATABASE bench_$SIZE"
        /usr/bin/time -f "copy took %e s, %M KB peak memory" $BIN copy --from "$DB" --to "$PG_DB" | tail -3
        pg_as "$PG_BIN/psql" -q "$PG_DB" -c "VACUUM ANALYZE"
      fi
      at[postgres]=$((PORT + 2))
      # the SQLite file's key seals the same ID numbers
      ROUNDTRIP_DATABASE_URL=$PG_DB $BIN serve --db "$DB" --dist dist --addr "127.0.0.1:${at[postgres]}" >.bench/server-pg.log 2>&1 &
      servers+=($!) ;;
  esac
done
for engine in $ENGINES; do wait_for_server "${at[$engine]}"; done
if [[ " $ENGINES " == *" postgres "* ]]; then
  # steady state, not a cold start: a running database keeps its indexes in memory (at 1M
  # they are a few GB of a 31 GB database; the first cold run read them from disk per request)
  step "PostgreSQL: every index into the buffer cache (pg_prewarm)"
  pg_as "$PG_BIN/psql" -qAt "$PG_DB" -c "CREATE EXTENSION IF NOT EXISTS pg_prewarm" \
    -c "SELECT pg_size_pretty(sum(pg_relation_size(c.oid))) || ' of indexes in ' || count(*) || ' blocks read: ' || sum(pg_prewarm(c.oid))
        FROM pg_class c WHERE c.relkind = 'i' AND c.relnamespace = 'public'::regnamespace"
fi
first=${ENGINES%% *}
declare -A cookies
for engine in $ENGINES; do cookies[$engine]=$(session_cookie "${at[$engine]}" manager.bj01); done
customers=$(curl -sf "http://127.0.0.1:${at[$first]}/api/v1/health" | grep -o '"customers":[0-9]*' | cut -d: -f2)
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
  printf '| endpoint |'; for e in $ENGINES; do printf ' %s p50 ms | p99 ms | req/s |' "$e"; done; echo
  printf '| --- |'; for e in $ENGINES; do printf ' ---: | ---: | ---: |'; done; echo
} >"$results"
failed=0
measure() { # name, path (or @script), p99 budget in ms (or -): one row, every engine's figures
  local name=$1 target=$2 budget=$3 engine out url
  local row="| $name |"
  for engine in $ENGINES; do
    url="http://127.0.0.1:${at[$engine]}"
    if [[ $target == @* ]]; then
      out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "Cookie: ${cookies[$engine]}" -s "${target#@}" "$url/")
    else
      out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "Cookie: ${cookies[$engine]}" "$url$target")
    fi
    local p50 p99 rps errors
    p50=$(echo "$out" | awk '$1 == "50%" { print $2 }' | to_ms)
    p99=$(echo "$out" | awk '$1 == "99%" { print $2 }' | to_ms)
    rps=$(echo "$out" | awk '/Requests\/sec/ { printf "%d", $2 }')
    errors=$(echo "$out" | grep -c 'Non-2xx' || true)
    row="$row $p50 | $p99 | $rps |"
    if [ "$errors" != 0 ]; then echo "  !! $name answered non-2xx on $engine"; failed=1; fi
    if [ "$budget" != - ] && awk -v a="$p99" -v b="$budget" 'BEGIN { exit !(a > b) }'; then
      echo "  !! budget broken on $engine: $name p99 $p99 ms > $budget ms"; failed=1
    fi
  done
  echo "$row" | tee -a "$results"
}

step "API latency at $customers customers ($CONNECTIONS connections, $DURATION each)"
measure "health (baseline: one tiny query)" "/api/v1/health" -
measure "list, newest first (page 1)" "/api/v1/customers" -
measure "search: phone tail 5678" "/api/v1/customers?q=5678" 30
measure "search: whole phone" "/api/v1/customers?q=13812345678" 30
measure "search: name 张伟" "/api/v1/customers?q=%E5%BC%A0%E4%BC%9F" 30
measure "search: surname 张 (thousands of matches)" "/api/v1/customers?q=%E5%BC%A0" 30
measure "search: pinyin zhangwei" "/api/v1/customers?q=zhangwei" 30
measure "search: pinyin initials zw" "/api/v1/customers?q=zw" 30
measure "search: pinyin and phone tail (zhang 5678)" "/api/v1/customers?q=zhang%205678" 30
measure "filter: Gen Z + online and store" "/api/v1/customers?segment=gen_z&presence=both" -
measure "filter: declining gold members" "/api/v1/customers?lifecycle=decline&tier=gold" -
measure "filter: at risk, by churn risk" "/api/v1/customers?at_risk=true&sort=churn_risk" -
measure "filter: tag 海岛 (20k tagged)" "/api/v1/customers?tag=%E6%B5%B7%E5%B2%9B" -
measure "profile load (random customer)" "@.bench/profile.lua" 20
measure "journey map (random customer)" "@.bench/journeys.lua" -
measure "journey matrix: last 90 days" "/api/v1/journeys/matrix" 300
measure "journey matrix: all history" "/api/v1/journeys/matrix?from=2020-01-01" 500
measure "journey matrix: one store, Gen Z, all history" "/api/v1/journeys/matrix?from=2020-01-01&store_id=1&segment=gen_z" 500
measure "matrix cell customers: booking x store, all history" "/api/v1/journeys/cell?from=2020-01-01&stage=booking&channel=store" 500
measure "overview: 10 KPIs x (period + 6 trend spans), last 90 days" "/api/v1/overview" 1000
measure "overview: one store, Gen Z, last 365 days" "/api/v1/overview?from=$(date -d '-364 days' +%F)&store_id=1&segment=gen_z" 1000
measure "community dashboard: all communities, 180 days" "/api/v1/communities/dashboard" 1000
measure "community dashboard: one community" "/api/v1/communities/dashboard?community_id=1" 1000
measure "service: due-soon inbox, all stores" "/api/v1/tickets?inbox=due_soon" 100
measure "service: open tickets of one store" "/api/v1/tickets?inbox=store&store_id=1" 100
measure "service: SLA dashboard, last 30 days" "/api/v1/service/dashboard" 500
measure "loyalty account with ledger (random customer)" "@.bench/loyalty.lua" 100
measure "departures: one store, next 14 days, documents checked" "/api/v1/departures?store_id=1" 300
measure "departures: every store (the first 1,000)" "/api/v1/departures" 1000

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
  if (cd end2end && BENCH_URL="http://127.0.0.1:${at[$first]}" npx playwright test -c bench.config.ts); then
    node scripts/bench_console.mjs .bench/console.json | tee -a "$results" || failed=1
  else
    echo "  !! the console measurements did not complete"; failed=1
  fi
fi

step "API at a fixed request rate (oha, latency corrected, $DURATION each)"
{ echo; echo "| endpoint at a fixed rate | engine | target req/s | achieved req/s | p50 ms | p99 ms | non-2xx |"; echo "| --- | --- | ---: | ---: | ---: | ---: | ---: |"; } >>"$results"
fixed() { # name, url path (a regex when it starts with ~), rate, p99 budget in ms (or -)
  local name=$1 target=$2 rate=$3 budget=$4 url args engine
  for engine in $ENGINES; do
    args=()
    url="http://127.0.0.1:${at[$engine]}${target#\~}"
    [[ $target == ~* ]] && args=(--rand-regex-url)
    oha -z "$DURATION" -q "$rate" --latency-correction -c 16 --no-tui --output-format json -H "Cookie: ${cookies[$engine]}" "${args[@]}" "$url" >.bench/oha.json
    if python3 - "$name" "$engine" "$rate" "$budget" <<'PY' | tee -a "$results"
import json, sys
name, engine, rate, budget = sys.argv[1:5]
d = json.load(open(".bench/oha.json"))
p = d["latencyPercentiles"]
bad = sum(n for code, n in d["statusCodeDistribution"].items() if not code.startswith("2"))
p99 = (p["p99"] or 0) * 1000
print(f"| {name} | {engine} | {rate} | {d['summary']['requestsPerSec']:.0f} | {(p['p50'] or 0) * 1000:.2f} | {p99:.2f} | {bad} |")
if bad or (budget != "-" and p99 > float(budget)):
    print(f"  !! {name} on {engine}: p99 {p99:.2f} ms (budget {budget}), {bad} non-2xx", file=sys.stderr)
    sys.exit(1)
PY
    then :; else failed=1; fi
  done
}
# the profile row draws ids among the first customers (up to 5 digits), on every size
fixed "search: phone tail 5678" "/api/v1/customers?q=5678" 100 30
fixed "search: name 张伟" "/api/v1/customers?q=%E5%BC%A0%E4%BC%9F" 100 30
fixed "profile load (random customer)" "~/api/v1/customers/[1-9][0-9]{0,4}" 200 20
fixed "journey matrix: last 90 days" "/api/v1/journeys/matrix" 5 300
fixed "service: due-soon inbox, all stores" "/api/v1/tickets?inbox=due_soon" 50 100
fixed "marketing audience: WeChat, all stores" "/api/v1/marketing/audience?channel=wechat" 5 1000
fixed "dashboard KPIs: overview, last 90 days" "/api/v1/overview" 1 1000

step "changes and refunds: 5,000 refund requests through the events API (budget: all cases open within 5 s)"
{ echo; echo "| changes and refunds | engine | requests | desk's quote step | refunds paid |"; echo "| --- | --- | --- | --- | --- |"; } >>"$results"
for engine in $ENGINES; do
  line=$(python3 scripts/bench_cases.py "${at[$engine]}" 5000 200) || { echo "  !! cases on $engine: $line"; failed=1; continue; }
  echo "$line" | sed "s/ | / | $engine | /" | tee -a "$results"
  secs=$(echo "$line" | grep -oE '\([0-9.]+ s\)' | head -1 | tr -dc '0-9.')
  if awk -v s="$secs" 'BEGIN { exit !(s > 5) }'; then echo "  !! budget broken: 5,000 refund requests took $secs s on $engine"; failed=1; fi
done

step "schedule changes: one change to a flight with 5,000 bookings (budget: all cases open within 5 s)"
{ echo; echo "| schedule changes | engine | cases opened | desk's view |"; echo "| --- | --- | --- | --- |"; } >>"$results"
for engine in $ENGINES; do
  line=$(python3 scripts/bench_disruption.py "${at[$engine]}" 5000) || { echo "  !! schedule change on $engine: $line"; failed=1; continue; }
  echo "$line" | sed "s/ | / | $engine | /" | tee -a "$results"
  secs=$(echo "$line" | grep -oE '\| [0-9.]+ s' | head -1 | tr -dc '0-9.')
  if awk -v s="$secs" 'BEGIN { exit !(s > 5) }'; then echo "  !! budget broken: the schedule change took $secs s on $engine"; failed=1; fi
done

step "event ingestion and 50 concurrent writers (budget: no error, not even 503)"
{ echo; echo "| ingestion | engine | events | throughput |"; echo "| --- | --- | --- | ---: |"; } >>"$results"
{ echo; echo "| writers | engine | writes | throughput | latency | errors |"; echo "| --- | --- | ---: | ---: | --- | --- |"; } >.bench/writers.md
{ echo; echo "| channel receiver | engine | deliveries | throughput | acknowledgement | to the profile |"; echo "| --- | --- | ---: | ---: | --- | --- |"; } >.bench/hooks.md
for engine in $ENGINES; do
  case $engine in
    sqlite)
      rm -f .bench/ingest.db*
      $BIN seed --db .bench/ingest.db --size small >/dev/null
      ports=$((PORT + 3))
      $BIN serve --db .bench/ingest.db --addr "127.0.0.1:$ports" >.bench/ingest.log 2>&1 &
      servers+=($!)
      clients=1 ;;
    postgres)
      # two servers on one database, one channel system pushing to each
      # BENCH_INGEST_SIZED=1: into the measured database itself (1M customers), else a fresh
      # small one, as SQLite's
      if [ "${BENCH_INGEST_SIZED:-0}" = 1 ]; then
        INGEST_DB=$PG_DB KEY_DB=$DB
      else
        INGEST_DB=$(pg_url bench_ingest "$PG_DIR" "$PG_PORT") KEY_DB=.bench/ingest-pg.db
        pg_as "$PG_BIN/psql" -q "$(pg_url postgres "$PG_DIR" "$PG_PORT")" -c "DROP DATABASE IF EXISTS bench_ingest" -c "CREATE DATABASE bench_ingest"
        ROUNDTRIP_DATABASE_URL=$INGEST_DB $BIN seed --db "$KEY_DB" --size small --force >/dev/null
      fi
      ports="$((PORT + 4)),$((PORT + 5))"
      for p in ${ports//,/ }; do
        ROUNDTRIP_DATABASE_URL=$INGEST_DB $BIN serve --db "$KEY_DB" --addr "127.0.0.1:$p" >".bench/ingest-$p.log" 2>&1 &
        servers+=($!)
      done
      clients=2 ;;
  esac
  for p in ${ports//,/ }; do wait_for_server "$p"; done
  for pass in first second; do
    line=$(python3 scripts/bench_ingest.py "$ports" 20 "$clients") || { echo "  !! ingestion failed on $engine: $line"; failed=1; continue; }
    echo "$line" | sed "s/ | / | $engine | /" | tee -a "$results"
    rate=$(echo "$line" | grep -oE '[0-9,]+ events/s' | tr -d ',' | cut -d' ' -f1)
    if [ "$engine" = postgres ] && [ -n "${BENCH_INGEST_BUDGET:-}" ] && [ "$rate" -lt "$BENCH_INGEST_BUDGET" ]; then
      echo "  !! budget broken: $pass pass on PostgreSQL at $rate events/s < $BENCH_INGEST_BUDGET"; failed=1
    fi
  done
  # orders listing their travellers: each found by number or created
  line=$(BENCH_TRAVELLERS=1 python3 scripts/bench_ingest.py "$ports" 20 "$clients") || { echo "  !! ingestion with travellers failed on $engine: $line"; failed=1; }
  echo "$line" | sed "s/ | / | $engine | /" | tee -a "$results"
  line=$(python3 scripts/bench_writers.py "$ports" 50 200) || failed=1
  echo "$line" | sed "s/ | / | $engine | /" | tee -a .bench/writers.md
  # signed Douyin deliveries through the receiver, the inbox and the worker (budget: ack p99 < 1 s)
  line=$(python3 scripts/bench_hooks.py "${ports%%,*}") || { echo "  !! channel receiver on $engine: $line"; failed=1; }
  echo "$line" | sed "s/ | / | $engine | /" | tee -a .bench/hooks.md
done
cat .bench/writers.md .bench/hooks.md >>"$results"
echo "results in $results"
exit $failed
