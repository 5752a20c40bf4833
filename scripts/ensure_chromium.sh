#!/usr/bin/env bash
# Browser tours need Chromium: without it Odoo skips them, which the test run counts as a failure.
set -euo pipefail

for browser in chromium chromium-browser google-chrome; do
  command -v "$browser" >/dev/null && exit 0
done
echo "Chromium is not installed: installing it from the distribution's packages"
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
as_root apt-get update -q
DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q chromium
