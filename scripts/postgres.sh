#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server for tests and benchmarks: no systemd, its own port and folder.
#   scripts/postgres.sh start DIR PORT [durable]   initdb + start; prints nothing on success
#   scripts/postgres.sh stop DIR
#   scripts/postgres.sh halt DIR | resume DIR   stop the server keeping its data, start it again (outage tests)
# Installs postgresql-15 with apt when it is missing (needs root, as CI is).
set -euo pipefail
PGBIN=/usr/lib/postgresql/15/bin
cmd=$1 dir=$2

as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "$cmd" in
start)
  port=$3 durable=${4:-}
  if [ ! -x "$PGBIN/initdb" ]; then
    echo "Installing PostgreSQL 15 …" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-15 >/dev/null
  fi
  [ -f "$dir/postmaster.pid" ] && as_postgres "$PGBIN/pg_ctl" -D "$dir" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"; mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
  chmod 700 "$dir"
  as_postgres "$PGBIN/initdb" -D "$dir" -U postgres -E UTF8 --locale=C.UTF-8 --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  # Tests trade durability for speed; the benchmark asks for the default settings ("durable").
  opts="-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200"
  [ "$durable" = durable ] || opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  echo "$opts" > "$dir/sovereign.opts"
  as_postgres "$PGBIN/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 30 -o "$opts" start >/dev/null
  as_postgres "$PGBIN/psql" -h "$dir" -p "$port" -U postgres -v ON_ERROR_STOP=1 -q \
    -c "CREATE ROLE sovereign LOGIN PASSWORD 'sovereign' CREATEDB" -c "CREATE DATABASE sovereign OWNER sovereign"
  ;;
stop)
  [ -f "$dir/postmaster.pid" ] && as_postgres "$PGBIN/pg_ctl" -D "$dir" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  ;;
halt)
  as_postgres "$PGBIN/pg_ctl" -D "$dir" -m fast -w stop >/dev/null
  ;;
resume)
  as_postgres "$PGBIN/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 30 -o "$(cat "$dir/sovereign.opts")" start >/dev/null
  ;;
*) echo "usage: $0 start DIR PORT [durable] | stop DIR | halt DIR | resume DIR" >&2; exit 2 ;;
esac
