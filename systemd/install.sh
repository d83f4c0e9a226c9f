#!/usr/bin/env bash
# Installs finews as a systemd service: the release binary in $PREFIX/bin, the seed posts in
# $PREFIX/share/finews/seeds, /etc/finews/finews.yaml (kept when present) and the units, then starts
# finews.service. `--timer-only` enables finews-refresh.timer instead of the daemon; `--no-start` only
# puts the files in place; DESTDIR stages everything under another root (packaging, tests).
set -euo pipefail
cd "$(dirname "$0")/.."

prefix=${PREFIX:-/usr/local}
destdir=${DESTDIR:-}
mode=daemon
start=yes
for argument in "$@"; do
  case "$argument" in
    --timer-only) mode=timer ;;
    --no-start) start=no ;;
    *) echo "usage: systemd/install.sh [--timer-only] [--no-start]" >&2; exit 2 ;;
  esac
done

sudo=""
[[ $(id -u) -eq 0 || -n "$destdir" ]] || sudo="sudo"

scripts/setup
swift build -c release --product finews
binary=$(swift build -c release --product finews --show-bin-path)/finews

$sudo install -D -m 0755 "$binary" "$destdir$prefix/bin/finews"
$sudo install -d -m 0755 "$destdir$prefix/share/finews/seeds"
$sudo install -m 0644 seeds/* "$destdir$prefix/share/finews/seeds/"
if [[ ! -e "$destdir/etc/finews/finews.yaml" ]]; then
  $sudo install -D -m 0644 systemd/finews.yaml "$destdir/etc/finews/finews.yaml"
  if [[ "$prefix" != /usr/local ]]; then
    $sudo sed -i "s#/usr/local/share/finews#$prefix/share/finews#" "$destdir/etc/finews/finews.yaml"
  fi
fi
# The service's system user and group (see the units), created now so the directories get their owner.
$sudo install -D -m 0644 systemd/finews.sysusers "$destdir/etc/sysusers.d/finews.conf"
[[ -n "$destdir" ]] || $sudo systemd-sysusers finews.conf
for unit in finews.service finews-refresh.service finews-refresh.timer; do
  $sudo install -D -m 0644 "systemd/$unit" "$destdir/etc/systemd/system/$unit"
  if [[ "$prefix" != /usr/local ]]; then
    $sudo sed -i "s#/usr/local/bin/finews#$prefix/bin/finews#" "$destdir/etc/systemd/system/$unit"
  fi
done

if [[ -n "$destdir" || "$start" == no ]]; then
  echo "finews installed under ${destdir:-/}; start it with: systemctl enable --now finews.service"
  exit 0
fi
$sudo systemctl daemon-reload
if [[ "$mode" == timer ]]; then
  $sudo systemctl enable --now finews-refresh.timer
  echo "finews refreshes every 15 minutes; feeds in /var/cache/finews/public"
else
  $sudo systemctl enable --now finews.service
  echo "finews serves http://127.0.0.1:8080/ (status: systemctl status finews; logs: journalctl -u finews)"
fi
