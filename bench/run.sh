#!/usr/bin/env bash
# `make bench`: prepare PostgreSQL, PostGraphile and the seed, then measure and report.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$(dirname "$here")"
server=$(bash "$here/setup.sh" "${BENCH_PG_PORT:-55434}" "${BENCH_HOUSEHOLDS:-20000}" "${BENCH_SEED:-1}")
exec .venv/bin/python -m bench.main "$server"
