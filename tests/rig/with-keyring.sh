#!/usr/bin/env bash
# Runs CMD ARGS... inside a fresh, unlocked Secret Service (the OS keychain on Linux), so code using
# @napi-rs/keyring talks to a real gnome-keyring instead of failing or touching the user's keyring.
#   - a private D-Bus session bus (dbus-run-session; it goes away with CMD),
#   - gnome-keyring-daemon --components=secrets, its data in a fresh temporary folder (its own HOME,
#     XDG_DATA_HOME, XDG_RUNTIME_DIR) so no real keyring is read or changed,
#   - unlocked with a throwaway password on stdin (an empty password, or --login alone, leaves no
#     collection, and writes then fail).
# CMD keeps the caller's HOME (npm/npx config, caches); only the daemon lives in the fresh folder.
# The exit code is CMD's. The daemon is stopped by its pid and the folder deleted afterwards.
#
# Usage: tests/rig/with-keyring.sh CMD [ARGS...]
set -euo pipefail

(($# > 0)) || { echo "usage: $0 CMD [ARGS...]" >&2; exit 2; }
for cmd in dbus-run-session gnome-keyring-daemon dbus-send secret-tool; do
  command -v "$cmd" >/dev/null || { echo "with-keyring.sh: '$cmd' not found (run tests/rig/install.sh)" >&2; exit 1; }
done

KEYRING_DIR=$(mktemp -d /tmp/hoster-keyring.XXXXXX)
cleanup() { rm -rf "$KEYRING_DIR"; }
trap cleanup EXIT
mkdir -p "$KEYRING_DIR/home" "$KEYRING_DIR/data" "$KEYRING_DIR/runtime"
chmod 0700 "$KEYRING_DIR/runtime"

export HOSTER_KEYRING_DIR=$KEYRING_DIR
# The inner script runs with the session bus address set. Not `exec`: the EXIT trap above must run.
# shellcheck disable=SC2016
dbus-run-session -- bash -c '
  set -uo pipefail
  dir=$HOSTER_KEYRING_DIR
  # The daemon (only) gets the fresh folders. Its pid is $! because it is the last thing started.
  HOME="$dir/home" XDG_DATA_HOME="$dir/data" XDG_RUNTIME_DIR="$dir/runtime" \
    gnome-keyring-daemon --foreground --unlock --components=secrets \
    <<<"hoster-test-keyring-password" >"$dir/daemon.log" 2>&1 &
  daemon=$!
  stop_daemon() {
    kill -TERM "$daemon" 2>/dev/null || return 0
    for _ in $(seq 1 25); do kill -0 "$daemon" 2>/dev/null || return 0; sleep 0.2; done
    kill -KILL "$daemon" 2>/dev/null || true
  }
  trap stop_daemon EXIT

  fail() { echo "with-keyring.sh: $*" >&2; cat "$dir/daemon.log" >&2; exit 1; }

  # 1. Wait until our daemon owns org.freedesktop.secrets. Asking for the name earlier would make
  #    D-Bus auto-start a second, locked daemon from its .service file.
  for i in $(seq 1 50); do
    if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
      org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true"; then
      break
    fi
    kill -0 "$daemon" 2>/dev/null || fail "gnome-keyring-daemon exited during startup"
    ((i < 50)) || fail "the Secret Service did not appear on the session bus within 10 s"
    sleep 0.2
  done
  # 2. Prove the default collection takes writes (it must exist and be unlocked).
  probe="probe-$$-$RANDOM"
  printf %s "$probe" | timeout 10 secret-tool store --label="hoster keyring probe" hoster-probe "$probe" \
    || fail "secret-tool store failed: the keyring is locked or has no default collection"
  [[ "$(timeout 10 secret-tool lookup hoster-probe "$probe")" == "$probe" ]] || fail "secret-tool lookup did not read the probe back"
  timeout 10 secret-tool clear hoster-probe "$probe" || true

  "$@"
  rc=$?
  # gnome-keyring-daemon has been seen to abort (a glib assertion) in rare runs; D-Bus then starts a
  # locked one and every later keychain call fails. Say so, so that is not read as our bug.
  if ! kill -0 "$daemon" 2>/dev/null; then
    echo "with-keyring.sh: gnome-keyring-daemon died during the run; keychain failures after that are its crash. Its log:" >&2
    cat "$dir/daemon.log" >&2
  fi
  exit "$rc"
' with-keyring "$@"
