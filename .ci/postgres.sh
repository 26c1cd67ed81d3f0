#!/usr/bin/env bash
# Installs (if needed) and starts a local PostgreSQL server with a `stockmate` login that may create
# databases and roles, as the tests and benchmarks of the node-postgres adapter expect:
#   postgres://stockmate:stockmate@127.0.0.1:5432/postgres
set -euo pipefail

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >/dev/null
fi

version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$version main$"; then
  as_root pg_createcluster "$version" main >/dev/null
fi
as_root pg_ctlcluster "$version" main start 2>/dev/null || true

for _ in $(seq 1 30); do
  if as_root su postgres -c "psql -qAtc 'select 1'" >/dev/null 2>&1; then break; fi
  sleep 1
done

as_root su postgres -c "psql -qAtc \"DO \\\$\\\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'stockmate') THEN
    CREATE ROLE stockmate LOGIN CREATEDB CREATEROLE PASSWORD 'stockmate';
  END IF; END \\\$\\\$\""
PGPASSWORD=stockmate psql -h 127.0.0.1 -U stockmate -d postgres -qAtc 'select 1' >/dev/null
echo "PostgreSQL $version is running on 127.0.0.1:5432 (user stockmate)"
