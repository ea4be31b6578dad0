#!/usr/bin/env bash
# The web chat and status page tests drive Debian's chromium through playwright-core, and save
# screenshots of what a user sees. Without an emoji font headless chromium draws ✅ or ⭐ as empty
# boxes, so Debian's colour emoji font comes with it, and a Devanagari font for the bots' Hindi
# (हिन्दी would be boxes too). Installs what is missing when we may (root);
# otherwise says how.
set -euo pipefail
EMOJI_FONT=/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf
DEVANAGARI_FONT=/usr/share/fonts/truetype/lohit-devanagari/Lohit-Devanagari.ttf
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -f "$EMOJI_FONT" ] || missing+=(fonts-noto-color-emoji)
[ -f "$DEVANAGARI_FONT" ] || missing+=(fonts-lohit-deva)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${missing[*]} for the browser tests..."
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "The browser tests need ${missing[*]}: run 'sudo apt-get install ${missing[*]}'." >&2
  exit 1
fi
