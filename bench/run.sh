#!/usr/bin/env bash
# One benchmark command: loads N synthetic tickets (bench/load.sql) into a
# fresh PostgreSQL database, starts the release server, runs every workload
# with wrk at each concurrency, measures pgbench's ceiling for filing's two
# inserts in the same run, samples the server's RSS throughout, then prints
# one table and writes bench/results.json.
#
#   bench/run.sh                       # 1,000,000 tickets, 15 s a run, c = 1 16 64
#   bench/run.sh --rounds 3            # median of three rounds, with min–max
#   bench/run.sh --smoke               # 1,000 tickets, 2 s a run (CI)
#
# Options (or the environment variable in brackets):
#   --tickets N     tickets to load (BENCH_TICKETS, default 1000000)
#   --db NAME       database to (re)create (BENCH_DB, default huying_bench)
#   --pg URL        server URL without database (BENCH_PG,
#                   default postgres://postgres@127.0.0.1:5432)
#   --bin PATH      the huying binary (BENCH_BIN; default: `cargo build
#                   --release` into $CARGO_TARGET_DIR and use that)
#   --duration S    seconds per wrk run (BENCH_DURATION, default 15)
#   --rounds R      rounds of every workload (BENCH_ROUNDS, default 1)
#   --conns "C…"    concurrencies (BENCH_CONNS, default "1 16 64")
#   --workloads "…" subset of: login file get queue deep claim mix summary
#                   public backlog pgbench (BENCH_WORKLOADS, default all)
#   --pause S       rest before each run (BENCH_PAUSE, default 2)
#   --port P        port of the server (BENCH_PORT, default 18089)
#   --skip-load     reuse the loaded database (BENCH_SKIP_LOAD=1)
#   --smoke         1,000 tickets, 2 s a run, no pauses
#
# Needs psql, pgbench, curl, jq and wrk (Debian package `wrk`; installed
# with apt-get when missing and running as root). Leaves the database
# behind for inspection.
set -euo pipefail
cd "$(dirname "$0")/.."

TICKETS=${BENCH_TICKETS:-1000000}
DB=${BENCH_DB:-huying_bench}
PG=${BENCH_PG:-postgres://postgres@127.0.0.1:5432}
BIN=${BENCH_BIN:-}
DURATION=${BENCH_DURATION:-15}
ROUNDS=${BENCH_ROUNDS:-1}
CONNS=${BENCH_CONNS:-1 16 64}
ALL_WORKLOADS="login file get queue deep claim mix summary public backlog pgbench"
WORKLOADS=${BENCH_WORKLOADS:-$ALL_WORKLOADS}
PAUSE=${BENCH_PAUSE:-2}
PORT=${BENCH_PORT:-18089}
SKIP_LOAD=${BENCH_SKIP_LOAD:-}
SMOKE=
while [ $# -gt 0 ]; do
    case $1 in
        --tickets) TICKETS=$2; shift ;;
        --db) DB=$2; shift ;;
        --pg) PG=$2; shift ;;
        --bin) BIN=$2; shift ;;
        --duration) DURATION=$2; shift ;;
        --rounds) ROUNDS=$2; shift ;;
        --conns) CONNS=$2; shift ;;
        --workloads) WORKLOADS=$2; shift ;;
        --pause) PAUSE=$2; shift ;;
        --port) PORT=$2; shift ;;
        --skip-load) SKIP_LOAD=1 ;;
        --smoke) SMOKE=1 ;;
        -h | --help) sed -n '2,30p' "$0"; exit 0 ;;
        *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done
if [ -n "$SMOKE" ]; then
    TICKETS=1000 DURATION=2 ROUNDS=1 PAUSE=0
fi

for tool in psql pgbench curl jq; do
    command -v "$tool" > /dev/null || { echo "bench: $tool is missing" >&2; exit 1; }
