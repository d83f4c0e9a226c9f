#!/usr/bin/env bash
# Filtered feeds (RSSHub's parameters) on a large archive, measured on 127.0.0.1 in one run:
#  1. first requests: the median time (curl) of a filtered request right after a publish (candidates read
#     from the archive), and of a new query once the feed's candidates are in memory;
#  2. cached variants: wrk on a cached filtered feed beside the unfiltered feed (and nginx serving the
#     unfiltered file), 200 and 304 answers, alternating rounds, medians.
#
# Usage: Benchmarks/filtered-feeds.sh [BIN_FOLDER]   (default .build-release/release; ARTICLES=100000
# SAMPLES=21 DURATION=5 ROUNDS=3 CONNECTIONS=64 THREADS=2; KEEP=1 keeps the generated archive, ARCHIVE=DIR
# reuses one)
# Build first: swift build -c release --scratch-path .build-release --product finews
#              swift build -c release --scratch-path .build-release --product finews-bench
set -euo pipefail
cd "$(dirname "$0")/.."

bin=${1:-.build-release/release}
articles=${ARTICLES:-100000}
samples=${SAMPLES:-21}
duration=${DURATION:-5}
rounds=${ROUNDS:-3}
connections=${CONNECTIONS:-64}
threads=${THREADS:-2}
for tool in wrk curl nginx; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install wrk curl nginx-light)" >&2; exit 2; }
done
[[ -x "$bin/finews" && -x "$bin/finews-bench" ]] || { echo "no finews and finews-bench in $bin" >&2; exit 2; }

work=$(mktemp -d /tmp/finews-filtered-XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

token=benchmark-token-0123456789
if [[ -n "${ARCHIVE:-}" && -f "${ARCHIVE}/finews.yaml" ]]; then
  config="$ARCHIVE/finews.yaml"   # a folder made by an earlier run with KEEP=1
else
  "$bin/finews-bench" archive "$work" --articles "$articles" --token "$token"
  config="$work/finews.yaml"
  [[ -z "${KEEP:-}" ]] || { cp -r "$work" "$work.kept"; echo "archive kept in $work.kept (ARCHIVE=$work.kept)"; }
fi
public="$(dirname "$config")/public"
port=$(free_port)
"$bin/finews" serve --config "$config" --listen "127.0.0.1:$port" 2>"$work/finews.log" &
pids+=("$!")
base="http://127.0.0.1:$port"
for _ in $(seq 300); do
  curl -sf -o /dev/null "$base/atom.xml" && break
  sleep 0.1
done
curl -sf -o /dev/null "$base/atom.xml" || { cat "$work/finews.log"; exit 1; }

seconds() { curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "$@"; }
median_ms() { grep -v '^$' | sort -n | awk '{ v[NR] = $1 } END { printf "%.1f", 1000 * v[int((NR + 1) / 2)] }'; }
publish() { curl -s -o /dev/null -X POST -H "Authorization: Bearer $token" "$base/refresh"; }
timed() {
  local code t
  read -r code t < <(seconds "$1")
  [[ "$code" == 200 ]] || { echo "$1 answered $code" >&2; exit 1; }
  echo "$t"
}

echo "archive: $articles articles; filter_window 1000; 50 entries per feed; $(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg)"
# Cold: the first filtered request ever on a feed: its candidates are read from the archive (one per
# category feed, 20 of them). No publish in between: a publish makes the daemon read the candidates of
# every feed filtered so far again, in the background, which would compete with the measurement.
chain="filter=%E5%8C%BA%E5%9D%97%E9%93%BE"
cold=""
for slug in $(ls "$public/categories" | head -20); do
  cold+="$(timed "$base/categories/$slug/atom.xml?$chain")"$'\n'
done
echo "first request on a feed never filtered before: median $(median_ms <<<"$cold") ms (20 category feeds)"
# Queries: a keyword in no article (every candidate is scanned), a frequent one, a title regex with an
# exclusion, and a Traditional keyword (widened to both scripts). Each sample is a query not asked before
# (filterout_author of a name no article has makes it distinct).
queries=("$chain" "filter=%E9%87%91%E8%9E%8D" "filter_title=%5E%E7%AC%AC%5Cd%2B7&filterout=%E4%BF%9D%E9%99%A9"
         "filter=%E8%AD%89%E5%88%B8%E9%8A%80%E8%A1%8C")
curl -s -o /dev/null "$base/atom.xml?$chain"
for query in "${queries[@]}"; do
  after=""
  warm=""
  for i in $(seq "$samples"); do
    publish
    sleep 1   # the candidates of feeds filtered before are read again in the background after a publish
    after+="$(timed "$base/atom.xml?$query&filterout_author=a$i")"$'\n'
    warm+="$(timed "$base/atom.xml?$query&filterout_author=b$i")"$'\n'
  done
  printf "first request  %-62s 1 s after a publish %6s ms   right after another query %6s ms\n" "$query" \
    "$(median_ms <<<"$after")" "$(median_ms <<<"$warm")"
done
unfiltered=""
for i in $(seq "$samples"); do unfiltered+="$(timed "$base/atom.xml?_=$i")"$'\n'; done
echo "for scale: the unfiltered atom.xml (a file in memory) through curl, median $(median_ms <<<"$unfiltered") ms"

# nginx over the same output folder, for the unfiltered file.
nginx_port=$(free_port)
mkdir -p "$work/nginx"
user_line=""
[[ $(id -u) -eq 0 ]] && user_line="user root;"
cat > "$work/nginx/nginx.conf" <<CONF
$user_line
worker_processes auto;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 4096; }
http {
  access_log off; sendfile on; tcp_nopush on; keepalive_requests 1000000;
  types { application/atom+xml xml; }
  client_body_temp_path $work/nginx/body; proxy_temp_path $work/nginx/proxy; fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi; scgi_temp_path $work/nginx/scgi;
  server { listen 127.0.0.1:$nginx_port; root $public; }
}
CONF
nginx -c "$work/nginx/nginx.conf" -g "daemon off;" &
pids+=("$!")
for _ in $(seq 50); do curl -sf -o /dev/null "http://127.0.0.1:$nginx_port/atom.xml" && break; sleep 0.1; done

