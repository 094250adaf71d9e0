#!/usr/bin/env bash
# Everything `npm test` runs, failing fast:
#   install rig packages -> typecheck -> lint -> unit tests -> build -> start the rig (private dockerd,
#   registry, two sshd nodes) -> integration tests (vitest) and e2e tests (Playwright) inside a fresh
#   Secret Service -> tear the rig down (always, also on failure or Ctrl-C).
# Works as root on a fresh Debian 12 machine where nothing is started.
#
# For development, HOSTER_TEST_ONLY runs a subset (the default runs everything):
#   HOSTER_TEST_ONLY=unit         typecheck, lint, unit tests
#   HOSTER_TEST_ONLY=integration  rig + vitest integration tests only; extra arguments go to vitest,
#                                 e.g. `HOSTER_TEST_ONLY=integration bash tests/run-all.sh tests/integration/rig.test.ts`
#   HOSTER_TEST_ONLY=e2e          build + rig + Playwright only; extra arguments go to playwright
# With HOSTER_RIG already set (a rig you started with tests/rig/up.sh), that rig is used and left running.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ONLY=${HOSTER_TEST_ONLY:-all}
case "$ONLY" in all | unit | integration | e2e) ;; *)
  echo "HOSTER_TEST_ONLY must be unit, integration or e2e (got '$ONLY')" >&2
  exit 2
  ;;
esac
want() { [[ "$ONLY" == all || " $* " == *" $ONLY "* ]]; }

START=$SECONDS
STEPS=()
step() {
  local name=$1 t=$SECONDS
  shift
  echo
  echo "=== $name ==="
  "$@"
  STEPS+=("$name ($((SECONDS - t))s)")
}
joined() {
  local IFS=',' text
  text="${STEPS[*]:-none}"
  echo "${text//,/, }"
}

RIGDIR=
# Runs on every exit: tears the rig down (if this script started one), then prints the summary line.
finish() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n "$RIGDIR" ]]; then
    echo
    echo "=== rig teardown ==="
    bash tests/rig/down.sh "$RIGDIR" || rc=1
  fi
  echo
  if ((rc == 0)); then
    echo "=== run-all ($ONLY): PASSED in $((SECONDS - START))s: $(joined) ==="
  else
    echo "=== run-all ($ONLY): FAILED (exit $rc) after $((SECONDS - START))s; passed before the failure: $(joined) ===" >&2
  fi
  exit $rc
}
# EXIT covers failures (set -e); INT/TERM become an exit so the same path (teardown) runs.
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

want integration e2e && step "install rig packages" bash tests/rig/install.sh
want unit && step typecheck npm run typecheck
want unit && step lint npm run lint
want unit && step "unit tests" npx vitest run --project unit
want e2e && step build npm run build
want integration e2e || exit 0

if [[ -z "${HOSTER_RIG:-}" ]]; then
  RIGDIR=$(mktemp -d /tmp/hoster-rig.XXXXXX)
  step "rig up" bash tests/rig/up.sh "$RIGDIR"
  export HOSTER_RIG="$RIGDIR/rig.json"
else
  echo "Using the running rig HOSTER_RIG=$HOSTER_RIG (not torn down)"
fi

integration=(npx vitest run --project integration)
e2e=(npx playwright test)
if [[ "$ONLY" == integration ]]; then integration+=("$@"); fi
if [[ "$ONLY" == e2e ]]; then e2e+=("$@"); fi

# The tests need the OS keychain; each run gets its own throwaway Secret Service.
want integration && step "integration tests" bash tests/rig/with-keyring.sh "${integration[@]}"
if want e2e; then
  if [[ -f playwright.config.ts ]]; then
    # A virtual X display for anything that opens a real window (headless Chromium ignores it).
    step "e2e tests" bash tests/rig/with-keyring.sh xvfb-run -a --server-args="-screen 0 1280x800x24" "${e2e[@]}"
  else
    echo "No playwright.config.ts yet: e2e tests skipped" >&2
    [[ "$ONLY" != e2e ]] || exit 1
  fi
fi
