#!/usr/bin/env bash
# `npm test`: everything the tests need, then every test. The suite runs against a real FerretDB
# (built once into the user cache, started by jest's global setup) or the MONGODB_URI you give it,
# the Telegram sandbox over HTTP, and real PM2 daemons with private PM2_HOMEs.
# A full run (no arguments) ends by writing coverage/test-run.json: outcome, counts, coverage,
# commit and time, which `npm run readiness` reads as the proof that the tests pass.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -n "${MONGODB_URI:-}" ] || bash scripts/build-ferretdb.sh --quiet
bash scripts/ensure-chromium.sh
npx tsc --build
# ts-jest compiles each file on its own (isolatedModules) and checks no types: the tests are
# type-checked here, as one program with the code they test.
npx tsc --noEmit -p tsconfig.jest.json
mkdir -p coverage
rm -f coverage/jest-results.json
status=0
npx jest --coverage --maxWorkers=2 --json --outputFile=coverage/jest-results.json "$@" || status=$?
if [ $# -eq 0 ]; then
  node scripts/write-test-run.js "$status" || echo "coverage/test-run.json not written" >&2
fi
# jest's JSON carries the whole coverage map: only its counts were needed.
rm -f coverage/jest-results.json
exit "$status"
