#!/usr/bin/env bash
# Fault-test helper: takes one SSH node of a running rig down, or brings it back.
#   stop:  stops the node's sshd listener AND its live connections (they would otherwise run on),
#          so clients see the node vanish. Bounded: TERM, up to 10 s, then KILL.
#   start: starts the node's sshd again (same config, host key and port), records the new pid in
#          RIGDIR/pids for down.sh, and waits until it answers SSH (20 s at most).
#   status: prints "up" or "down" (exit 0 either way).
#
# Usage: tests/rig/node.sh RIGDIR stop|start|status node1|node2
# From a test: execFile('bash', ['tests/rig/node.sh', rig.rigDir, 'stop', 'node1'])
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/rig/lib.sh
. "$HERE/lib.sh"

[[ $# -eq 3 ]] || { echo "usage: $0 RIGDIR stop|start|status NODE" >&2; exit 2; }
RIGDIR=$(cd "$1" && pwd -P)
action=$2
node=$3
[[ "$node" =~ ^node[0-9]+$ && -f "$RIGDIR/$node/sshd_config" ]] || { echo "node.sh: no node '$node' in $RIGDIR" >&2; exit 2; }
N="$RIGDIR/$node"
host=$(awk '$1 == "ListenAddress" {print $2}' "$N/sshd_config")
port=$(awk '$1 == "Port" {print $2}' "$N/sshd_config")

# Live listener pids of this node (normally one), from the pids file, checked against their cmdline.
listeners() {
  local name pid
  while read -r name pid; do
    [[ "$name" == "sshd-$node" ]] && ours "$pid" "$N/sshd_config" && echo "$pid"
  done <"$RIGDIR/pids"
  return 0
}

case "$action" in
  status)
    if [[ -n "$(listeners)" ]]; then echo up; else echo down; fi
    ;;
  stop)
    mapfile -t live < <(listeners)
    ((${#live[@]})) || { echo "node.sh: $node is already down" >&2; exit 0; }
    read -ra children <<<"$(descendants "${live[@]}")"
    # Connections first (they are the listener's children), so none is accepted in between.
    ((${#children[@]})) && stop_pids "" "${children[@]}"
    stop_pids "$N/sshd_config" "${live[@]}"
    echo "node.sh: $node ($host:$port) is down" >&2
    ;;
  start)
    [[ -z "$(listeners)" ]] || { echo "node.sh: $node is already up" >&2; exit 0; }
    mkdir -p /run/sshd
    # Same as up.sh: own session, output to the log (a caller reading our stdout must not hang).
    # shellcheck disable=SC2094 # sshd appends its log (-E) and early errors (stderr) to the same file
    setsid /usr/sbin/sshd -D -f "$N/sshd_config" -E "$N/sshd.log" >>"$N/sshd.log" 2>&1 </dev/null &
    pid=$!
    echo "sshd-$node $pid" >>"$RIGDIR/pids"
    if ! wait_ssh_banner "$host" "$port" 20; then
      echo "node.sh: $node did not answer on $host:$port within 20 s" >&2
      tail -n 20 "$N/sshd.log" >&2
      exit 1
    fi
    echo "node.sh: $node ($host:$port) is up (pid $pid)" >&2
    ;;
  *)
    echo "usage: $0 RIGDIR stop|start|status NODE" >&2
    exit 2
    ;;
esac
