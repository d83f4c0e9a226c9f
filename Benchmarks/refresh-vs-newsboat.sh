#!/usr/bin/env bash
# A cold refresh of N RSS feeds (25 items each) on one loopback host, finews against newsboat, side by
# side in one hyperfine run. The feeds are the fetch tests' bench feeds (Tests/Fixtures/fetch/server.py,
# bench_feed), written once as static files and served by nginx (python's http.server when nginx is
# missing) on 127.0.0.1. finews lifts the host's pacing with `http.hosts` (as for a self-hosted RSSHub);
# newsboat reloads with 8 threads. Each run starts cold: a new archive and output folder for finews, a
# new cache for newsboat. Prints hyperfine's table, the medians and the ratio of the means.
#
# Usage: Benchmarks/refresh-vs-newsboat.sh [N=200] [RUNS=5]   (RUNS=0: only the checks and the profile)
#   PROFILE=1 also records one more cold finews refresh with `perf record -g` and prints the top symbols
#   (self time), demangled; PERF_DATA=path keeps the recording; PERF_RECORD="-F 200 --call-graph dwarf"
#   attributes time inside libraries built without frame pointers (SQLite) to their callers.
#   needs hyperfine, newsboat, sqlite3 and (preferably) nginx: apt-get install -y hyperfine newsboat sqlite3 nginx
#   SCRATCH=.build-release (the release build's scratch path), FINEWS=path to skip building.
#   BASELINE=path to another finews binary (an earlier build) adds it to the same hyperfine run, so a
#   change is measured before and after side by side.
#   SET_ASIDE=1 moves each run's archive and output folder aside instead of deleting them before the
#   next run (they are deleted at the end): on ext4 without a journal, as here, every new inode is
#   searched for past the inodes deleted in the last 5-10 s (`recently_deleted`), so deleting 800
#   files just before a run makes creating the next 800 quadratic; a real cold refresh writes into a
#   new folder with nothing deleted beside it a moment earlier.
#   KEEP_OUTPUT=dir copies the published folder of the checked run to dir/finews (and dir/baseline), to
#   diff what two builds publish from the same input.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-200}
RUNS=${2:-5}
SCRATCH=${SCRATCH:-.build-release}
for tool in hyperfine newsboat sqlite3; do
    command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install -y $tool" >&2; exit 2; }
done
if [ -z "${FINEWS:-}" ]; then
    swift build -c release --scratch-path "$SCRATCH" --product finews >/dev/null
    FINEWS="$PWD/$SCRATCH/release/finews"
fi

WORK=$(mktemp -d)
SERVER=""
trap '[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; rm -rf "$WORK"' EXIT
chmod 755 "$WORK"
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"

mkdir -p "$WORK/www/feeds"
python3 - "$WORK/www/feeds" "$N" "$BASE" <<'EOF'
import os, sys
sys.path.insert(0, "Tests/Fixtures/fetch")
from server import bench_feed
folder, n, base = sys.argv[1], int(sys.argv[2]), sys.argv[3]
for i in range(1, n + 1):
    # Links (and so guids) under each feed's own path, as RSSHub routes have: newsboat keys items by
    # guid across all feeds, and one host would otherwise give every feed the same 25 guids.
    with open(os.path.join(folder, f"{i}.xml"), "wb") as handle:
        handle.write(bench_feed(i, f"{base}/feeds/{i}"))
EOF
chmod -R a+rX "$WORK/www"

if command -v nginx >/dev/null; then
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
    SERVED_BY=nginx
else
    python3 -m http.server --bind 127.0.0.1 --directory "$WORK/www" "$PORT" >/dev/null 2>&1 &
    SERVER=$!
    SERVED_BY="python3 http.server"
fi
for _ in $(seq 100); do curl -sf -o /dev/null "$BASE/feeds/1.xml" && break; sleep 0.1; done
curl -sf -o /dev/null "$BASE/feeds/1.xml" || { echo "the feed server did not start" >&2; exit 1; }

{
    cat <<EOF
database: run/archive.sqlite
output: run/public
time_zone: Asia/Shanghai
feed: {base_url: "http://127.0.0.1:8080/"}
http:
  hosts:
    "127.0.0.1": {min_host_interval: 0s, per_host_concurrency: 8}
sources:
EOF
    for i in $(seq 1 "$N"); do echo "  - {id: s$i, kind: feed, url: \"$BASE/feeds/$i.xml\"}"; done
} > "$WORK/finews.yaml"
for i in $(seq 1 "$N"); do echo "$BASE/feeds/$i.xml"; done > "$WORK/urls"
printf 'reload-threads 8\n' > "$WORK/newsboat.conf"

if [ -n "${SET_ASIDE:-}" ]; then
    mkdir -p "$WORK/aside"
    CLEAR_RUN="if [ -e $WORK/run ]; then mv $WORK/run $WORK/aside/\$(date +%s%N); fi"
