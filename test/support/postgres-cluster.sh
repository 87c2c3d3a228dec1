#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the tests and prints the URL to reach it.
#   eval "$(bash test/support/postgres-cluster.sh start)"   # exports TEST_DATABASE_URL and PG_CLUSTER_DIR
#   bash test/support/postgres-cluster.sh stop "$PG_CLUSTER_DIR"
# Installs Debian's postgresql package when no server is found. The cluster lives in a temp
# folder owned by a non-root user (PostgreSQL refuses to run as root), listens on 127.0.0.1 only,
# and trusts local connections: it holds nothing but test data and is deleted by `stop`.
set -euo pipefail

find_bin() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$found" ] && [ -x "$found/initdb" ] && echo "$found"
}

as_cluster_user() {
  if [ "$(id -u)" -eq 0 ]; then
    su -s /bin/bash postgres -c "$*"
  else
    bash -c "$*"
  fi
}

case "${1:-}" in
  start)
    bin=$(find_bin || true)
    if [ -z "$bin" ]; then
      echo "installing postgresql (Debian package)" >&2
      if [ "$(id -u)" -eq 0 ]; then apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql >&2
      else sudo apt-get update >&2 && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql >&2; fi
      bin=$(find_bin)
    fi
    dir=$(mktemp -d /tmp/lead-coach-pg.XXXXXX)
    chmod 0755 "$dir"
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir"; fi
    port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
    as_cluster_user "'$bin/initdb' -D '$dir/data' -U lead_coach --auth=trust --encoding=UTF8 --locale=C.UTF-8 >'$dir/initdb.log' 2>&1"
    as_cluster_user "'$bin/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -t 60 \
      -o \"-c listen_addresses=127.0.0.1 -p $port -k '$dir' -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off\" start >&2"
    echo "export PG_CLUSTER_DIR='$dir' PG_CLUSTER_BIN='$bin'"
    echo "export TEST_DATABASE_URL='postgres://lead_coach@127.0.0.1:$port/postgres'"
    ;;
  stop)
    dir="${2:?usage: stop <cluster dir>}"
    bin=$(find_bin)
    as_cluster_user "'$bin/pg_ctl' -D '$dir/data' -m immediate stop >/dev/null 2>&1" || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start | stop <cluster dir>" >&2
    exit 2
    ;;
esac
