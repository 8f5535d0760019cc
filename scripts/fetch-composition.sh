#!/usr/bin/env bash
# Install the Federation composition library (versions pinned by the lockfile) into the
# given folder; the subgraph composition test runs it under Node.
set -euo pipefail
target=${1:?usage: fetch-composition.sh TARGET_DIR}
here=$(cd "$(dirname "$0")/.." && pwd)
command -v node >/dev/null || { echo "node not found: the composition test needs Node.js 18+" >&2; exit 1; }
command -v npm >/dev/null || { echo "npm not found: the composition test needs npm" >&2; exit 1; }
mkdir -p "$target"
cp "$here/tests/federation/composition/package.json" "$here/tests/federation/composition/package-lock.json" "$target/"
(cd "$target" && npm ci --ignore-scripts --no-audit --no-fund --silent)
echo "Federation composition library in $target"
