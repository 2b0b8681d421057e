#!/usr/bin/env bash
# Command 2: set up what the tests need and run the whole suite (extra arguments go to pytest).
# The whole suite runs on SQLite while, at the same time (the machine has 2 cores), the service's
# tests (tests/app) run again on PostgreSQL (DATABASE_URL, default
# postgresql://postgres@127.0.0.1:5432/safepost; .ci/run starts the server), all but the pages in
# Chromium, which drive the same code through a browser and run on SQLite already (CI must stay
# under 30 minutes; run them on PostgreSQL with `./test.sh tests/app/test_browser*.py`, which runs
# the arguments on both databases). The PostgreSQL run's output is kept in
# .cache/test-postgresql.log and printed when both runs are done; the exit status fails if either did.
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh --test
pg_url="${SAFEPOST_TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/safepost}"
pg_args=("$@")
if [ $# -eq 0 ]; then pg_args=(tests/app --ignore-glob='tests/app/test_browser*.py'); fi
pg_log=.cache/test-postgresql.log
mkdir -p .cache
echo "== the service's tests on PostgreSQL: started in the background (output: $pg_log)"
DATABASE_URL="$pg_url" .venv/bin/python -m pytest -p no:cacheprovider "${pg_args[@]}" >"$pg_log" 2>&1 &
pg_pid=$!
trap 'kill "$pg_pid" 2>/dev/null || true' INT TERM
echo "== tests on SQLite"
sqlite_status=0
env -u DATABASE_URL .venv/bin/python -m pytest "$@" || sqlite_status=$?
pg_status=0
wait "$pg_pid" || pg_status=$?
echo "== the service's tests on PostgreSQL (finished)"
cat "$pg_log"
echo "== SQLite: exit $sqlite_status; PostgreSQL: exit $pg_status"
[ "$sqlite_status" -eq 0 ] && [ "$pg_status" -eq 0 ]
