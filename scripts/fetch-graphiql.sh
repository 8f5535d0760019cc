#!/usr/bin/env bash
# Fetch GraphiQL and React browser builds from the npm registry into the given folder.
set -euo pipefail
target=${1:?usage: fetch-graphiql.sh TARGET_DIR}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
command -v npm >/dev/null || { echo "npm not found: GraphiQL will load from its CDN" >&2; exit 1; }
(cd "$work" && npm pack --silent graphiql@3.8.3 react@18.2.0 react-dom@18.2.0 >/dev/null)
for package in graphiql-3.8.3 react-18.2.0 react-dom-18.2.0; do
  mkdir -p "$work/$package" && tar -xzf "$work/$package.tgz" -C "$work/$package"
done
mkdir -p "$target"
cp "$work/graphiql-3.8.3/package/graphiql.min.js" "$target/graphiql.js"
cp "$work/graphiql-3.8.3/package/graphiql.min.css" "$target/graphiql.css"
cp "$work/react-18.2.0/package/umd/react.production.min.js" "$target/react.js"
cp "$work/react-dom-18.2.0/package/umd/react-dom.production.min.js" "$target/react-dom.js"
echo "GraphiQL assets in $target"
