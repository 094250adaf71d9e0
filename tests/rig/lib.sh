# shellcheck shell=bash
# Shared helpers for tests/rig/down.sh and tests/rig/node.sh (sourced, not run).
# Processes are always identified by pid plus a check that they are still ours (their command line names
# the rig's folder, or they were found as descendants of a pid we started). Nothing is killed by name.
# Reads /proc with shell builtins only: scanning every process must stay fast.

# proc_stat PID: sets STAT_F to the fields of /proc/PID/stat after the command name
# ([0] state, [1] ppid, [2] process group, [3] session). The name may hold spaces and ")".
proc_stat() {
  local stat=
  { read -r stat <"/proc/$1/stat"; } 2>/dev/null || return 1
  [[ -n "$stat" ]] || return 1
  read -ra STAT_F <<<"${stat##*) }"
}

# alive PID: exists and is not a zombie. (An exiting process loses its cmdline before it is gone.)
alive() {
  [[ "$1" =~ ^[0-9]+$ ]] || return 1
  proc_stat "$1" && [[ "${STAT_F[0]}" != Z ]]
}

# proc_cmdline PID: sets CMDLINE to the command line, arguments joined by spaces.
proc_cmdline() {
  local -a args=()
  { mapfile -d '' -t args <"/proc/$1/cmdline"; } 2>/dev/null || return 1
  CMDLINE="${args[*]}"
}

# ours PID PATTERN: alive and its command line contains PATTERN (guards against pid reuse).
# An empty PATTERN only checks "alive" (for pids selected precisely some other way).
ours() {
  alive "$1" || return 1
  [[ -n "$2" ]] || return 0
  proc_cmdline "$1" && [[ "$CMDLINE" == *"$2"* ]]
}

# descendants PID...: prints every live descendant of the given pids (e.g. sshd's per-connection
# processes, which run on when the listener stops).
descendants() {
  local -A kids=()
  local proc pid p c
  local -a queue=("$@") out=()
  for proc in /proc/[0-9]*; do
    pid=${proc#/proc/}
    proc_stat "$pid" || continue
    kids[${STAT_F[1]}]+=" $pid"
  done
  while ((${#queue[@]})); do
    p=${queue[0]}
    queue=("${queue[@]:1}")
    for c in ${kids[$p]:-}; do
      out+=("$c")
      queue+=("$c")
    done
  done
  echo "${out[*]}"
}

# stop_pids PATTERN PID...: TERM those that are ours, wait up to 10 s for them to go, then KILL.
stop_pids() {
  local pattern=$1 pid left deadline
  local -a mine=()
  shift
  for pid in "$@"; do
    if ours "$pid" "$pattern"; then
      mine+=("$pid")
      kill -TERM "$pid" 2>/dev/null
    fi
  done
  ((${#mine[@]})) || return 0
  deadline=$((SECONDS + 10))
  while ((SECONDS < deadline)); do
    left=0
    for pid in "${mine[@]}"; do alive "$pid" && left=1; done
    ((left)) || return 0
    sleep 0.1
  done
  for pid in "${mine[@]}"; do
    if alive "$pid"; then
      echo "pid $pid did not stop within 10 s; KILL" >&2
      kill -KILL "$pid" 2>/dev/null
    fi
  done
  sleep 0.2
}

# wait_ssh_banner HOST PORT SECONDS: until the port answers "SSH-" (bounded).
wait_ssh_banner() {
  local host=$1 port=$2 deadline=$((SECONDS + $3))
  # shellcheck disable=SC2016 # $0/$1 expand in the inner bash
  until [[ "$(timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1" && head -c 4 <&3' "$host" "$port" 2>/dev/null)" == SSH- ]]; do
    ((SECONDS < deadline)) || return 1
    sleep 0.1
  done
}
