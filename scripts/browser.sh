#!/usr/bin/env bash
# Install Debian's Chromium for the end-to-end browser test (tests/web/e2e/), once.
# Playwright drives this system browser through executable_path; it never downloads a
# browser of its own (no `playwright install`), so only Debian's package archive is used.
# Skipped when a chromium is already on PATH. Needs root (CI runs as root) or sudo.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "browser.sh: no apt-get here; install Chromium yourself (or set VNKG_CHROMIUM)" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then
  SUDO="sudo"
fi
echo "installing chromium (Debian package) for the browser test..." >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# fonts-dejavu-core: glyphs for Vietnamese text in screenshots; tiny, usually already there.
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
echo "installed: $(chromium --version 2>/dev/null)" >&2
