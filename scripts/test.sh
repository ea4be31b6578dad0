#!/usr/bin/env bash
# `npm test`: everything the tests need, then every test. The suite runs against a real FerretDB
# (built once into the user cache, started by jest's global setup) or the MONGODB_URI you give it,
# the Telegram sandbox over HTTP, and real PM2 daemons with private PM2_HOMEs.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -n "${MONGODB_URI:-}" ] || bash scripts/build-ferretdb.sh --quiet
bash scripts/ensure-chromium.sh
npx tsc --build
# ts-jest compiles each file on its own (isolatedModules) and checks no types: the tests are
# type-checked here, as one program with the code they test.
npx tsc --noEmit -p tsconfig.jest.json
exec npx jest --coverage --maxWorkers=2 "$@"
