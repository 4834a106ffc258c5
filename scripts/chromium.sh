#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed for the browser tests. Playwright
# never downloads a browser here; it drives /usr/bin/chromium.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
if [ ! -x /usr/bin/chromium ]; then
  apt_install chromium
fi
/usr/bin/chromium --version
