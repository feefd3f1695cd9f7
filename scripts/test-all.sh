#!/usr/bin/env bash
# `npm test`: every check and every suite, then ONE closing line "N passed, N failed, N skipped"
# summing them all (CI reads that line). Exits non-zero if anything failed.
#
# Needs (Debian): chromium, gnome-keyring, dbus, dbus-x11, libsecret-1-dev — .ci/run installs them.
set -uo pipefail
cd "$(dirname "$0")/.."

results="$PWD/.tmp/results"
rm -rf "$results" && mkdir -p "$results"
status=0

step() { printf '\n\033[1m== %s\033[0m\n' "$1"; }
# A check that is not a test runner (build, lint, typecheck) counts as one test.
check() {
  local name=$1; shift
  step "$name"
  if "$@"; then echo "{\"passed\":1,\"failed\":0,\"skipped\":0}" > "$results/$name.json"
  else echo "{\"passed\":0,\"failed\":1,\"skipped\":0}" > "$results/$name.json"; status=1; fi
}

# build, lint and typecheck are independent and each mostly one busy thread: they run side by
# side (their output is held back and printed in this order once all three are done).
checks=(build lint typecheck)
declare -A pids
background() {
  local name=$1; shift
  "$@" > "$results/$name.log" 2>&1 &
  pids[$name]=$!
}
background build bash -c 'npx electron-vite build >/dev/null && node scripts/build-cli.mjs && echo "built out/main, out/preload, out/renderer, out/cli"'
background lint npm run lint --silent
background typecheck npm run typecheck --silent
replay() { cat "$1"; return "$2"; }
for name in "${checks[@]}"; do
  wait "${pids[$name]}"
  code=$?
  check "$name" replay "$results/$name.log" "$code"
done

# A test runner writes its own JSON counts; if it dies before writing them, record one failure so
# the closing line can never claim success for a suite that did not run.
# A runner that exits non-zero although its JSON shows no failed test (an unhandled error or a
# crashed worker after the tests passed) gets one failure of its own, with the exit code in the
# closing table, so the last line never says "0 failed" for a run that exits 1.
# Each runner's output is also kept in $results/<suite>.log, for the closing digest of what failed.
suite() {
  local name=$1 title=$2; shift 2
  step "$title"
  "$@" 2>&1 | tee "$results/$name.log"
  local code=${PIPESTATUS[0]}
  [ $code -eq 0 ] || status=1
  [ -s "$results/$name.json" ] || { echo '{"passed":0,"failed":1,"skipped":0}' > "$results/$name.json"; status=1; echo "$title: no results written"; }
  if [ $code -ne 0 ]; then
    echo "{\"passed\":0,\"failed\":1,\"skipped\":0,\"runnerExit\":$code}" > "$results/$name.exit.json"
    echo "$title: the runner exited with code $code"
  fi
}

suite vitest-unit unit \
  npx vitest run --project unit --reporter=default --reporter=json --outputFile.json="$results/vitest-unit.json"
suite vitest-fuzz "fuzz (property-based, 10,000 cases per target)" \
  npx vitest run --project fuzz --reporter=default --reporter=json --outputFile.json="$results/vitest-fuzz.json"
suite vitest-integration "integration (real CLI, private keyring)" \
  scripts/with-private-keyring.sh npx vitest run --project integration --reporter=default --reporter=json --outputFile.json="$results/vitest-integration.json"
suite playwright-e2e "e2e (Chromium, private keyring)" \
  env PLAYWRIGHT_JSON_OUTPUT_NAME="$results/playwright-e2e.json" scripts/with-private-keyring.sh npx playwright test -c playwright.config.ts --reporter=list,json
suite playwright-electron "electron smoke" \
  env PLAYWRIGHT_JSON_OUTPUT_NAME="$results/playwright-electron.json" npx playwright test -c test/electron/playwright.config.ts --reporter=list,json

step "electronegativity"
node scripts/electronegativity-gate.mjs > "$results/electronegativity.log" 2>&1
gate=$?
grep -v ' passed, ' "$results/electronegativity.log"
if [ $gate -eq 0 ]; then echo '{"passed":1,"failed":0,"skipped":0}' > "$results/electronegativity.json"
else echo '{"passed":0,"failed":1,"skipped":0}' > "$results/electronegativity.json"; status=1; fi

echo
node scripts/sum-results.mjs "$results" || status=1
exit $status
