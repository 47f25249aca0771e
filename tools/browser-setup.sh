#!/bin/bash
# Installs what the browser tests (tests/browser) need and npm cannot: Debian's
# chromium at /usr/bin/chromium (apt-get, as root). playwright-core comes from
# package.json (npm ci). Idempotent: does nothing when chromium is there.
# `make test` runs it; PYXIS_CHROMIUM names another Chromium binary.
set -euo pipefail
chromium="${PYXIS_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$chromium" ]; then
  exit 0
fi
if [ -n "${PYXIS_CHROMIUM:-}" ]; then
  echo "browser-setup: PYXIS_CHROMIUM=$chromium is not an executable" >&2
  exit 1
fi
if [ "$(id -u)" != 0 ]; then
  echo "browser-setup: $chromium is missing; install Debian's chromium as root (apt-get install chromium)" >&2
  exit 1
fi
echo "[pyxis] installing chromium for the browser tests (apt-get)"
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y chromium >/dev/null; then
  apt-get update -qq
  apt-get install -y chromium >/dev/null
fi
[ -x "$chromium" ] || { echo "browser-setup: apt-get did not install $chromium" >&2; exit 1; }
