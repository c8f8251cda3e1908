#!/usr/bin/env bash
# Loads N synthetic tickets (default 1,000,000; see load.sql) into a fresh
# PostgreSQL database and times the report endpoints over HTTP against a
# release build: one warm-up request, then RUNS timed ones (default 9),
# printing the median and the extremes of each.
#
#   bench/run.sh [N]
#   BENCH_SKIP_LOAD=1 bench/run.sh    # time again against the loaded database
#
# Needs PostgreSQL (BENCH_PG, default postgres://postgres@127.0.0.1:5432),
# curl and jq. Leaves the database `huying_bench` behind for inspection;
# `psql -c 'DROP DATABASE huying_bench'` when done.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${1:-1000000}
RUNS=${RUNS:-9}
# Seconds to rest before each endpoint: this machine's shared cores slow
# down under sustained load, which would charge later endpoints for the
# earlier ones' work.
PAUSE=${BENCH_PAUSE:-0}
PG=${BENCH_PG:-postgres://postgres@127.0.0.1:5432}
DB=huying_bench
PORT=${BENCH_PORT:-18089}
BIN="${CARGO_TARGET_DIR:-target}/release/huying"
WORK=$(mktemp -d)
trap 'kill "$SERVER" 2>/dev/null || true; rm -rf "$WORK"' EXIT
SERVER=

cargo build --release --bin huying --quiet
export DATABASE_URL="$PG/$DB"
if [ -z "${BENCH_SKIP_LOAD:-}" ]; then
    psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
    psql "$PG/postgres" -qc "CREATE DATABASE $DB"
    "$BIN" migrate
    echo "loading $N tickets…"
    start=$(date +%s)
    "$BIN" seed-demo > /dev/null
    psql "$DATABASE_URL" -q -v tickets="$N" -f bench/load.sql
    echo "loaded in $(($(date +%s) - start)) s"
fi
# seed-demo is idempotent: run again, it prints the demo users' passwords.
"$BIN" seed-demo > "$WORK/demo.json"
psql "$DATABASE_URL" -Atc "SELECT count(*) || ' tickets, ' || pg_size_pretty(pg_total_relation_size('tickets')) FROM tickets"

HUYING_JWT_SECRET="bench secret, at least thirty-two bytes long" \
    HUYING_BIND="127.0.0.1:$PORT" RUST_LOG=warn "$BIN" serve > "$WORK/server.log" 2>&1 &
SERVER=$!
H="http://127.0.0.1:$PORT"
for _ in $(seq 1 50); do
    curl -sf "$H/readyz" > /dev/null && break
    sleep 0.2
done
password=$(jq -r '.users[] | select(.login == "supervisor") | .password' "$WORK/demo.json")
TOKEN=$(curl -sf "$H/api/v1/auth/login" -H 'content-type: application/json' \
    -d "{\"login\":\"supervisor\",\"password\":\"$password\"}" | jq -r .access_token)

# Every synthetic ticket lies in 2025 (Beijing time).
PERIOD="from=2024-12-31T16:00:00Z&to=2026-01-01T00:00:00Z"

time_it() {
    local name=$1 path=$2 status
    sleep "$PAUSE"
    status=$(curl -s -o "$WORK/out" -w '%{http_code}' "$H$path" -H "authorization: Bearer $TOKEN")
    if [ "$status" != 200 ]; then
        echo "$name: HTTP $status: $(head -c 300 "$WORK/out")" >&2
        return 1
    fi
    local times=()
    for _ in $(seq 1 "$RUNS"); do
        times+=("$(curl -sf -o /dev/null -w '%{time_total}' "$H$path" -H "authorization: Bearer $TOKEN")")
    done
    printf '%s\n' "${times[@]}" | sort -n | awk -v name="$name" -v rows="$(jq '.rows // .items // .categories | length' "$WORK/out")" '
        { t[NR] = $1 }
        END { printf "%-32s median %6.0f ms   min %6.0f ms   max %6.0f ms   (%d rows, %d runs)\n",
              name, t[int((NR + 1) / 2)] * 1000, t[1] * 1000, t[NR] * 1000, rows, NR }'
}

echo "timing over HTTP ($RUNS runs each, after one warm-up):"
for group in department none category service_item chain enterprise week month; do
    time_it "summary group_by=$group" "/api/v1/reports/summary?$PERIOD&group_by=$group"
done
time_it "public-summary" "/api/v1/reports/public-summary?$PERIOD"
time_it "backlog" "/api/v1/reports/backlog"
time_it "overdue (first page of 50)" "/api/v1/reports/overdue"
