#!/usr/bin/env bash
# Command 1: set everything up and run SafePost (a scan of a sample post, until the web app lands).
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh
exec .venv/bin/safepost scan "Congratulations to our patient Maria Lopez, home today after her hip replacement on March 3! Call us at (555) 201-3344."
