#!/usr/bin/env bash
# Checks the installable package as an operator would use it: `node scripts/pack.mjs` makes the
# tarball, `npm install -g` installs it into a throwaway prefix, and `propolis serve` from there
# must answer /api/health. The native SQLite binding built for this checkout is reused (install
# scripts off) so the check takes seconds; a real install builds it (docs/deployment.md).
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=$(mktemp -d /tmp/propolis-pack-check.XXXXXX)
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
TARBALL=$(node scripts/pack.mjs "$WORK/out" | tail -1)
npm install -g --prefix "$WORK/prefix" --ignore-scripts --no-audit --no-fund "$TARBALL" >/dev/null
RELEASE="$WORK/prefix/lib/node_modules/propolis/node_modules/better-sqlite3/build/Release"
mkdir -p "$RELEASE"
cp node_modules/better-sqlite3/build/Release/better_sqlite3.node "$RELEASE/"
PORT=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
mkdir "$WORK/data"
PROPOLIS_DATA_DIR="$WORK/data" PROPOLIS_PORT=$PORT PROPOLIS_ADMIN_PASSWORD=pack-check-1 PROPOLIS_LOG_LEVEL=warn \
  "$WORK/prefix/bin/propolis" serve >"$WORK/serve.log" 2>&1 &
PID=$!
for _ in $(seq 1 100); do
  if node -e "fetch('http://127.0.0.1:$PORT/api/health').then(async r=>process.exit((await r.text())==='Ok'?0:1),()=>process.exit(1))"; then
    echo "pack check: $(basename "$TARBALL") installed, propolis serve answered /api/health"
    exit 0
  fi
  sleep 0.2
done
echo "pack check failed: propolis serve from the installed tarball did not answer" >&2
cat "$WORK/serve.log" >&2
exit 1
