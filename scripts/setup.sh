#!/usr/bin/env bash
# Idempotent set-up on a fresh machine: a Python 3.11 virtual environment in .venv with SafePost
# and its dependencies. `scripts/setup.sh --test` adds what the test suite needs.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null || PY=python3
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv with $($PY --version)"
  "$PY" -m venv .venv
  .venv/bin/pip install -q --upgrade pip
fi

extras="app"
if [ "${1:-}" = "--test" ]; then extras="app,dev,train"; fi
stamp=".venv/.installed-$extras-$(cat pyproject.toml | sha1sum | cut -c1-12)"
if [ ! -f "$stamp" ]; then
  echo "setup: installing safepost[$extras]"
  .venv/bin/pip install -q -e ".[$extras]"
  touch "$stamp"
fi

# media scanning needs Debian's tesseract-ocr and ffmpeg at run time, not only in the tests
bash scripts/setup.d/30-media.sh   # (run again, at once, by the --test loop)
if [ "${1:-}" = "--test" ]; then
  for s in scripts/setup.d/*.sh; do [ -f "$s" ] && bash "$s"; done
fi
exit 0
