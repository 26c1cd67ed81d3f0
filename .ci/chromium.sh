#!/usr/bin/env bash
# Installs Debian's Chromium (if needed) for the browser tests and UI benchmarks: Playwright drives
# it with executablePath /usr/bin/chromium, as it cannot download a browser of its own here.
set -euo pipefail

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }

if [ ! -x /usr/bin/chromium ]; then
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium >/dev/null
fi
/usr/bin/chromium --version
