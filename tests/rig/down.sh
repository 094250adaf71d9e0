#!/usr/bin/env bash
# Stops the rig that tests/rig/up.sh started in RIGDIR, then deletes RIGDIR.
# Safe to call twice and on a half-started rig. It stops the pids recorded in RIGDIR/pids (each checked
# to still be ours: its command line names RIGDIR), then, if dockerd died, what it left behind (container
# processes by their cgroup, containerd/shims by RIGDIR/docker/ in their command line, docker-proxy by
# dockerd's session), then anything else whose command line names RIGDIR/. Never kills anything by name.
#
# Usage: tests/rig/down.sh RIGDIR
set -uo pipefail # no -e: tear down as much as possible even when one step fails

[[ $# -eq 1 && -n "$1" ]] || { echo "usage: $0 RIGDIR" >&2; exit 2; }
[[ -d "$1" ]] || exit 0 # already gone
RIGDIR=$(cd "$1" && pwd -P)
if [[ ! -f "$RIGDIR/.hoster-rig" ]]; then
  # Not made by up.sh: only an empty folder may go (up.sh may have failed before writing the marker).
  rmdir "$RIGDIR" 2>/dev/null && exit 0
  echo "down.sh: $RIGDIR is not a rig folder (no .hoster-rig marker); refusing to touch it" >&2
  exit 1
fi
START=$SECONDS
log() { echo "down.sh [$((SECONDS - START))s] $*" >&2; }

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/rig/lib.sh
. "$HERE/lib.sh"

# This script, its ancestors (up.sh calls us on failure) and its own subshells name RIGDIR too: skip them.
declare -A SELF=()
p=$$
while [[ "$p" =~ ^[0-9]+$ && "$p" -gt 1 ]] && proc_stat "$p"; do
  SELF[$p]=1
  p=${STAT_F[1]}
done
not_self() {
  [[ -z "${SELF[$1]:-}" ]] || return 1
  ! proc_stat "$1" || [[ "${STAT_F[1]}" != "$$" ]]
}

# 1. Remove containers and networks first, so dockerd stops quickly and leaves no bridges behind.
SOCK="$RIGDIR/docker/docker.sock"
if [[ -S "$SOCK" ]] && curl -fsS --max-time 2 --unix-socket "$SOCK" http://docker/_ping >/dev/null 2>&1; then
  if [[ -x /usr/bin/docker ]]; then DOCKER_BIN=/usr/bin/docker; else DOCKER_BIN=docker; fi
  dk() { timeout 60 "$DOCKER_BIN" -H "unix://$SOCK" "$@"; }
  mapfile -t ids < <(dk ps -aq)
  if ((${#ids[@]})); then dk rm -f -v "${ids[@]}" >/dev/null || log "could not remove every container"; fi
  dk network prune -f >/dev/null || log "could not prune networks"
fi

# 2. The processes up.sh started, last started first (sshd, pebble, challtestsrv, registry, dockerd).
#    Their children too (sshd's per-connection processes outlive the listener), noted before the stop.
pids=()
if [[ -f "$RIGDIR/pids" ]]; then
  mapfile -t pids < <(tac "$RIGDIR/pids" | awk 'NF >= 2 {print $2}')
fi
if ((${#pids[@]})); then
  live=()
  for pid in "${pids[@]}"; do ours "$pid" "$RIGDIR" && live+=("$pid"); done
  read -ra children <<<"$(descendants "${live[@]}")"
  stop_pids "$RIGDIR" "${pids[@]}"
  ((${#children[@]})) && stop_pids "" "${children[@]}"
fi

# 3. dockerd normally stops its containers, containerd and shims. If it died (crash, or a fault test
#    killed it) they are orphans. Found precisely, never by name:
#    - container processes: their cgroup path names one of this engine's container ids,
#    - containerd and shims: their command line names RIGDIR/docker/ (config, socket, -address),
#    - docker-proxy: it stays in dockerd's session (dockerd was started under setsid).
container_ids=()
for dir in "$RIGDIR"/docker/data/containers/*; do
  id=${dir##*/}
  [[ "$id" =~ ^[0-9a-f]{64}$ ]] && container_ids+=("$id")
done
DOCKERD_SID=$(awk '$1 == "dockerd" {print $2}' "$RIGDIR/pids" 2>/dev/null | head -n 1)
in_our_containers() {
  local id cg
  local -a lines=()
  ((${#container_ids[@]})) || return 1
  { mapfile -t lines <"/proc/$1/cgroup"; } 2>/dev/null || return 1
  cg="${lines[*]}"
  for id in "${container_ids[@]}"; do [[ "$cg" == *"/docker/$id"* ]] && return 0; done
  return 1
}
container_procs=()
helpers=()
for proc in /proc/[0-9]*; do
  pid=${proc#/proc/}
  not_self "$pid" || continue
  [[ " ${pids[*]:-} " == *" $pid "* ]] && continue # handled (and waited for) in step 2
  if in_our_containers "$pid"; then
    container_procs+=("$pid")
  elif ours "$pid" "$RIGDIR/docker/"; then
    helpers+=("$pid")
  elif [[ -n "$DOCKERD_SID" ]] && proc_stat "$pid" && [[ "${STAT_F[3]}" == "$DOCKERD_SID" ]]; then
    helpers+=("$pid")
  fi
done
if ((${#container_procs[@]})); then
  log "killing leftover container processes: ${container_procs[*]}"
  kill -KILL "${container_procs[@]}" 2>/dev/null
  for _ in $(seq 1 25); do
    left=0
    for pid in "${container_procs[@]}"; do alive "$pid" && left=1; done
    ((left)) || break
    sleep 0.2
  done
fi
if ((${#helpers[@]})); then
  names=()
  for pid in "${helpers[@]}"; do
    comm='?'
    { read -r comm <"/proc/$pid/comm"; } 2>/dev/null
    names+=("$pid($comm)")
  done
  log "stopping leftover engine helpers: ${names[*]}"
  # ours() with an empty pattern only checks "alive"; these were selected precisely above.
  stop_pids "" "${helpers[@]}"
fi
# Empty cgroups runc would have removed (cgroup v1 per controller, or v2).
for id in "${container_ids[@]}"; do
  for cg in /sys/fs/cgroup/*/docker/"$id" /sys/fs/cgroup/docker/"$id"; do
    [[ -d "$cg" ]] && rmdir "$cg" 2>/dev/null
  done
done

# 4. Anything else still naming RIGDIR/ (an sshd a fault test restarted by hand, an ssh client left
#    hanging on the rig's keys): stopped the same way, so nothing of the rig outlives it.
others=()
for proc in /proc/[0-9]*; do
  pid=${proc#/proc/}
  not_self "$pid" && ours "$pid" "$RIGDIR/" && others+=("$pid")
done
if ((${#others[@]})); then
  for pid in "${others[@]}"; do proc_cmdline "$pid" && log "also stopping pid $pid: $CMDLINE"; done
  stop_pids "$RIGDIR/" "${others[@]}"
fi

# 5. Anything still mounted under RIGDIR (container shm, netns bind mounts), deepest first.
mapfile -t mounts < <(findmnt -rn -o TARGET 2>/dev/null | awk -v p="$RIGDIR/" 'index($0, p) == 1' | sort -r)
for m in "${mounts[@]}"; do
  umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || log "could not unmount $m"
done

# 6. The rig's bridge, and any bridge dockerd made from the rig's address pool (user networks).
if [[ -f "$RIGDIR/network.env" ]]; then
  BRIDGE=$(sed -n 's/^BRIDGE=//p' "$RIGDIR/network.env")
  NET_PREFIX=$(sed -n 's/^NET_PREFIX=//p' "$RIGDIR/network.env")
  links=()
  [[ -n "$BRIDGE" ]] && ip link show "$BRIDGE" >/dev/null 2>&1 && links+=("$BRIDGE")
  if [[ -n "$NET_PREFIX" ]]; then
    mapfile -t -O "${#links[@]}" links < <(ip -4 -o addr show | awk -v p="$NET_PREFIX" \
      'index($4, p) == 1 && $2 ~ /^br-/ {print $2}')
  fi
  for l in "${links[@]}"; do ip link del "$l" 2>/dev/null || log "could not delete interface $l"; done
fi

# 7. The folder itself.
rc=0
rm -rf "$RIGDIR" || { log "could not delete $RIGDIR"; rc=1; }

# Anything of ours still running now is a bug worth failing for.
for proc in /proc/[0-9]*; do
  pid=${proc#/proc/}
  if ours "$pid" "$RIGDIR/" && not_self "$pid"; then
    log "still running: pid $pid: $CMDLINE"
    rc=1
  fi
done
log "rig $RIGDIR stopped"
exit $rc
