#!/usr/bin/env bash
# Command 1: set everything up and run SafePost: the web service and its background worker, with the demo organization on
# http://127.0.0.1:8000/ (data in ./data; extra arguments go to `safepost serve`, e.g. --port 9000).
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh
exec .venv/bin/safepost serve --demo --with-worker "$@"
