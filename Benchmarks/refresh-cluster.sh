#!/usr/bin/env bash
# A cold refresh of N RSS feeds (25 items each) on one loopback host (issue 16's goal): one finews process
# on SQLite against a cluster on PostgreSQL, side by side in one hyperfine run:
#   sqlite      `finews refresh` on a new SQLite archive (one process: fetch, prepare, store, publish);
#   pg-inproc   `finews refresh` on a new PostgreSQL database with no workers running (it runs all roles itself);
#   pg-1-worker `finews serve --role fetch` ×1 + `--role file` + `--role publish`, started on a new database,
#               timed from their start until every item is stored and the publisher has published the last change;
#   pg-2-workers the same with two fetch workers.
# The feeds are the cluster tests' feeds (Tests/Fixtures/fetch/server.py, cluster_feed: every item's text
# differs, as real news does; TEXTS=same uses bench_feed, whose items all share one text and so all join one
# story, the worst case for near-duplicate filing), written once and served by nginx on 127.0.0.1; PostgreSQL is a throwaway cluster in the work folder (initdb + pg_ctl on
# 127.0.0.1, as user postgres when run as root; fsync on, as a real server). Prints hyperfine's table, items/s
# per command and the peak RSS of every process (a separate checked run of each, before the timed runs).
#
# Usage: Benchmarks/refresh-cluster.sh [N=2000] [RUNS=3]
#   needs hyperfine, nginx, postgresql: apt-get install -y hyperfine nginx postgresql
#   SCRATCH=.build-release (the release build's scratch path), FINEWS=path to skip building.
set -euo pipefail
cd "$(dirname "$0")/.."