etag() { curl -sI "$1" | awk -F': ' 'tolower($1)=="etag" {print $2}' | tr -d '\r'; }
measure() {
  local url=$1; shift
  local out rps p99 non
  out=$(wrk -t"$threads" -c"$connections" -d"${duration}s" --latency "$@" "$url")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' <<<"$out")
  non=$(awk '/Non-2xx or 3xx/ {print $NF}' <<<"$out")
  [[ -z "$non" ]] || echo "  warning: $non answers were not 2xx/3xx for $url" >&2
  echo "$rps $p99"
}
filtered="$base/atom.xml?filter=%E9%87%91%E8%9E%8D&limit=20"
plain="$base/atom.xml"
nginx_url="http://127.0.0.1:$nginx_port/atom.xml"
curl -s -o /dev/null "$filtered"
f_tag=$(etag "$filtered"); p_tag=$(etag "$plain"); n_tag=$(etag "$nginx_url")
for pair in "$filtered $f_tag" "$plain $p_tag" "$nginx_url $n_tag"; do
  read -r url tag <<<"$pair"
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $tag" "$url")
  [[ "$code" == 304 ]] || { echo "$url answers $code to its own ETag" >&2; exit 1; }
done
echo "wrk -t$threads -c$connections -d${duration}s, median of $rounds alternating rounds:" \
  "filtered $(curl -s "$filtered" | wc -c) bytes, unfiltered $(stat -c %s "$public/atom.xml") bytes"
declare -A results
for round in $(seq "$rounds"); do
  results[f200]+="$(measure "$filtered")"$'\n'
  results[p200]+="$(measure "$plain")"$'\n'
  results[n200]+="$(measure "$nginx_url")"$'\n'
  results[f304]+="$(measure "$filtered" -H "If-None-Match: $f_tag")"$'\n'
  results[p304]+="$(measure "$plain" -H "If-None-Match: $p_tag")"$'\n'
  results[n304]+="$(measure "$nginx_url" -H "If-None-Match: $n_tag")"$'\n'
done
median() { grep -v '^$' <<<"${results[$1]}" | sort -n | awk '{ line[NR] = $0 } END { print line[int((NR + 1) / 2)] }'; }
printf "%-5s %22s %22s %22s %9s\n" case "finews filtered req/s" "finews unfiltered" "nginx unfiltered" "filt/unf"
for code in 200 304; do
  read -r f fp <<<"$(median f$code)"; read -r p pp <<<"$(median p$code)"; read -r n np <<<"$(median n$code)"
  printf "%-5s %12s (p99 %5s) %12s (p99 %5s) %12s (p99 %5s) %8.0f%%\n" "$code" "$f" "$fp" "$p" "$pp" "$n" "$np" \
    "$(awk -v a="$f" -v b="$p" 'BEGIN{print 100*a/b}')"
done
