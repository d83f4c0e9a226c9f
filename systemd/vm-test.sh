#!/usr/bin/env bash
# The package under a real systemd: builds two .debs (scripts/package, versions +vm1 and +vm2),
# debootstraps a minimal Debian 12 from this machine's configured Debian mirror, installs the first with
# `apt-get install ./finews_….deb` inside the chroot (so Depends resolve from the mirror), adds a kernel,
# and boots the image under qemu (TCG: KVM is not usable on the CI machines) with systemd/vm-check.sh run
# at boot by a unit. The check writes "VMTEST PASS|FAIL <step>" lines to the serial console and to
# /root/vm-results, then powers off; this script prints them and exits 1 when a step failed or is missing.
#
# Needs root, debootstrap, qemu-system-x86_64, e2fsprogs (scripts/setup installs them). Every step is
# bounded by a timeout. FINEWS_VM_WORK keeps the work folder (image, serial log) instead of deleting it.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $(id -u) -eq 0 ]] || { echo "vm-test: needs root (debootstrap, chroot)" >&2; exit 2; }

started=$SECONDS
elapsed() { echo "$((SECONDS - $1))s"; }

# What a run that died (killed by a timeout or with CI's machine) can leave behind: its qemu, still
# running, and mounts under its work folder (the chroot's /proc; debootstrap's /proc, /sys and /dev binds).
# A run holds a lock on its work folder while it lives (its children inherit it, qemu does not), so a
# folder whose lock is free belongs to no live run.
stop_leftover_qemu() {
  local pid
  pid=$(cat "$1/qemu.pid" 2>/dev/null) || return 0
  # Only the qemu of that folder: the pid file may be older than a reboot and its number reused.
  if [[ $pid =~ ^[0-9]+$ ]] && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -qF "$1/disk.img"; then
    echo "vm-test: stopping qemu $pid left running by an earlier run in $1" >&2
    kill "$pid" 2>/dev/null || true # it may have ended meanwhile
    timeout 30 tail --pid="$pid" -f /dev/null || kill -KILL "$pid"
  fi
  rm -f "$1/qemu.pid"
}
release_mounts() { # every mount under the folder, deepest first
  local mount
  awk -v dir="$1/" 'index($5, dir) == 1 { print $5 }' /proc/self/mountinfo | sort -r \
    | while read -r mount; do umount -l "$mount" || echo "vm-test: cannot unmount $mount" >&2; done
}
remove_work() { # never across a mount that could not be released (a bind of the host's /dev, say)
  release_mounts "$1"
  rm -rf --one-file-system "$1"
}
# Sweeping and making a work folder happen under one lock, so that a run starting beside this one never
# sweeps the folder this one has made but not locked yet.
exec 8> /tmp/finews-vm.lock
flock -w 120 8 || { echo "vm-test: /tmp/finews-vm.lock stayed locked for 2 minutes" >&2; exit 1; }
for old in /tmp/finews-vm.*; do
  [[ -d $old ]] && flock -n "$old" true || continue
  echo "vm-test: removing $old, left by an earlier run" >&2
  stop_leftover_qemu "$old"
  remove_work "$old"
done
work=${FINEWS_VM_WORK:-$(mktemp -d /tmp/finews-vm.XXXXXX)}
mkdir -p "$work"
exec 9< "$work"
flock -n 9 || { echo "vm-test: another run is using $work" >&2; exit 1; }
exec 8>&-
root=$work/root
# A timeout that ends this script does not reach the steps under way (debootstrap, apt in the chroot, qemu):
# each `timeout` below put its command in a process group of its own. Signalled, a `timeout` passes the
# signal on to its command.
stop_steps() {
  local children pid
  children=$(pgrep -P $$ || true)
  [[ -n $children ]] || return 0
  kill $children 2>/dev/null || true # the list includes the finished pgrep's subshell
  for pid in $children; do timeout 30 tail --pid="$pid" -f /dev/null || true; done
}
cleanup() {
  stop_steps
  stop_leftover_qemu "$work"
  if [[ -n "${FINEWS_VM_WORK:-}" ]]; then release_mounts "$work"; else remove_work "$work"; fi
}
trap cleanup EXIT
stop_leftover_qemu "$work"
release_mounts "$work"

