#!/usr/bin/env bash
# Readies a fresh machine for `npm test` and `npm run sandbox`: the npm packages and a redis-server
# binary (the tests and the sandbox start their own private Redis from it).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "bootstrap: installing npm packages (npm ci)…" >&2
  npm ci --no-audit --no-fund --loglevel=error
fi

if ! command -v redis-server >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "bootstrap: installing redis-server (apt-get)…" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server >/dev/null
  else
    echo "bootstrap: redis-server is missing. Install it (Debian/Ubuntu: sudo apt-get install -y redis-server; macOS: brew install redis) and run the command again." >&2
    exit 1
  fi
fi
