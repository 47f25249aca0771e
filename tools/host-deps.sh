#!/bin/bash
# Installs what the build needs on the host itself (a Debian machine): only
# debootstrap, which makes the toolchain chroot; everything else lives inside.
set -euo pipefail
. "$(dirname "$0")/common.sh"

command -v debootstrap >/dev/null && exit 0
[ "$(id -u)" = 0 ] || die "debootstrap is missing: run 'apt-get install debootstrap' as root"
log "installing debootstrap on the host"
apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
