#!/usr/bin/env bash
# N feed sources (25 items each) served from 127.0.0.1, read by finews and by newsboat side by side in
# the same run: finews's fetch stage alone (fetch, decode, parse), a full finews refresh (fetch, store in
# SQLite, publish every feed), and newsboat's reload (fetch, parse, store in its SQLite cache). Each
# source gets its own host name (sN.localhost, which libcurl resolves to 127.0.0.1 by itself) so
# per-host pacing applies as it would to real sites.
#
# Usage: Benchmarks/fetch-vs-newsboat.sh [N=200]   (needs `apt-get install -y newsboat`)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-200}
SCRATCH=${SCRATCH:-.build-bench}
WORK=$(mktemp -d)
trap 'kill "$SERVER" 2>/dev/null || true; rm -rf "$WORK"' EXIT

swift build -c release --scratch-path "$SCRATCH" --product finews-bench >/dev/null
BENCH="$SCRATCH/release/finews-bench"

python3 Tests/Fixtures/fetch/server.py --idle 600 > "$WORK/port" &
SERVER=$!
for _ in $(seq 50); do [ -s "$WORK/port" ] && break; sleep 0.1; done
PORT=$(head -1 "$WORK/port")
for i in $(seq 1 "$N"); do echo "http://s$i.localhost:$PORT/bench/$i.xml"; done > "$WORK/urls"

echo "sources=$N items_per_source=25 host=127.0.0.1 cores=$(nproc)"
/usr/bin/time -f "  (time: peak_rss_kib=%M wall=%e)" "$BENCH" fetch "$WORK/urls"
/usr/bin/time -f "  (time: peak_rss_kib=%M wall=%e)" "$BENCH" refresh-feeds "$WORK/urls"

if command -v newsboat >/dev/null; then
    for threads in 1 32; do
        rm -f "$WORK/cache.db"
        printf 'reload-threads %s\n' "$threads" > "$WORK/config"
        start=$(date +%s.%N)
        /usr/bin/time -f "newsboat_time_peak_rss_kib=%M" \
            newsboat -u "$WORK/urls" -c "$WORK/cache.db" -C "$WORK/config" -x reload 2> "$WORK/nb.err" || true
        end=$(date +%s.%N)
        items=$(sqlite3 "$WORK/cache.db" 'select count(*) from rss_item' 2>/dev/null || echo "?")
        printf 'newsboat reload-threads=%s items=%s wall_s=%.3f req_per_s=%.1f %s\n' "$threads" "$items" \
            "$(echo "$end - $start" | bc)" "$(echo "$N / ($end - $start)" | bc -l)" "$(tail -1 "$WORK/nb.err")"
    done
else
    echo "newsboat not installed: apt-get install -y newsboat"
fi
