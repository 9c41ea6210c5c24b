#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on 127.0.0.1 for tests and benchmarks (tests only: fsync is off).
# Prints the DATABASE_URL to use. Usage: scripts/pg-up.sh [root-dir] [port]
#
# PG_SETTINGS=production starts it with a production-like durability instead (fsync, synchronous_commit
# and full_page_writes on, PostgreSQL's defaults): every COMMIT waits for its WAL flush, as on a real
# server. The benchmark's second PostgreSQL column (docs/performance.md) is taken on such a cluster.
# PG_EXTRA adds server options (e.g. "-c shared_preload_libraries=pg_stat_statements").
set -euo pipefail
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
  echo "PostgreSQL server binaries not found; install the Debian package 'postgresql'" >&2
  exit 1
fi
PGROOT=${1:-${PGROOT:-/tmp/propolis-pg}}
PGPORT=${2:-${PGPORT:-55432}}
if [ -f "$PGROOT/data/postmaster.pid" ]; then
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGROOT/data" -m fast -w stop >/dev/null 2>&1 || true
fi
rm -rf "$PGROOT"
mkdir -p "$PGROOT/data" "$PGROOT/sock"
RUN=()
if [ "$(id -u)" = 0 ]; then
  chown -R postgres:postgres "$PGROOT"
  RUN=(runuser -u postgres --)
fi
chmod 700 "$PGROOT/data"
"${RUN[@]}" "$PGBIN/initdb" -D "$PGROOT/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >"$PGROOT/initdb.log"
case "${PG_SETTINGS:-test}" in
  test) DURABILITY="-c fsync=off -c synchronous_commit=off -c full_page_writes=off" ;;
  production) DURABILITY="-c fsync=on -c synchronous_commit=on -c full_page_writes=on" ;;
  *)
    echo "PG_SETTINGS must be 'test' (the default) or 'production'" >&2
    exit 1
    ;;
esac
"${RUN[@]}" "$PGBIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGROOT/sock $DURABILITY -c max_connections=300 ${PG_EXTRA:-}" \
  start >/dev/null
"$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -v ON_ERROR_STOP=1 -qc "CREATE DATABASE propolis" >/dev/null
echo "postgres://postgres@127.0.0.1:$PGPORT/propolis"
