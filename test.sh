#!/usr/bin/env bash
# Command 2: set up what the tests need and run the whole suite (extra arguments go to pytest).
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh --test
exec .venv/bin/python -m pytest "$@"