done
if ! command -v wrk > /dev/null; then
    if [ "$(id -u)" = 0 ]; then
        echo "bench: installing wrk (Debian package)"
        apt-get update -qq > /dev/null && apt-get install -y -qq wrk > /dev/null
    else
        echo "bench: wrk is missing: apt-get install wrk" >&2
        exit 1
    fi
fi

if [ -z "$BIN" ]; then
    cargo build --release --bin huying --quiet
    BIN="${CARGO_TARGET_DIR:-target}/release/huying"
fi
BIN=$(realpath "$BIN")
WORK=$(mktemp -d)
SERVER= SAMPLER=
cleanup() {
    [ -n "$SAMPLER" ] && kill "$SAMPLER" 2> /dev/null || true
    [ -n "$SERVER" ] && kill "$SERVER" 2> /dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

export DATABASE_URL="$PG/$DB"
SQL() { psql "$DATABASE_URL" -XAtq "$@"; }
LOAD_SECS=null
if [ -z "$SKIP_LOAD" ]; then
    psql "$PG/postgres" -Xqc "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)"
    psql "$PG/postgres" -Xqc "CREATE DATABASE \"$DB\""
    "$BIN" migrate
    echo "loading $TICKETS tickets…"
    start=$(date +%s%3N)
    "$BIN" seed-demo > /dev/null
    SQL -v tickets="$TICKETS" -f bench/load.sql
    LOAD_SECS=$(awk -v ms=$(($(date +%s%3N) - start)) 'BEGIN { printf "%.1f", ms / 1000 }')
    awk -v n="$TICKETS" -v s="$LOAD_SECS" \
        'BEGIN { printf "loaded %d tickets (and the demo data) in %.0f s: %.0f tickets/s\n", n, s, n / s }'
fi
# seed-demo is idempotent: run again, it prints the demo users' passwords.
"$BIN" seed-demo > "$WORK/demo.json"
SQL -c "SELECT count(*) || ' tickets, ' || pg_size_pretty(pg_total_relation_size('tickets')) FROM tickets"

password() { jq -r --arg l "$1" '.users[] | select(.login == $l) | .password' "$WORK/demo.json"; }
STAFF_LOGIN=staff.hrss
STAFF_DEPT=$(jq -r --arg l "$STAFF_LOGIN" '.users[] | select(.login == $l) | .department_id' "$WORK/demo.json")
CATEGORY=$(jq -r '.categories[0]' "$WORK/demo.json")
export BENCH_LOGIN BENCH_FILE BENCH_FILER BENCH_READER BENCH_STAFF BENCH_IDS BENCH_CLAIMS BENCH_PATH
BENCH_LOGIN=$(jq -nc --arg l "$STAFF_LOGIN" --arg p "$(password "$STAFF_LOGIN")" '{login: $l, password: $p}')
BENCH_FILE=$(jq -nc --arg c "$CATEGORY" \
    '{title: "bench filing", description: "filed by wrk", category: $c}')

HUYING_JWT_SECRET="bench secret, at least thirty-two bytes long" \
    HUYING_BIND="127.0.0.1:$PORT" RUST_LOG=warn "$BIN" serve > "$WORK/server.log" 2>&1 &
SERVER=$!
H="http://127.0.0.1:$PORT"
for _ in $(seq 1 100); do
    curl -sf "$H/readyz" > /dev/null && break
    sleep 0.2
done
# The server's resident memory, every 200 ms: "<unix ms> <kB>".
(
    while [ -r "/proc/$SERVER/status" ]; do
        echo "$(date +%s%3N) $(awk '/^VmRSS/ { print $2 }' "/proc/$SERVER/status")"
        sleep 0.2
    done
) > "$WORK/rss.log" 2> /dev/null &
SAMPLER=$!
rss_now() { awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$SERVER/status"; }
rss_peak() { # from to (unix ms) → MiB
    awk -v a="$1" -v b="$2" '$1 >= a && $1 <= b && $2 > m { m = $2 } END { printf "%.0f", m / 1024 }' "$WORK/rss.log"
}
RSS_IDLE=$(rss_now)

token() {
    curl -sf "$H/api/v1/auth/login" -H 'content-type: application/json' \
        -d "$(jq -nc --arg l "$1" --arg p "$(password "$1")" '{login: $l, password: $p}')" |
        jq -r .access_token
}
login_all() { # access tokens live 15 minutes: a fresh set every round
    BENCH_READER=$(token supervisor)
    BENCH_STAFF=$(token "$STAFF_LOGIN")
    BENCH_FILER=$(token xinxian)
}
login_all

# Tickets to read: a random sample of everything loaded.
BENCH_IDS="$WORK/ids"
SQL -c "SELECT id FROM tickets ORDER BY random() LIMIT 10000" > "$BENCH_IDS"
# The queue of one department, newest first; its 51st page is 50 pages deep.
QUEUE="/api/v1/tickets"
DEEP=$QUEUE
for _ in $(seq 1 50); do
    cursor=$(curl -sf "$H$DEEP" -H "authorization: Bearer $BENCH_STAFF" | jq -r '.next_cursor // empty')
    [ -z "$cursor" ] && break
    DEEP="$QUEUE?cursor=$cursor"
done
PERIOD="from=2024-12-31T16:00:00Z&to=2026-01-01T00:00:00Z"

# Fresh dispatched tickets in the staff's department, so every claim in a
# run claims a ticket nobody has claimed.
claimable() { # count → file of ids
    SQL -v n="$1" -v department="$STAFF_DEPT" -f bench/claimable.sql > "$WORK/claims"
    echo "$WORK/claims"
}

RESULTS="$WORK/results.jsonl"
: > "$RESULTS"
record() { # workload c round rps p50_ms p99_ms errors rss_peak_mib [extra json]
    jq -nc --arg w "$1" --argjson c "$2" --argjson r "$3" --argjson rps "$4" \
        --argjson p50 "$5" --argjson p99 "$6" --argjson err "$7" --argjson rss "$8" \
        --argjson extra "${9:-null}" \
        '{workload: $w, c: $c, round: $r, rps: $rps, p50_ms: $p50, p99_ms: $p99, errors: $err, rss_peak_mib: $rss} + ($extra // {})' \
        >> "$RESULTS"
}

# wrk's RESULT line → "rps p50_ms p99_ms errors"
parse_wrk() {
    grep '^RESULT ' "$1" | sed 's/^RESULT //' | jq -r '
        [(.requests / (.duration_us / 1e6) | . * 10 | round / 10),
         (.latency_us.p50 / 1000 | . * 100 | round / 100),
         (.latency_us.p99 / 1000 | . * 100 | round / 100),
         (.errors | .connect + .read + .write + .status + .timeout)] | @tsv'
}

run_wrk() { # name c round workload [path]
    local name=$1 c=$2 round=$3 threads=$(($2 < 2 ? $2 : 2))
    export BENCH_WORKLOAD=$4 BENCH_THREADS=$threads BENCH_PATH=${5:-$QUEUE}
    sleep "$PAUSE"
    local from to
    from=$(date +%s%3N)
    wrk -t "$threads" -c "$c" -d "${DURATION}s" --timeout 30s -s bench/wrk.lua "$H" > "$WORK/wrk.out" 2>&1 || {
        cat "$WORK/wrk.out" >&2
        return 1
    }
    to=$(date +%s%3N)
    read -r rps p50 p99 errors < <(parse_wrk "$WORK/wrk.out")
    record "$name" "$c" "$round" "$rps" "$p50" "$p99" "$errors" "$(rss_peak "$from" "$to")"
    printf '  %-16s c=%-3s %8s req/s  p50 %7s ms  p99 %7s ms  errors %s\n' "$name" "$c" "$rps" "$p50" "$p99" "$errors"
}

# A login storm, with one client reading tickets alongside; then the RSS
# once the server has rested.
run_login() { # c round
    local c=$1 round=$2
    BENCH_WORKLOAD=get BENCH_THREADS=1 wrk -t 1 -c 1 -d "${DURATION}s" --timeout 30s \
        -s bench/wrk.lua "$H" > "$WORK/beside.out" 2>&1 &
    local beside=$!
    PAUSE=0 run_wrk login "$c" "$round" login
    wait "$beside"
    read -r rps p50 p99 errors < <(parse_wrk "$WORK/beside.out")
    sleep "$((DURATION < 5 ? DURATION : 5))"
    local after
    after=$(rss_now)
    record "get beside login" "$c" "$round" "$rps" "$p50" "$p99" "$errors" "$after" \
        "{\"rss_after_mib\": $after}"
    printf '  %-16s c=%-3s %8s req/s  p50 %7s ms  p99 %7s ms  errors %s; RSS %s MiB after a rest\n' \
        "get beside login" 1 "$rps" "$p50" "$p99" "$errors" "$after"
}

# pgbench: the ticket and event inserts of a filing, nothing else.
run_pgbench() { # c round
    local c=$1 round=$2 threads=$(($1 < 2 ? $1 : 2)) dept
    dept=$STAFF_DEPT
    sleep "$PAUSE"
    pgbench -n -M prepared -c "$c" -j "$threads" -T "$DURATION" -f bench/pgbench.sql \
        -D department="$dept" "$DATABASE_URL" > "$WORK/pgbench.out" 2>&1 || {
        # Most often too many clients for the server's max_connections:
        # reported, not fatal to the rest of the run.
        echo "  pgbench c=$c failed: $(grep -m1 -i error "$WORK/pgbench.out")" >&2
        return 0
    }
    local tps lat
    tps=$(awk '/^tps = / { printf "%.1f", $3 }' "$WORK/pgbench.out")
    lat=$(awk '/^latency average = / { print $4 }' "$WORK/pgbench.out")
    record pgbench "$c" "$round" "$tps" "$lat" null 0 null
    printf '  %-16s c=%-3s %8s tx/s   mean %6s ms\n' pgbench "$c" "$tps" "$lat"
    SQL -c "DELETE FROM ticket_events WHERE ticket_id IN (SELECT id FROM tickets WHERE number LIKE 'PGB%');
            DELETE FROM tickets WHERE number LIKE 'PGB%'"
}

want() { case " $WORKLOADS " in *" $1 "*) return 0 ;; esac; return 1; }
echo "idle RSS ${RSS_IDLE} MiB; ${DURATION} s a run; concurrencies: $CONNS; rounds: $ROUNDS"
for round in $(seq 1 "$ROUNDS"); do
    echo "round $round"
    [ "$round" -gt 1 ] && login_all
    for c in $CONNS; do
        want login && run_login "$c" "$round"
        want file && run_wrk file "$c" "$round" file
        want pgbench && run_pgbench "$c" "$round"
        want get && run_wrk get "$c" "$round" get
        want queue && run_wrk queue "$c" "$round" path "$QUEUE"
        want deep && run_wrk "queue page 51" "$c" "$round" path "$DEEP"
        if want claim; then
            # Enough for ~600 claims a second per connection and 5,000 a second in all.
            BENCH_CLAIMS=$(claimable $(((c < 8 ? c : 8) * DURATION * 600 + 500)))
            run_wrk claim "$c" "$round" claim
        fi
        if want mix; then
            BENCH_CLAIMS=$(claimable $(((c < 8 ? c : 8) * DURATION * 100 + 500)))
            run_wrk mix "$c" "$round" mix "$QUEUE"
        fi
        want summary && run_wrk "summary by dept" "$c" "$round" path \
            "/api/v1/reports/summary?$PERIOD&group_by=department"
        want public && run_wrk "public summary" "$c" "$round" path "/api/v1/reports/public-summary?$PERIOD"
        want backlog && run_wrk backlog "$c" "$round" path /api/v1/reports/backlog
    done
done
RSS_END=$(rss_now)

# Median over rounds, with min and max, per workload and concurrency.
SUMMARY=$(jq -sc '
    def median: sort | if length == 0 then null else .[(length - 1) / 2 | floor] end;
    group_by([.workload, .c]) | map({
        workload: .[0].workload, c: .[0].c, rounds: length,
        rps: (map(.rps) | median), rps_min: (map(.rps) | min), rps_max: (map(.rps) | max),
        p50_ms: (map(.p50_ms) | median), p99_ms: (map(.p99_ms) | median),
        errors: (map(.errors) | add), rss_peak_mib: (map(.rss_peak_mib) | max),
        rss_after_mib: (map(.rss_after_mib // empty) | max)
    })' "$RESULTS")
RATIOS=$(jq -c '
    (map({key: "\(.workload)@\(.c)", value: .rps}) | from_entries) as $r
    | [.[] | select(.workload == "pgbench") | .c] | map(tostring) | map({
        c: tonumber,
        file_vs_pgbench: (if $r["file@\(.)"] and $r["pgbench@\(.)"] > 0
            then ($r["file@\(.)"] / $r["pgbench@\(.)"] * 100 | round / 100) else null end),
        deep_vs_first_page: (if $r["queue page 51@\(.)"] and $r["queue@\(.)"] > 0
            then ($r["queue page 51@\(.)"] / $r["queue@\(.)"] * 100 | round / 100) else null end)
    })' <<< "$SUMMARY")

echo
printf '%-18s %4s %26s %9s %9s %7s %9s\n' workload c "req/s median (min–max)" "p50 ms" "p99 ms" errors "RSS MiB"
jq -r '.[] | [.workload, .c, "\(.rps) (\(.rps_min)–\(.rps_max))", (.p50_ms // "-"), (.p99_ms // "-"),
        .errors, ((.rss_peak_mib // "-" | tostring) + (if .rss_after_mib then " → \(.rss_after_mib)" else "" end))] | @tsv' \
    <<< "$SUMMARY" | awk -F'\t' '{ printf "%-18s %4s %26s %9s %9s %7s %9s\n", $1, $2, $3, $4, $5, $6, $7 }'
echo
jq -r '.[] | "c=\(.c): file / pgbench = \(.file_vs_pgbench // "-"), page 51 / page 1 = \(.deep_vs_first_page // "-")"' <<< "$RATIOS"
echo "RSS: idle ${RSS_IDLE} MiB, peak $(awk '$2 > m { m = $2 } END { printf "%.0f", m / 1024 }' "$WORK/rss.log") MiB, at the end ${RSS_END} MiB"

jq -n --slurpfile runs "$RESULTS" --argjson summary "$SUMMARY" --argjson ratios "$RATIOS" \
    --argjson tickets "$TICKETS" --argjson load "$LOAD_SECS" --argjson duration "$DURATION" \
    --arg conns "$CONNS" --argjson rss_idle "$RSS_IDLE" --argjson rss_end "$RSS_END" \
    --arg when "$(date -u +%FT%TZ)" --arg load_avg "$(cut -d' ' -f1-3 /proc/loadavg)" '{
        when: $when, load_average_at_end: $load_avg, tickets: $tickets,
        load_seconds: $load, load_rate_per_s: (if $load then ($tickets / $load | round) else null end),
        duration_s: $duration, concurrencies: ($conns | split(" ") | map(select(. != "") | tonumber)),
        rss_idle_mib: $rss_idle, rss_end_mib: $rss_end,
        summary: $summary, ratios: $ratios, runs: $runs
    }' > bench/results.json
echo "wrote bench/results.json"
