#!/usr/bin/env bash
# Filing throughput with notifications and one webhook endpoint against
# filing without the webhook (the ratio; target >= 0.8), and the delivery
# latency from commit to the receiver at a steady 100 filings a second
# (p50/p99; target p99 < 1 s). Notifications are always written: they are
# part of the filing's transaction.
#
#   bench/notify.sh                 # N=2000 filings per phase, C=16 at once
#   N=5000 C=32 RATE=100 SECS=20 bench/notify.sh
#
# Needs PostgreSQL (BENCH_PG, default postgres://postgres@127.0.0.1:5432),
# curl, jq and python3. Uses a fresh database `huying_bench_notify`.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-2000}
C=${C:-16}
RATE=${RATE:-100}
SECS=${SECS:-10}
PG=${BENCH_PG:-postgres://postgres@127.0.0.1:5432}
DB=huying_bench_notify
PORT=${BENCH_PORT:-18090}
RPORT=${BENCH_RECEIVER_PORT:-18091}
BIN=${BIN:-"${CARGO_TARGET_DIR:-target}/release/huying"}
WORK=$(mktemp -d)
trap 'kill "$SERVER" 2>/dev/null || true; rm -rf "$WORK"' EXIT
SERVER=

[ -n "${BIN_PREBUILT:-}" ] || cargo build --release --bin huying --quiet
export DATABASE_URL="$PG/$DB"
psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
psql "$PG/postgres" -qc "CREATE DATABASE $DB"
"$BIN" migrate
"$BIN" seed-demo > "$WORK/demo.json"

HUYING_JWT_SECRET="bench secret, at least thirty-two bytes long" \
    HUYING_WEBHOOK_ALLOW_PRIVATE=1 HUYING_SLA_TICK_SECS=0 \
    HUYING_BIND="127.0.0.1:$PORT" RUST_LOG=warn "$BIN" serve > "$WORK/server.log" 2>&1 &
SERVER=$!
H="http://127.0.0.1:$PORT"
for _ in $(seq 1 50); do
    curl -sf "$H/readyz" > /dev/null && break
    sleep 0.2
done
login() {
    local who=$1 role=$2
    local pw
    pw=$(jq -r --arg r "$role" '[.users[] | select(.role == $r)][0] | .password' "$WORK/demo.json")
    who=$(jq -r --arg r "$role" '[.users[] | select(.role == $r)][0] | .login' "$WORK/demo.json")
    curl -sf "$H/api/v1/auth/login" -H 'content-type: application/json' \
        -d "{\"login\":\"$who\",\"password\":\"$pw\"}" | jq -r .access_token
}
ENT=$(login x enterprise)
ADMIN=$(login x admin)

H="$H" ENT="$ENT" ADMIN="$ADMIN" N="$N" C="$C" RATE="$RATE" SECS="$SECS" RPORT="$RPORT" \
python3 - <<'PY'
import json, os, threading, time, urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

H, ENT, ADMIN = os.environ["H"], os.environ["ENT"], os.environ["ADMIN"]
N, C, RATE, SECS = (int(os.environ[k]) for k in ("N", "C", "RATE", "SECS"))
lat, seen = [], set()

class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["content-length"]))
        now = time.time()
        p = json.loads(body)
        if self.headers["webhook-id"] not in seen:
            seen.add(self.headers["webhook-id"])
            ts = datetime.fromisoformat(p["timestamp"].replace("Z", "+00:00")).timestamp()
            lat.append(now - ts)
        self.send_response(204); self.end_headers()
    def log_message(self, *a): pass

srv = ThreadingHTTPServer(("127.0.0.1", int(os.environ["RPORT"])), Receiver)
threading.Thread(target=srv.serve_forever, daemon=True).start()

def post(path, token, body):
    req = urllib.request.Request(H + path, data=json.dumps(body).encode(), method="POST",
        headers={"content-type": "application/json", "authorization": "Bearer " + token})
    with urllib.request.urlopen(req) as r:
        return json.loads(r.read() or b"null")

def file(i):
    post("/api/v1/tickets", ENT, {"title": f"压测 {i}", "description": "需要招聘五十名一线操作工",
                                  "category": "hiring"})

def throughput(label):
    start = time.time()
    with ThreadPoolExecutor(C) as pool:
        list(pool.map(file, range(N)))
    rate = N / (time.time() - start)
    print(f"{label}: {rate:.0f} filings/s")
    return rate

base = throughput("without a webhook")
post("/api/v1/webhooks", ADMIN, {"url": f"http://127.0.0.1:{os.environ['RPORT']}/hook"})
hooked = throughput("with a webhook")
print(f"ratio: {hooked / base:.2f} (target >= 0.8)")

lat.clear(); seen.clear()
with ThreadPoolExecutor(C) as pool:
    t0 = time.time()
    for i in range(RATE * SECS):
        pool.submit(file, i)
        time.sleep(max(0, t0 + (i + 1) / RATE - time.time()))
time.sleep(3)
lat.sort()
if lat:
    q = lambda f: lat[min(len(lat) - 1, int(f * len(lat)))]
    print(f"delivery latency at {RATE}/s: n={len(lat)} p50={q(0.5)*1000:.0f} ms "
          f"p99={q(0.99)*1000:.0f} ms max={lat[-1]*1000:.0f} ms (target p99 < 1000 ms)")
PY
