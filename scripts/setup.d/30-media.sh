#!/usr/bin/env bash
# Media scanning (src/safepost/engine/media/) reads text in images with Debian's Tesseract OCR
# (English and Spanish models, plus the orientation model that ships with it) and will take
# video keyframes with ffmpeg. Both come from Debian, not PyPI. Idempotent: returns at once when
# every package is already installed. Run by setup.sh with and without --test (the service
# scans attachments at run time).
set -euo pipefail
packages=(tesseract-ocr tesseract-ocr-eng tesseract-ocr-spa ffmpeg fonts-dejavu-core)   # the font: test images
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "setup: installing ${missing[*]} for media scanning"
if [ "$(id -u)" -ne 0 ]; then
  # not fatal: text scanning works without them; image checks then fail with this same advice
  echo "setup: WARNING: image checks need ${missing[*]}; as root: apt-get install ${missing[*]}" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
