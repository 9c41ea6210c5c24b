#!/usr/bin/env bash
# Stops the throwaway cluster started by pg-up.sh. Usage: scripts/pg-down.sh [root-dir]
set -uo pipefail
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
PGROOT=${1:-${PGROOT:-/tmp/propolis-pg}}
RUN=()
[ "$(id -u)" = 0 ] && RUN=(runuser -u postgres --)
"${RUN[@]}" "$PGBIN/pg_ctl" -D "$PGROOT/data" -m fast -w stop >/dev/null 2>&1 || true
rm -rf "$PGROOT"