else
    CLEAR_RUN="rm -rf $WORK/run"
fi
FINEWS_RUN="$FINEWS refresh --config $WORK/finews.yaml"
BASELINE_RUN="${BASELINE:+$BASELINE refresh --config $WORK/finews.yaml}"
NEWSBOAT_RUN="newsboat -u $WORK/urls -c $WORK/cache.db -C $WORK/newsboat.conf -x reload"

# One checked run of each first: both must store every item, or the comparison means nothing.
eval "$CLEAR_RUN"; $FINEWS_RUN > /dev/null
rm -f "$WORK/cache.db"; $NEWSBOAT_RUN > /dev/null 2>&1 || true
finews_items=$(sqlite3 "$WORK/run/archive.sqlite" 'SELECT count(*) FROM articles')
newsboat_items=$(sqlite3 "$WORK/cache.db" 'SELECT count(*) FROM rss_item')
files=$(find "$WORK/run/public" -type f | wc -l)
if [ -n "${KEEP_OUTPUT:-}" ]; then rm -rf "$KEEP_OUTPUT/finews"; mkdir -p "$KEEP_OUTPUT"; cp -a "$WORK/run/public" "$KEEP_OUTPUT/finews"; fi
echo "feeds=$N items_per_feed=25 served_by=$SERVED_BY cores=$(nproc) load=$(cut -d' ' -f1-3 /proc/loadavg)"
echo "stored items: finews=$finews_items newsboat=$newsboat_items (expected $((N * 25))); finews published $files files"
[ "$finews_items" -eq $((N * 25)) ] && [ "$newsboat_items" -eq $((N * 25)) ] || { echo "incomplete refresh" >&2; exit 1; }
BASELINE_ARGS=()
if [ -n "$BASELINE_RUN" ]; then
    eval "$CLEAR_RUN"; $BASELINE_RUN > /dev/null
    baseline_items=$(sqlite3 "$WORK/run/archive.sqlite" 'SELECT count(*) FROM articles')
    [ "$baseline_items" -eq $((N * 25)) ] || { echo "the baseline stored $baseline_items items" >&2; exit 1; }
    if [ -n "${KEEP_OUTPUT:-}" ]; then rm -rf "$KEEP_OUTPUT/baseline"; cp -a "$WORK/run/public" "$KEEP_OUTPUT/baseline"; fi
    BASELINE_ARGS=(--prepare "$CLEAR_RUN" -n "finews refresh (baseline)" "$BASELINE_RUN")
fi

if [ "$RUNS" -gt 0 ]; then
hyperfine --runs "$RUNS" --export-json "$WORK/hyperfine.json" \
    --prepare "$CLEAR_RUN" -n "finews refresh" "$FINEWS_RUN" \
    --prepare "rm -f $WORK/cache.db" -n "newsboat -x reload (8 threads)" "$NEWSBOAT_RUN" \
    "${BASELINE_ARGS[@]}"

python3 - "$WORK/hyperfine.json" <<'EOF'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
finews, newsboat = results[0], results[1]
for r in results:
    print(f"{r['command']}: median {r['median']:.3f} s, mean {r['mean']:.3f} s ± {r['stddev']:.3f}, "
          f"user {r['user']:.3f} s, system {r['system']:.3f} s")
for r in [finews] + results[2:]:
    print(f"ratio of means {r['command']}/newsboat: {r['mean'] / newsboat['mean']:.2f} "
          f"(medians: {r['median'] / newsboat['median']:.2f})")
if len(results) > 2:
    base = results[2]
    cpu = (finews['user'] + finews['system']) / (base['user'] + base['system'])
    print(f"ratio of means finews/baseline: {finews['mean'] / base['mean']:.2f} "
          f"(medians: {finews['median'] / base['median']:.2f}; CPU time: {cpu:.2f})")
EOF
fi

if [ -n "${PROFILE:-}" ]; then
    set +o pipefail  # head ends the report pipelines early
    command -v perf >/dev/null || { echo "PROFILE=1 needs perf: apt-get install -y linux-perf" >&2; exit 2; }
    eval "$CLEAR_RUN"
    # shellcheck disable=SC2086
    perf record -q ${PERF_RECORD:--F 999 -g} -o "${PERF_DATA:-$WORK/perf.data}" $FINEWS_RUN > /dev/null 2> "$WORK/perf.err" \
        || { cat "$WORK/perf.err" >&2; exit 1; }
    echo "profile of one cold finews refresh (perf, self time, top 40 symbols):"
    perf report -i "${PERF_DATA:-$WORK/perf.data}" --no-children --sort dso,symbol --stdio 2>/dev/null \
        | grep -E '^ +[0-9]' | head -40 | swift demangle --simplified | cut -c1-180
    echo "by shared object:"
    perf report -i "${PERF_DATA:-$WORK/perf.data}" --no-children --sort dso --stdio 2>/dev/null | grep -E '^ +[0-9]' | head -12
fi
