#!/usr/bin/env bash
# A fresh Debian 12 server for the "prepare a server" tests: a minimal bookworm root (debootstrap,
# packages from deb.debian.org) whose own sshd runs as a host the app can SSH into. No Docker inside.
#
#   build:  prints the path of the cached pristine root, building it first when today's is missing.
#           Cached outside the repo (HOSTER_DEBIAN_CACHE, default /var/tmp/hoster-debian-root), one
#           folder per day and package list so a stale mirror snapshot is not kept forever; older ones
#           are removed.
#   start RUNDIR ADDRESS PORT PUBKEY_FILE:
#           starts the server: an overlay over the cached root (writes land in RUNDIR/upper, the
#           cache stays pristine), chrooted in its own mount and pid namespace with /proc, /dev, /sys
#           and cgroup2 mounted inside, so all of it is gone when the namespace ends. Root's
#           authorized key is PUBKEY_FILE. Prints the pid of the namespace (stop it with `stop`).
#           Waits until sshd answers (30 s at most).
#   stop RUNDIR: kills the namespace by the pid recorded in RUNDIR/namespace.pid (everything inside
#           dies with it), waits until it is gone (10 s at most), and removes RUNDIR.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/rig/lib.sh
. "$HERE/lib.sh"

CACHE=${HOSTER_DEBIAN_CACHE:-/var/tmp/hoster-debian-root}
MIRROR=${HOSTER_DEBIAN_MIRROR:-http://deb.debian.org/debian}

# What a small cloud server has besides the minimal base: sshd, certificates, sudo for a non-root login.
INCLUDE=openssh-server,ca-certificates,sudo

build() {
  local day root tmp
  day=$(date -u +%Y%m%d)
  # A changed package list is another root.
  root="$CACHE/bookworm-$(printf '%s' "$INCLUDE" | md5sum | cut -c1-8)-$day"
  mkdir -p "$CACHE"
  exec 9>"$CACHE/.lock"
  flock -w 900 9 || { echo "debian-root.sh: another build holds $CACHE/.lock" >&2; exit 1; }
  if [[ ! -f "$root/.complete" ]]; then
    command -v debootstrap >/dev/null || {
      echo "debian-root.sh: debootstrap is missing: apt-get install -y debootstrap (tests/rig/install.sh does)" >&2
      exit 1
    }
    tmp="$CACHE/.building"
    rm -rf "$tmp"
    echo "debian-root.sh: building a Debian bookworm root in $root (a few minutes, once a day)" >&2
    timeout 600 debootstrap --variant=minbase --include="$INCLUDE" \
      bookworm "$tmp" "$MIRROR" >"$CACHE/debootstrap-$day.log" 2>&1 || {
      echo "debian-root.sh: debootstrap failed, see $CACHE/debootstrap-$day.log" >&2
      tail -n 20 "$CACHE/debootstrap-$day.log" >&2
      exit 1
    }
    # As in any chroot: package scripts start no services; the product must start Docker itself.
    printf '#!/bin/sh\nexit 101\n' >"$tmp/usr/sbin/policy-rc.d"
    chmod 755 "$tmp/usr/sbin/policy-rc.d"
    # The host keys debootstrap made are per-build; each day's root has its own.
    rm -rf "$root"
    mv "$tmp" "$root"
    touch "$root/.complete"
  fi
  find "$CACHE" -mindepth 1 -maxdepth 1 \( -name 'bookworm-*' ! -path "$root" \) -exec rm -rf {} +
  find "$CACHE" -mindepth 1 -maxdepth 1 -name 'debootstrap-*.log' ! -name "debootstrap-$day.log" -delete
  echo "$root"
}

start() {
  local run=$1 address=$2 port=$3 pubkey=$4 lower pid i
  lower=$(build)
  mkdir -p "$run/upper" "$run/work" "$run/merged"
  install -d -m 700 "$run/upper/root/.ssh"
  install -m 600 "$pubkey" "$run/upper/root/.ssh/authorized_keys"
  install -d -m 755 "$run/upper/etc"
  cp /etc/resolv.conf "$run/upper/etc/resolv.conf"
  # Debian's docker init script raises the open-files limit to 1048576 and stops when it cannot. A real
  # server's root can; a test machine run without CAP_SYS_RESOURCE cannot raise its hard limit. There the
  # server's defaults file (read by the script first; kept by apt, which the app tells to keep existing
  # configuration files) lets the script go on with the limit it has.
  local hard
  hard=$(ulimit -Hn)
  if [[ "$hard" != unlimited ]] && ((hard < 1048576)); then
    install -d -m 755 "$run/upper/etc/default"
    printf '%s\n' '# This host cannot raise its open-files limit: keep the one it has.' \
      'ulimit() { command ulimit "$@" 2>/dev/null || true; }' >"$run/upper/etc/default/docker"
  fi
  cat >"$run/inside.sh" <<EOF
set -e
mount --make-rprivate /
mount -t overlay overlay -o lowerdir=$lower,upperdir=$run/upper,workdir=$run/work $run/merged
mount -t proc proc $run/merged/proc
mount -t sysfs sysfs $run/merged/sys
mount -t cgroup2 cgroup2 $run/merged/sys/fs/cgroup
mount -t devtmpfs devtmpfs $run/merged/dev 2>/dev/null || mount --rbind /dev $run/merged/dev
mount -t tmpfs tmpfs $run/merged/run
mkdir -p $run/merged/run/sshd $run/merged/run/lock
exec chroot $run/merged /usr/sbin/sshd -D -e -o ListenAddress=$address -o Port=$port \
  -o PermitRootLogin=prohibit-password -o PasswordAuthentication=no
EOF
  setsid unshare --mount --pid --fork --kill-child bash "$run/inside.sh" >>"$run/sshd.log" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$run/namespace.pid"
  if ! wait_ssh_banner "$address" "$port" 30; then
    echo "debian-root.sh: sshd did not answer on $address:$port within 30 s" >&2
    tail -n 20 "$run/sshd.log" >&2
    stop "$run"
    exit 1
  fi
  echo "$pid"
}

stop() {
  local run=$1 pid i p gone
  pid=$(cat "$run/namespace.pid" 2>/dev/null || true)
  if [[ -n "$pid" ]] && ours "$pid" "$run/inside.sh"; then
    # unshare blocks TERM while it waits for its child. KILL it: --kill-child then kills the namespace's
    # first process, and the kernel every other process in the namespace with it.
    local -a inside
    read -ra inside <<<"$(descendants "$pid")"
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
      gone=1
      for p in "$pid" "${inside[@]}"; do alive "$p" && gone=0; done
      ((gone)) && break
      sleep 0.1
    done
  fi
  rm -rf "$run"
}

case "${1:-}" in
  build) build ;;
  start) [[ $# -eq 5 ]] || { echo "usage: $0 start RUNDIR ADDRESS PORT PUBKEY_FILE" >&2; exit 2; }; start "$2" "$3" "$4" "$5" ;;
  stop) [[ $# -eq 2 ]] || { echo "usage: $0 stop RUNDIR" >&2; exit 2; }; stop "$2" ;;
  *) echo "usage: $0 build | start RUNDIR ADDRESS PORT PUBKEY_FILE | stop RUNDIR" >&2; exit 2 ;;
esac
