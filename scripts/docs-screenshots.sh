#!/usr/bin/env bash
# Retakes the screenshots in docs/images/ from the browser tests that take them, in Debian's
# chromium with the colour emoji font (scripts/ensure-chromium.sh installs both), so the docs show
# what a user sees.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-chromium.sh
DOCS_SCREENSHOTS=1 npx jest --coverage=false packages/telegram-sandbox/test/webchat.test.ts
DOCS_SCREENSHOTS=1 npx jest --coverage=false apps/clone-bot/test/webchatAlbum.test.ts
DOCS_SCREENSHOTS=1 npx jest --coverage=false apps/clone-bot/test/webchatLanguage.test.ts
ls -l docs/images/ docs/img/
