#!/usr/bin/env bash
# `npm run logs:rotation`: rotation of every PM2 log file (the mother's, the database's, every
# clone's: docs/runbook.md) by pm2-logrotate, the standard PM2 module. It is installed into the PM2
# that runs the platform (PM2_HOME, or ~/.pm2) from this checkout's node_modules, where `npm ci`
# put the version package-lock.json pins: no registry, no download. Then the recommended settings:
#
#   max_size 20M          a file is rotated when it passes 20 MB (checked every workerInterval s)
#   retain 14             14 rotated files kept per log file, the oldest deleted
#   rotateInterval        '0 0 * * *': every non-empty file is also rotated at midnight
#   compress false        pm2-logrotate 3.0.0 cannot compress when set with `pm2 set` (it reads
#                         the value back as a boolean and compares it with the string 'true')
#
# so one log file takes at most 15 × 20 MB on disk. Run it again after an upgrade or to restore
# the settings; it changes only what differs. Exit 0 when the module is online with them.
set -euo pipefail
cd "$(dirname "$0")/.."

module_dir="$PWD/node_modules/pm2-logrotate"
[ -f "$module_dir/package.json" ] || { echo "pm2-logrotate is not in node_modules: run npm ci first" >&2; exit 1; }
pm2=$(command -v pm2 || echo "$PWD/node_modules/.bin/pm2")
pm2_home=${PM2_HOME:-$HOME/.pm2}

if ! "$pm2" describe pm2-logrotate >/dev/null 2>&1; then
  # A file: URL makes `pm2 install` link this folder instead of asking the registry; offline,
  # npm does not try anyway. The module's own dependencies resolve in this node_modules.
  npm_config_offline=true "$pm2" install "file://$module_dir" >/dev/null
fi

current() { node -e 'try { const c = require(process.argv[1])["pm2-logrotate"] || {}; process.stdout.write(String(c[process.argv[2]] ?? "")); } catch {}' "$pm2_home/module_conf.json" "$1"; }
set_if_different() {
  if [ "$(current "$1")" != "$2" ]; then "$pm2" set "pm2-logrotate:$1" "$2" >/dev/null; fi
}
set_if_different max_size 20M
set_if_different retain 14
set_if_different rotateInterval '0 0 * * *'
set_if_different workerInterval 30
set_if_different compress false
set_if_different rotateModule true

"$pm2" describe pm2-logrotate | grep -q 'status.*online' || { echo "pm2-logrotate is not online: pm2 logs pm2-logrotate" >&2; exit 1; }
echo "pm2-logrotate online in $pm2_home: max_size $(current max_size), retain $(current retain), rotateInterval '$(current rotateInterval)', compress $(current compress)"
