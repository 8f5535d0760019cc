#!/usr/bin/env bash
# Start a throwaway PostgreSQL on 127.0.0.1 for the test suite and print the URL to use as
# SIMPUL_TEST_POSTGRES_URL. Usage: scripts/postgres-for-tests.sh DATA_DIR PORT
set -euo pipefail
data=${1:?data dir}; port=${2:-55432}
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
mkdir -p "$data"
chown postgres "$data"
if [ ! -f "$data/PG_VERSION" ]; then
  su postgres -c "$bin/initdb -D '$data' -A trust -U postgres --encoding UTF8 --locale C.UTF-8" >/dev/null
fi
su postgres -c "$bin/pg_ctl -D '$data' -l '$data/server.log' -w -o \"-p $port -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300\" start" >/dev/null
for db in registry regional institutions logistics hub; do
  su postgres -c "$bin/psql -h 127.0.0.1 -p $port -qAt -c \"SELECT 1 FROM pg_database WHERE datname = 'simpul_$db'\"" | grep -q 1 ||
    su postgres -c "$bin/createdb -h 127.0.0.1 -p $port simpul_$db"
done
echo "postgresql+asyncpg://postgres@127.0.0.1:$port"
