#!/usr/bin/env bash
# Serving speed of `finews serve` against nginx on the same Atom feed, in the same run, on 127.0.0.1:
# wrk (Debian) for DURATION seconds per case: 200 answers, then 304 answers (If-None-Match with each
# server's own ETag). Prints req/s and p99 latency for both and finews' share of nginx, plus finews'
# resident memory when idle (after start and its first refresh) and after the load.
#
# The machine is shared, so the cases alternate between the two servers for ROUNDS rounds and the median
# of each is reported.
#
# Usage: Benchmarks/serve-vs-nginx.sh [FINEWS_BINARY]   (default: the release build; DURATION=5 ROUNDS=3
# CONNECTIONS=64 THREADS=2)
# Needs: nginx and wrk (apt-get install nginx-light wrk), curl.
set -euo pipefail
cd "$(dirname "$0")/.."

finews=${1:-.build/release/finews}
duration=${DURATION:-5}
rounds=${ROUNDS:-3}
connections=${CONNECTIONS:-64}
threads=${THREADS:-2}
for tool in nginx wrk curl; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install nginx-light wrk curl)" >&2; exit 2; }
done
[[ -x "$finews" ]] || { echo "no finews binary at $finews (swift build -c release --product finews)" >&2; exit 2; }

work=$(mktemp -d /tmp/finews-bench-XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
finews_port=$(free_port)
nginx_port=$(free_port)

cp -r seeds "$work/posts"
cat > "$work/finews.yaml" <<YAML
database: var/finews.sqlite
output: public
sources:
  - id: seeds
    kind: files
    path: posts
YAML
"$finews" serve --config "$work/finews.yaml" --listen "127.0.0.1:$finews_port" 2>"$work/finews.log" &
finews_pid=$!
pids+=("$finews_pid")
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$finews_port/healthz" >/dev/null && break
  sleep 0.1
done
curl -sf "http://127.0.0.1:$finews_port/healthz" >/dev/null || { cat "$work/finews.log"; exit 1; }
sleep 1
idle_rss=$(awk '/VmRSS/ {print $2}' "/proc/$finews_pid/status")

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
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  types { application/atom+xml xml; }
  charset utf-8;
  charset_types application/atom+xml;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/public;
  }
}
CONF
nginx -c "$work/nginx/nginx.conf" -g "daemon off;" &
pids+=("$!")
for _ in $(seq 50); do
  curl -sf "http://127.0.0.1:$nginx_port/atom.xml" >/dev/null && break
  sleep 0.1
done

etag() { curl -sI "$1" | awk -F': ' 'tolower($1)=="etag" {print $2}' | tr -d '\r'; }
finews_url="http://127.0.0.1:$finews_port/atom.xml"
nginx_url="http://127.0.0.1:$nginx_port/atom.xml"
[[ $(curl -s "$finews_url" | sha256sum) == $(curl -s "$nginx_url" | sha256sum) ]] || { echo "the servers disagree on atom.xml" >&2; exit 1; }

# Prints "req/s p99_ms" for one wrk run.
measure() {
  local url=$1; shift
  local out
  out=$(wrk -t"$threads" -c"$connections" -d"${duration}s" --latency "$@" "$url")
  local rps p99
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' <<<"$out")
  local non2xx
  non2xx=$(awk '/Non-2xx or 3xx/ {print $NF}' <<<"$out")
  [[ -z "$non2xx" ]] || echo "  warning: $non2xx answers were not 2xx/3xx for $url" >&2
  echo "$rps $p99"
}

# Each server's 304 must really be a 304.
for url in "$finews_url" "$nginx_url"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $(etag "$url")" "$url")
  [[ "$code" == 304 ]] || { echo "$url answers $code to its own ETag" >&2; exit 1; }
done

size=$(stat -c %s "$work/public/atom.xml")
echo "atom.xml: $size bytes; wrk -t$threads -c$connections -d${duration}s, median of $rounds alternating rounds;" \
  "$(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg); $(nginx -v 2>&1)"
f_etag=$(etag "$finews_url")
n_etag=$(etag "$nginx_url")
declare -A results
for round in $(seq "$rounds"); do
  results[f200]+="$(measure "$finews_url")"$'\n'
  results[n200]+="$(measure "$nginx_url")"$'\n'
  results[n304]+="$(measure "$nginx_url" -H "If-None-Match: $n_etag")"$'\n'
  results[f304]+="$(measure "$finews_url" -H "If-None-Match: $f_etag")"$'\n'
done
# Median by req/s of the rounds: "req/s p99".
median() { grep -v '^$' <<<"${results[$1]}" | sort -n | awk '{ line[NR] = $0 } END { print line[int((NR + 1) / 2)] }'; }
read -r f200 f200p <<<"$(median f200)"
read -r n200 n200p <<<"$(median n200)"
read -r f304 f304p <<<"$(median f304)"
read -r n304 n304p <<<"$(median n304)"
loaded_rss=$(awk '/VmRSS/ {print $2}' "/proc/$finews_pid/status")

printf "%-6s %14s %10s %14s %10s %8s\n" case "finews req/s" "p99 ms" "nginx req/s" "p99 ms" "ratio"
printf "%-6s %14s %10s %14s %10s %7.0f%%\n" 200 "$f200" "$f200p" "$n200" "$n200p" "$(awk -v a="$f200" -v b="$n200" 'BEGIN{print 100*a/b}')"
printf "%-6s %14s %10s %14s %10s %7.0f%%\n" 304 "$f304" "$f304p" "$n304" "$n304p" "$(awk -v a="$f304" -v b="$n304" 'BEGIN{print 100*a/b}')"
echo "finews RSS: idle $((idle_rss / 1024)) MiB, after the load $((loaded_rss / 1024)) MiB"
