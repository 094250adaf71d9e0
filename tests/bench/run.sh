#!/usr/bin/env bash
# `npm run bench`: every benchmark, each printing its figures and the ratio against its peer measured
# in the same run. Figures are never asserted in tests; this is where speed and memory goals are read.
# Benchmarks that need real nodes run against the test rig, which this script starts and stops.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

bash tests/rig/install.sh
npm run build >/dev/null

RIGDIR=$(mktemp -d /tmp/hoster-bench-rig.XXXXXX)
trap 'bash tests/rig/down.sh "$RIGDIR"' EXIT INT TERM
bash tests/rig/up.sh "$RIGDIR"
export HOSTER_RIG="$RIGDIR/rig.json"

shopt -s nullglob
for bench in tests/bench/*.bench.ts; do
  echo
  echo "=== ${bench#tests/bench/} ==="
  if grep -q "from 'vitest'" "$bench"; then
    ./node_modules/.bin/vitest bench --run --project unit "$bench"
  else
    bash tests/rig/with-keyring.sh ./node_modules/.bin/tsx --tsconfig tsconfig.node.json "$bench"
  fi
done