# What the test needs of the machine, said plainly rather than through a failing step further on.
cannot_run() { echo "vm-test: cannot run here: $*" >&2; exit 1; }
for tool in debootstrap qemu-system-x86_64 mkfs.ext4 debugfs dpkg-deb dpkg-shlibdeps; do
  command -v "$tool" >/dev/null || cannot_run "$tool is missing (FINEWS_VM_TEST=1 scripts/setup --tests installs it)"
done
mkdir -p "$work/probe"
mount -t proc proc "$work/probe" || cannot_run "mounting /proc for a chroot is not permitted (debootstrap needs it)"
umount "$work/probe"
rmdir "$work/probe"

# The first Debian (not security) mirror apt is configured with, deb822 or one-line format: a URL whose
# path ends in /debian, so that another vendor's repository listed first is not taken for it.
mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null \
  | grep -v '^\s*#' | grep -oE 'https?://[^ ]+' | grep -E '/debian/?$' | head -n1 || true)
mirror=${mirror:-http://deb.debian.org/debian}

# The second package only needs another version: it reuses the first one's binary. gzip, not xz: the
# packages' compression is not under test, and xz takes minutes on a loaded machine.
export FINEWS_DEB_COMPRESSION=${FINEWS_DEB_COMPRESSION:-gzip}
step=$SECONDS
base=0.1.0~git$(git log -1 --date=format:%Y%m%d%H%M --format=%cd.%h)
first=$(FINEWS_VERSION=$base+vm1 FINEWS_PACKAGE_DIR=$work/debs scripts/package | tail -n1)
release_binary=${FINEWS_BINARY:-$(swift build --scratch-path .build-release --static-swift-stdlib -c release --show-bin-path)/finews}
second=$(FINEWS_BINARY=$release_binary FINEWS_VERSION=$base+vm2 FINEWS_PACKAGE_DIR=$work/debs scripts/package | tail -n1)
echo "vm-test: packages built in $(elapsed $step): $(basename "$first"), $(basename "$second")"

step=$SECONDS
# A kept work folder (FINEWS_VM_WORK) reuses its Debian once it was made completely.
if [[ ! -e "$work/base.done" ]]; then
  [[ ! -e "$root" ]] || rm -rf --one-file-system "$root"
  timeout 2400 debootstrap --variant=minbase --include=systemd,systemd-sysv,udev,passwd,curl \
    bookworm "$root" "$mirror" > "$work/debootstrap.log" 2>&1 \
    || { tail -n 30 "$work/debootstrap.log" >&2; echo "vm-test: debootstrap failed" >&2; exit 1; }
  # A small initramfs with just what qemu's virtio disk needs: generating Debian's default one (every
  # module) takes many minutes on a loaded machine.
  mkdir -p "$root/etc/initramfs-tools/conf.d"
  echo MODULES=list > "$root/etc/initramfs-tools/conf.d/finews-vm.conf"
  mount -t proc proc "$root/proc"
  timeout 1800 chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
    initramfs-tools > "$work/kernel.log" 2>&1 \
    && printf 'virtio_pci\nvirtio_blk\next4\n' >> "$root/etc/initramfs-tools/modules" \
    && timeout 1800 chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      linux-image-amd64 >> "$work/kernel.log" 2>&1 \
    || { umount "$root/proc"; tail -n 30 "$work/kernel.log" >&2; echo "vm-test: installing the kernel failed" >&2; exit 1; }
  umount "$root/proc"
  timeout 300 chroot "$root" apt-get clean
  touch "$work/base.done"
fi
echo "vm-test: debootstrap from $mirror in $(elapsed $step)"

step=$SECONDS
mount -t proc proc "$root/proc"
cp "$first" "$root/root/finews-1.deb"
cp "$second" "$root/root/finews-2.deb"
# A kept Debian has the package of its last run: the test installs on a system that never had it.
if chroot "$root" dpkg-query -W -f '${Status}' finews 2>/dev/null | grep -q "ok installed"; then
  timeout 300 chroot "$root" env DEBIAN_FRONTEND=noninteractive dpkg --purge finews > "$work/install.log" 2>&1 \
    || { tail -n 30 "$work/install.log" >&2; echo "vm-test: removing the last run's package failed" >&2; exit 1; }
fi
timeout 900 chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
  /root/finews-1.deb > "$work/install.log" 2>&1 \
  || { tail -n 30 "$work/install.log" >&2; echo "vm-test: apt-get install of the package failed" >&2; exit 1; }
umount "$root/proc"
install -m 0755 systemd/vm-check.sh "$root/root/vm-check.sh"
cat > "$root/etc/systemd/system/finews-vm-check.service" <<'EOF'
[Unit]
Description=finews VM test
After=multi-user.target finews.service

[Service]
Type=oneshot
ExecStart=/root/vm-check.sh
StandardOutput=tty
StandardError=tty
TTYPath=/dev/ttyS0
TimeoutStartSec=25min
# A check that hangs past its bound still ends the VM (and so qemu) at once, reported as not finished.
FailureAction=poweroff-force

[Install]
WantedBy=multi-user.target
EOF
ln -sf /etc/systemd/system/finews-vm-check.service "$root/etc/systemd/system/multi-user.target.wants/"
echo "/dev/vda / ext4 rw,errors=remount-ro 0 1" > "$root/etc/fstab"
echo finews-vm > "$root/etc/hostname"
rm -f "$root/root/vm-results"
kernel=$(ls "$root"/boot/vmlinuz-* | sort -V | tail -n1)
initrd=$(ls "$root"/boot/initrd.img-* | sort -V | tail -n1)
cp "$kernel" "$work/vmlinuz"
cp "$initrd" "$work/initrd.img"
rm -f "$work/disk.img"
truncate -s 3G "$work/disk.img"
timeout 600 mkfs.ext4 -q -F -L finews-root -d "$root" "$work/disk.img"
echo "vm-test: package installed, image made in $(elapsed $step)"

step=$SECONDS
serial=$work/serial.log
status=0
# panic=10: a kernel that cannot boot reboots, which -no-reboot turns into qemu's exit. qemu does not
# inherit the work folder's lock (9<&-): a qemu left by a killed run must not make its folder look alive.
timeout 1800 qemu-system-x86_64 -machine q35,accel=tcg -cpu max -smp 2 -m 1536 -nographic -no-reboot \
  -kernel "$work/vmlinuz" -initrd "$work/initrd.img" \
  -append "root=/dev/vda rw console=ttyS0 quiet loglevel=3 systemd.show_status=0 panic=10" \
  -drive "file=$work/disk.img,format=raw,if=virtio" -nic none -pidfile "$work/qemu.pid" \
  < /dev/null > "$serial" 2>&1 9<&- || status=$?
echo "vm-test: VM ran for $(elapsed $step) (qemu exit $status)"

results=$(debugfs -R "cat /root/vm-results" "$work/disk.img" 2>/dev/null || true)
[[ -n "$results" ]] || results=$(grep -a "^VMTEST " "$serial" | tr -d '\r' || true)
grep -E "^VMTEST (PASS|FAIL|TIME)" <<<"$results" || true
expected=(booted healthz feeds reload reload-invalid-keeps-old handoff-root handoff-group-member
  refused-other-user stop refresh-daemon-stopped refused-other-user-daemon-stopped daemon-refresh-after-manual
  watchdog timer-service timer journal security upgrade purge)
failed=0
for name in "${expected[@]}"; do
  grep -qE "^VMTEST PASS $name( |$)" <<<"$results" || { echo "vm-test: step '$name' did not pass" >&2; failed=1; }
done
grep -q "^VMTEST DONE" <<<"$results" || { echo "vm-test: the check did not finish (serial log: $serial)" >&2; failed=1; }
if [[ $failed -ne 0 ]]; then
  echo "---- last lines of the serial console" >&2
  tail -n 60 "$serial" | tr -d '\r' >&2
fi
echo "vm-test: total $(elapsed $started)"
if [[ $failed -eq 0 ]]; then echo "vm-test: PASS"; else echo "vm-test: FAIL"; exit 1; fi