# Internal: one timed cluster run (hyperfine calls this): start the roles, wait until everything is stored
# and published, stop them. Writes each process's peak RSS (VmHWM, KiB) to $WORK/rss-K.txt.
if [ "${1:-}" = "--cluster-run" ]; then
    K=$2 WORK=$3 FINEWS=$4 EXPECTED=$5 PSQL=$6
    pids=()
    names=()
    start() {
        setsid "$FINEWS" serve --config "$WORK/pg.yaml" --role "$1" ${2:+--output "$2"} < /dev/null > "$WORK/log-$1-$RANDOM.txt" 2>&1 &
        pids+=($!)
        names+=("$1")
    }
    start file
    start publish "$WORK/run/public"
    for _ in $(seq 1 "$K"); do start fetch; done
    deadline=$((SECONDS + 1800))
    stored=0
    while [ $SECONDS -lt $deadline ]; do
        stored=$($PSQL -c 'SELECT count(*) FROM articles' 2>/dev/null || echo 0)
        if [ "$stored" -ge "$EXPECTED" ]; then
            last=$($PSQL -c 'SELECT max(id) FROM change_events')
            published=$(tail -n 1 "$WORK/run/public/changes.jsonl" 2>/dev/null | grep -o '"id":[0-9]*' | cut -d: -f2 || true)
            [ "${published:-0}" = "$last" ] && break
        fi
        sleep 0.05
    done
    : > "$WORK/rss-$K.txt"
    for index in "${!pids[@]}"; do
        echo "${names[$index]} $(grep VmHWM /proc/${pids[$index]}/status | awk '{print $2}')" >> "$WORK/rss-$K.txt"
        kill -TERM "${pids[$index]}" 2>/dev/null || true
    done
    for pid in "${pids[@]}"; do
        for _ in $(seq 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
        kill -KILL "$pid" 2>/dev/null || true
    done
    [ $SECONDS -lt $deadline ] || { echo "cluster run timed out with $stored of $EXPECTED items" >&2; exit 1; }
    exit 0
fi

N=${1:-2000}
RUNS=${2:-3}
SCRATCH=${SCRATCH:-.build-release}
for tool in hyperfine nginx; do
    command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install -y $tool" >&2; exit 2; }
done
PGBIN=${FINEWS_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
[ -x "$PGBIN/initdb" ] || { echo "missing PostgreSQL: apt-get install -y postgresql" >&2; exit 2; }
if [ -z "${FINEWS:-}" ]; then
    swift build -c release --scratch-path "$SCRATCH" --product finews >/dev/null
    FINEWS="$PWD/$SCRATCH/release/finews"
fi

WORK=$(mktemp -d)
SERVER=""
AS_PG=()
[ "$(id -u)" -ne 0 ] || AS_PG=(runuser -u postgres --)
cleanup() {
    [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null
    [ -d "$WORK/pg/data" ] && "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$WORK/pg/data" -m immediate -w stop >/dev/null 2>&1
    rm -rf "$WORK"
}
trap cleanup EXIT
chmod 755 "$WORK"
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PORT=$(free_port)
BASE="http://127.0.0.1:$PORT"

mkdir -p "$WORK/www/feeds"
python3 - "$WORK/www/feeds" "$N" "$BASE" "${TEXTS:-distinct}" <<'EOF'
import os, sys
sys.path.insert(0, "Tests/Fixtures/fetch")
from server import bench_feed, cluster_feed
folder, n, base, texts = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
for i in range(1, n + 1):
    with open(os.path.join(folder, f"{i}.xml"), "wb") as handle:
        handle.write(bench_feed(i, f"{base}/feeds/{i}") if texts == "same" else cluster_feed(i, f"{base}/feeds"))
EOF
chmod -R a+rX "$WORK/www"
mkdir -p "$WORK/nginx"
cat > "$WORK/nginx.conf" <<EOF
worker_processes 2;
error_log $WORK/nginx/error.log;
pid $WORK/nginx/nginx.pid;
events { worker_connections 1024; }
http {
    access_log off;
    types { application/rss+xml xml; }
    default_type application/octet-stream;
    client_body_temp_path $WORK/nginx/body;
    proxy_temp_path $WORK/nginx/proxy;
    fastcgi_temp_path $WORK/nginx/fastcgi;
    uwsgi_temp_path $WORK/nginx/uwsgi;
    scgi_temp_path $WORK/nginx/scgi;
    server { listen 127.0.0.1:$PORT; root $WORK/www; }
}
EOF
nginx -p "$WORK/nginx" -c "$WORK/nginx.conf" -g 'daemon off;' &
SERVER=$!
for _ in $(seq 100); do curl -sf -o /dev/null "$BASE/feeds/1.xml" && break; sleep 0.1; done
curl -sf -o /dev/null "$BASE/feeds/1.xml" || { echo "the feed server did not start" >&2; exit 1; }

PGPORT=$(free_port)
mkdir -p "$WORK/pg"
[ ${#AS_PG[@]} -eq 0 ] || chown postgres "$WORK/pg"
"${AS_PG[@]}" "$PGBIN/initdb" -D "$WORK/pg/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $WORK/pg -c max_connections=200 -c shared_buffers=256MB" start >/dev/null
PSQL="psql -h 127.0.0.1 -p $PGPORT -U postgres -d bench -q -A -t"
NEWDB="psql -h 127.0.0.1 -p $PGPORT -U postgres -d postgres -q -c 'DROP DATABASE IF EXISTS bench' -c 'CREATE DATABASE bench'"

sources() {
    cat <<EOF
time_zone: Asia/Shanghai
feed: {base_url: "http://127.0.0.1:8080/"}
http:
  hosts:
    "127.0.0.1": {min_host_interval: 0s, per_host_concurrency: 8}
sources:
EOF
    for i in $(seq 1 "$N"); do echo "  - {id: s$i, kind: feed, url: \"$BASE/feeds/$i.xml\"}"; done
}
{ echo "database: run/archive.sqlite"; echo "output: run/public"; sources; } > "$WORK/sqlite.yaml"
{ echo "database: postgresql://postgres@127.0.0.1:$PGPORT/bench"; echo "output: run/public"; sources; } > "$WORK/pg.yaml"

EXPECTED=$((N * 25))
SQLITE_RUN="$FINEWS refresh --config $WORK/sqlite.yaml"
INPROC_RUN="$FINEWS refresh --config $WORK/pg.yaml"
CLUSTER="bash $PWD/Benchmarks/refresh-cluster.sh --cluster-run"
CLEAR="rm -rf $WORK/run"
echo "feeds=$N items_per_feed=25 texts=${TEXTS:-distinct} cores=$(nproc) load=$(cut -d' ' -f1-3 /proc/loadavg) postgresql=$("$PGBIN/postgres" --version)"

# Checked runs first, with each process's peak RSS: every command must store every item once.
peak() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }
eval "$CLEAR"; sqlite_rss=$(peak $SQLITE_RUN)
sqlite_items=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM articles').fetchone()[0])" "$WORK/run/archive.sqlite")
eval "$CLEAR"; eval "$NEWDB"; inproc_rss=$(peak $INPROC_RUN); inproc_items=$($PSQL -c 'SELECT count(*) FROM articles')
echo "sqlite: $sqlite_items items, peak RSS $((sqlite_rss / 1024)) MiB"
echo "pg-inproc: $inproc_items items, peak RSS $((inproc_rss / 1024)) MiB"
for K in 1 2; do
    eval "$CLEAR"; eval "$NEWDB"
    $CLUSTER "$K" "$WORK" "$FINEWS" "$EXPECTED" "$PSQL"
    items=$($PSQL -c 'SELECT count(*) FROM articles')
    distinct=$($PSQL -c 'SELECT count(DISTINCT (source_id, item_id)) FROM articles')
    echo "pg-$K-worker(s): $items items ($distinct distinct), peak RSS per process (MiB): $(awk '{printf "%s %.1f  ", $1, $2/1024}' "$WORK/rss-$K.txt")"
    # Where the time went, from the archive's own times: the fetch workers' attempts (recorded when each
    # source was fetched) and the filer's change events (stamped as it applied them).
    $PSQL -c "SELECT 'fetching: ' || count(*) || ' sources in ' || round((max(last_attempt) - min(last_attempt))::numeric, 2)
                     || ' s, ' || round((count(*) / greatest(max(last_attempt) - min(last_attempt), 0.001))::numeric, 1) || ' sources/s'
              FROM source_health"
    $PSQL -c "SELECT 'filing: ' || count(*) || ' items in ' || round((max(at) - min(at))::numeric, 2) || ' s, '
                     || round((count(*) / greatest(max(at) - min(at), 0.001))::numeric, 1) || ' items/s'
              FROM change_events"
    [ "$items" -eq "$EXPECTED" ] || { echo "the cluster with $K workers stored $items items" >&2; exit 1; }
done
[ "$sqlite_items" -eq "$EXPECTED" ] && [ "$inproc_items" -eq "$EXPECTED" ] || { echo "incomplete refresh" >&2; exit 1; }

[ "$RUNS" -gt 0 ] || exit 0
hyperfine --runs "$RUNS" --export-json "$WORK/hyperfine.json" \
    --prepare "$CLEAR" -n sqlite "$SQLITE_RUN" \
    --prepare "$CLEAR; $NEWDB" -n pg-inproc "$INPROC_RUN" \
    --prepare "$CLEAR; $NEWDB" -n pg-1-worker "$CLUSTER 1 $WORK $FINEWS $EXPECTED '$PSQL'" \
    --prepare "$CLEAR; $NEWDB" -n pg-2-workers "$CLUSTER 2 $WORK $FINEWS $EXPECTED '$PSQL'"
python3 - "$WORK/hyperfine.json" "$EXPECTED" <<'EOF'
import json, sys
results, items = json.load(open(sys.argv[1]))["results"], int(sys.argv[2])
base = results[0]
for r in results:
    print(f"{r['command'][:60]}: median {r['median']:.2f} s, mean {r['mean']:.2f} s ± {r['stddev'] or 0:.2f}; "
          f"{items / r['median']:.0f} items/s; ratio of medians to sqlite {r['median'] / base['median']:.2f}")
EOF
