#!/usr/bin/env bash
# Checks the units with systemd-analyze: `verify` (syntax, references; the ExecStart binary is pointed at
# this checkout's build, since /usr/local/bin/finews may not exist yet) and `security` for finews.service
# (goal: exposure ≤ 1.5). Needs systemd-analyze (Debian: systemd).
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${FINEWS_BINARY:-$(swift build --show-bin-path)/finews}
[[ -x "$binary" ]] || { echo "build finews first (swift build)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for unit in finews.service finews-refresh.service finews-refresh.timer; do
  sed "s#/usr/local/bin/finews#$binary#" "systemd/$unit" > "$work/$unit"
done
echo "== systemd-analyze verify"
systemd-analyze verify "$work/finews.service" "$work/finews-refresh.service" "$work/finews-refresh.timer"
echo "ok"
echo "== systemd-analyze security finews.service"
report=$(systemd-analyze security --offline=true --no-pager "$work/finews.service")
grep -E "✗|Overall" <<<"$report"
exposure=$(grep -oE "Overall exposure level for [^:]+: [0-9.]+" <<<"$report" | awk '{print $NF}')
awk -v e="$exposure" 'BEGIN { exit !(e <= 1.5) }' || { echo "exposure $exposure is above 1.5" >&2; exit 1; }
