#!/usr/bin/env bash
# `npm start`: the whole system on this machine for a newcomer. Builds what it needs, starts the
# embedded database (unless MONGODB_URI is set) and, without BOT_TOKEN, the Telegram sandbox with
# a mother bot and an admin user; Ctrl-C/SIGTERM stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci
[ -n "${MONGODB_URI:-}" ] || bash scripts/build-ferretdb.sh --quiet
npx tsc --build
exec node apps/mother-bot/dist/launcher/devLauncher.js
