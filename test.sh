#!/usr/bin/env bash
# Command 2: set up what the tests need and run the whole suite (extra arguments go to pytest).
# The suite runs on SQLite; then the service's tests (tests/app) run again on PostgreSQL
# (DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/safepost; .ci/run starts it), all but
# the pages in Chromium, which drive the same code through a browser and ran on SQLite already
# (CI must stay under 30 minutes; run them on PostgreSQL with `./test.sh tests/app/test_browser*.py`).
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh --test
echo "== tests on SQLite"
env -u DATABASE_URL .venv/bin/python -m pytest "$@"
echo "== the service's tests on PostgreSQL"
export DATABASE_URL="${SAFEPOST_TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/safepost}"
if [ $# -eq 0 ]; then set -- tests/app --ignore-glob='tests/app/test_browser*.py'; fi
exec .venv/bin/python -m pytest "$@"
