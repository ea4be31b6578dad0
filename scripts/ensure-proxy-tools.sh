#!/usr/bin/env bash
# The webhook proxy examples (docs/examples/nginx-webhook.conf, Caddyfile-webhook) are checked by
# apps/mother-bot/test/proxyConfigs.test.ts with the real nginx and Caddy (Debian packages). Installs
# what is missing when we may (root with apt-get); otherwise says why and goes on: that test then
# skips and says so, nothing else needs them.
set -uo pipefail
missing=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
command -v caddy >/dev/null 2>&1 || missing+=(caddy)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Proxy config tests will skip: ${missing[*]} missing and no root apt-get here ('sudo apt-get install ${missing[*]}' to run them)." >&2
  exit 0
fi
echo "Installing ${missing[*]} for the proxy config tests..."
# Debian starts the services on install where it can; policy-rc.d in containers prevents it.
if ! { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; }; then
  echo "Proxy config tests will skip: apt-get could not install ${missing[*]}." >&2
fi
exit 0
