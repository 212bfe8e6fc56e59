#!/usr/bin/env bash
# A throwaway PostgreSQL server from Debian's packages, for tests and benchmarks:
#   source scripts/pg.sh; pg_start DIR   -> exports ROUNDTRIP_PG_URL (a superuser on a Unix socket)
#   pg_stop DIR                           -> stops it and removes DIR
# initdb refuses to run as root, so as root the cluster belongs to the `postgres` user.
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
# durable as in production (fsync on); small shared memory; a standby needs the same limits
PG_SETTINGS="-c listen_addresses='' -c max_connections=200 -c shared_buffers=256MB"

pg_as() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_start() {
    local dir=$1 port=${2:-55432}
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    pg_as "$PG_BIN/initdb" -D "$dir/data" -U roundtrip --auth=trust --encoding=UTF8 --locale=C.UTF-8 --lc-collate=C >/dev/null
    # sockets only in $dir
    pg_as "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o "-k $dir -p $port $PG_SETTINGS" start >/dev/null
    export ROUNDTRIP_PG_URL=$(pg_url postgres "$dir" "$port")
    export ROUNDTRIP_PG_DIR=$dir ROUNDTRIP_PG_PORT=$port
}

# The URL of database NAME on the server in DIR at PORT.
pg_url() {
    echo "postgres://roundtrip@/$1?host=$2&port=$3"
}

pg_stop() {
    local dir=$1
    [ -d "$dir/standby" ] && { pg_as "$PG_BIN/pg_ctl" -D "$dir/standby" -m fast -w stop >/dev/null 2>&1 || true; }
    pg_as "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
}

# A hot standby of the server in DIR (pg_basebackup, streaming), on the next port:
#   pg_start_standby DIR   -> exports ROUNDTRIP_PG_REPLICA_URL
pg_start_standby() {
    local dir=$1 port=$((ROUNDTRIP_PG_PORT + 1))
    pg_as "$PG_BIN/pg_basebackup" -h "$dir" -p "$ROUNDTRIP_PG_PORT" -U roundtrip -D "$dir/standby" -R -X stream >/dev/null
    pg_as "$PG_BIN/pg_ctl" -D "$dir/standby" -l "$dir/standby.log" -w -o "-k $dir -p $port $PG_SETTINGS -c hot_standby=on" start >/dev/null
    export ROUNDTRIP_PG_REPLICA_URL="postgres://roundtrip@/postgres?host=$dir&port=$port"
}
