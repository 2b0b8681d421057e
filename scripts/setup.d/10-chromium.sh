#!/usr/bin/env bash
# The browser tests drive Debian's Chromium through the Playwright Python package
# (executable_path=/usr/bin/chromium); Playwright's own browser download is never used.
set -euo pipefail
if [ ! -x /usr/bin/chromium ]; then
  echo "setup: installing Debian's chromium for the browser tests"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi
