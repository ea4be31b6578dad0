#!/usr/bin/env bash
# A deploy's reload: restarts the mother (`motherbot`) and nothing else. The embedded database
# (`motherbot-db`, when the ecosystem has it) is started only if it does not run; clone workers
# are not in the ecosystem and are never touched (the new mother adopts them).
#
# In fork mode `pm2 reload` is a restart: PM2 sends the old mother SIGINT, waits for it to exit
# (it finishes the updates in flight and confirms their offsets to Telegram), then starts the
# new one and waits for its ready signal. Updates sent in between wait at Telegram and are
# answered by the new mother, once each (docs/deployment.md has the measured gap;
# guarded by apps/mother-bot/test/underPm2.test.ts).
#
#   bash scripts/reload-mother.sh [ecosystem file]     # default: ecosystem.config.js beside scripts/
set -euo pipefail
ecosystem=$(realpath "${1:-$(dirname "$0")/../ecosystem.config.js}")
cd "$(dirname "$ecosystem")"
if command -v pm2 >/dev/null; then pm2=(pm2); else pm2=(npx --no-install pm2); fi

has_db=$(node -e "console.log(require(process.argv[1]).apps.some((app) => app.name === 'motherbot-db'))" "$ecosystem")
if [ "$has_db" = true ]; then
  db_pid=$("${pm2[@]}" pid motherbot-db 2>/dev/null || true)
  if [ -z "$db_pid" ] || [ "$db_pid" = 0 ]; then "${pm2[@]}" start "$ecosystem" --only motherbot-db; fi
fi
"${pm2[@]}" startOrReload "$ecosystem" --only motherbot --update-env
"${pm2[@]}" save
