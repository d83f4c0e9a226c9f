#!/bin/bash
# Runs inside the VM that systemd/vm-test.sh boots, from a unit at boot: exercises the installed finews
# package under systemd and reports "VMTEST PASS|FAIL <step>" on the serial console and in
# /root/vm-results, then powers the machine off. Every wait is bounded.
set -u
set -a # every variable and function below is exported: `step` runs each check in a bounded bash
export PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C.UTF-8
config=/etc/finews/finews.yaml
results=/root/vm-results
: > "$results"
started=$SECONDS

report() { echo "VMTEST $*" | tee -a "$results"; sync; }
# step NAME FUNCTION: runs FUNCTION with a 5-minute bound; its output is shown only when it fails.
step() {
  local name=$1 output status
  output=$(timeout 300 bash -c "$2" 2>&1) && status=0 || status=$?
  if [[ $status -eq 0 ]]; then report "PASS $name"; else
    report "FAIL $name (exit $status): $(tail -c 1500 <<<"$output" | tr '\n' ' ')"
  fi
}
# until_true SECONDS COMMAND…: polls COMMAND once a second, at most SECONDS times.
until_true() {
  local tries=$1; shift
  for ((i = 0; i < tries; i++)); do "$@" >/dev/null 2>&1 && return 0; sleep 1; done
  "$@"
}
healthy() { curl -fsS --max-time 5 http://127.0.0.1:8080/healthz; }
main_pid() { systemctl show -p MainPID --value finews.service; }
# Nothing under the service's directories may belong to anyone but finews.
owned_by_finews() {
  local strangers
  strangers=$(find /var/lib/finews /var/cache/finews ! -user finews -printf '%u %p\n')
  [[ -z "$strangers" ]] || { echo "not owned by finews: $strangers"; return 1; }
}
new_post() { # a post in a category of its own: a new folder of feeds, as in issue 15
  local id=$1
  cat > "/usr/share/finews/seeds/9${id}_vmtest.txt" <<EOF
---
layout: post
title: "虚拟机测试文章 $id"
date: 2024-01-0$id 10:00:00 +0800
categories: vmtest$id
tags: 测试
---
<p>这是虚拟机测试写入的第 $id 篇文章，用来检查新分类的文件夹属于服务用户。</p>
EOF
}

check_booted() {
  [[ $(systemctl is-enabled finews.service) == enabled ]] || { echo "finews.service is not enabled"; return 1; }
  until_true 180 systemctl is-active --quiet finews.service
  getent passwd finews
}
check_healthz() { until_true 180 healthy; }
check_feeds() {
  local feed
  for feed in feed.xml atom.xml feed.json; do
    curl -fsS --max-time 10 "http://127.0.0.1:8080/$feed" | grep -q "江北新区" || { echo "$feed lacks the seed posts"; return 1; }
  done
}
reload_logged() {
  journalctl -u finews.service --since "@$1" -q --no-pager | grep -q "configuration reloaded"
}
check_reload() {
  local before since; before=$(main_pid); since=$(date +%s)
  systemctl reload finews.service || return 1
  until_true 30 reload_logged "$since" || { echo "the daemon did not log the reload"; return 1; }
  healthy && [[ $(main_pid) == "$before" ]] && systemctl is-active --quiet finews.service
}
reload_refusal_logged() {
  journalctl -u finews.service --since "@$invalid_since" -q --no-pager | grep -q "not reloaded"
}
check_reload_invalid() {
  cp "$config" /root/finews.yaml.good
  echo "sources: [ {id: broken" >> "$config"
  local result=0
  systemctl reload finews.service || result=1
  until_true 30 reload_refusal_logged || result=1
  systemctl is-active --quiet finews.service && healthy || result=1
  cp /root/finews.yaml.good "$config"
  systemctl reload finews.service || result=1
  return $result
}
check_handoff_root() {
  local output; output=$(finews refresh --config "$config") || return 1
  grep -q "^seeds:" <<<"$output" && owned_by_finews
}
check_handoff_group_member() {
  id bob >/dev/null 2>&1 || useradd -m -G finews bob
  runuser -u bob -- finews refresh --config "$config" | grep "^seeds:"
}
refused() { # the user is turned away with exit 2 and told what to run
  local output status
  output=$(runuser -u alice -- finews refresh --config "$config" 2>&1) && status=0 || status=$?
  echo "$output"
  [[ $status -eq 2 ]] && grep -q "sudo finews refresh" <<<"$output" && grep -q "finews-refresh.service" <<<"$output" \
    && ! grep -qi "exists" <<<"$output" && owned_by_finews
}
check_refused_other_user() { id alice >/dev/null 2>&1 || useradd -m alice; refused; }
check_stop() {
  local begin=$SECONDS
  timeout 20 systemctl stop finews.service
  report "TIME stop $((SECONDS - begin))s"
  ! systemctl is-active --quiet finews.service && [[ $((SECONDS - begin)) -le 10 ]]
}
check_refresh_daemon_stopped() {
  new_post 1
  local output; output=$(finews refresh --config "$config") || { echo "$output"; return 1; }
  grep -q "seeds: 1 new" <<<"$output" && owned_by_finews
}
check_daemon_refresh_after_manual() {
  systemctl start finews.service
  until_true 180 healthy || return 1
  new_post 2
  local output; output=$(finews refresh --config "$config") || { echo "$output"; return 1; }
  grep -q "seeds: 1 new" <<<"$output" && healthy && owned_by_finews \
    && ! journalctl -u finews.service -b -q --no-pager | grep -i "permission"
}
check_watchdog() {
  local before; before=$(main_pid)
  sleep 75 # the watchdog interval is 60 s: this is the condition itself, not a stand-in for one
  [[ $(main_pid) == "$before" ]] && [[ $(systemctl show -p NRestarts --value finews.service) == 0 ]] && healthy
}
check_timer_service() {
  systemctl stop finews.service
  new_post 3
  systemctl start finews-refresh.service
  [[ $(systemctl show -p Result --value finews-refresh.service) == success ]] && owned_by_finews
}
check_timer() {
  systemctl enable --now finews-refresh.timer
  systemctl list-timers --all --no-pager finews-refresh.timer | grep -q finews-refresh.timer
  local listed=$?
  systemctl disable --now finews-refresh.timer
  systemctl start finews.service
  until_true 180 healthy && [[ $listed -eq 0 ]]
}
check_journal() {
  # Warnings and worse from finews' units, except the window where an invalid file was reloaded on purpose.
  local noise
  noise=$( { journalctl -b -q --no-pager -p warning -u finews.service -u finews-refresh.service --until "@$invalid_since";
             journalctl -b -q --no-pager -p warning -u finews.service -u finews-refresh.service --since "@$invalid_until"; } )
  # Also the runtime's thread-priority complaint from any process running as finews (the daemon, the
  # timer's refresh, root's manual refresh after it became finews).
  noise+=$(journalctl -b -q --no-pager _UID="$(id -u finews)" | grep -iE "thread priority|denied|not permitted")
  [[ -z "$noise" ]] || { echo "$noise"; return 1; }
}
check_security() {
  local report exposure
  report=$(systemd-analyze security --no-pager finews.service)
  exposure=$(grep -oE "Overall exposure level for finews.service: [0-9.]+" <<<"$report" | awk '{print $NF}')
  report "TIME exposure $exposure"
  awk -v e="$exposure" 'BEGIN { exit !(e != "" && e <= 1.5) }'
}
check_upgrade() {
  echo "# vm-test: local change, kept across upgrades" >> "$config"
  local articles before_version
  articles=$(finews articles --config "$config" | wc -l)
  before_version=$(dpkg-query -W -f '${Version}' finews)
  local pid; pid=$(main_pid)
  DEBIAN_FRONTEND=noninteractive dpkg -i /root/finews-2.deb < /dev/null || return 1
  [[ $(dpkg-query -W -f '${Version}' finews) != "$before_version" ]] || { echo "version unchanged"; return 1; }
  grep -q "vm-test: local change" "$config" || { echo "config lost"; return 1; }
  until_true 180 healthy || return 1
  [[ $(main_pid) != "$pid" ]] || { echo "not restarted"; return 1; }
  local after; after=$(finews articles --config "$config" | wc -l)
  [[ $articles -gt 0 && $after -eq $articles ]] || { echo "articles: $articles before, $after after"; return 1; }
  owned_by_finews
}
check_purge() {
  DEBIAN_FRONTEND=noninteractive apt-get purge -y finews < /dev/null || return 1
  ! systemctl is-active --quiet finews.service || { echo "still running"; return 1; }
  for path in /usr/bin/finews /etc/finews /var/lib/finews /var/cache/finews; do
    [[ ! -e $path ]] || { echo "$path is left"; return 1; }
  done
}

export -f $(declare -F | awk '{print $3}')
report "TIME boot $(cut -d' ' -f1 /proc/uptime)s"
step booted check_booted
step healthz check_healthz
step feeds check_feeds
step reload check_reload
invalid_since=$(date +%s)
step reload-invalid-keeps-old check_reload_invalid
sleep 1
invalid_until=$(date +%s)
step handoff-root check_handoff_root
step handoff-group-member check_handoff_group_member
step refused-other-user check_refused_other_user
step stop check_stop
step refresh-daemon-stopped check_refresh_daemon_stopped
step refused-other-user-daemon-stopped refused
step daemon-refresh-after-manual check_daemon_refresh_after_manual
step watchdog check_watchdog
step timer-service check_timer_service
step timer check_timer
step journal check_journal
step security check_security
step upgrade check_upgrade
step purge check_purge
report "TIME checks $((SECONDS - started))s"
report "DONE"
systemctl poweroff --no-block
