#!/bin/bash
# Creates (once) and reuses the build toolchain: a Debian trixie chroot made
# with debootstrap, holding emscripten, the build Python and the build tools.
# It lives in the cache under a key made from the package list below, and is
# made in a temporary folder then renamed, so a half-made chroot is never used.
# Prints the chroot's path.
set -euo pipefail
. "$(dirname "$0")/common.sh"

SUITE=trixie
PACKAGES=(
  emscripten python3 "python$PYTHON_VERSION" python3-pip python3-venv ca-certificates
  make pkg-config autoconf automake libtool patch xz-utils bzip2 file
  meson ninja-build cython3 dpkg-dev clang-format tcl libltdl-dev
)
EXPECT_EMCC=$EMSCRIPTEN_VERSION
EXPECT_PYTHON=$PYTHON_PATCH_VERSION

key=$(hash_inputs -s "$SUITE" -s "${PACKAGES[*]}" -s "$EXPECT_EMCC $EXPECT_PYTHON" -s v1)
dir="$PYXIS_CACHE/toolchain/$key"
if [ -f "$dir/.pyxis-complete" ]; then echo "$dir/root"; exit 0; fi

command -v debootstrap >/dev/null ||
  die "debootstrap is not installed (apt-get install debootstrap)"
mirror=$(debian_mirror)
mkdir -p "$PYXIS_CACHE/toolchain"
tmp=$(mktemp -d "$PYXIS_CACHE/toolchain/.tmp.XXXXXX")
trap 'rm -rf --one-file-system "$tmp"' EXIT
log "creating the $SUITE toolchain chroot (about a minute, 3 GB) in $dir"
pkgs=$(IFS=,; echo "${PACKAGES[*]}")
debootstrap --variant=minbase --include="$pkgs" "$SUITE" "$tmp/root" "$mirror" \
  >"$tmp/debootstrap.log" 2>&1 || { tail -30 "$tmp/debootstrap.log" >&2; die "debootstrap failed"; }

# Source packages for this chroot's apt only (used by cpython/fetch-sources.sh).
cat >"$tmp/root/etc/apt/sources.list.d/pyxis-src.sources" <<SRC
Types: deb-src
URIs: $mirror
Suites: $SUITE
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
# The mirror is a fact of this machine: keep it out of anything but the chroot.

emcc_v=$(chroot "$tmp/root" emcc --version 2>/dev/null | head -1 | grep -o '[0-9]\+\.[0-9]\+\.[0-9]\+' | head -1)
py_v=$(chroot "$tmp/root" "python$PYTHON_VERSION" -c 'import platform; print(platform.python_version())')
[ "$emcc_v" = "$EXPECT_EMCC" ] || die "toolchain has emcc $emcc_v, expected $EXPECT_EMCC"
[ "$py_v" = "$EXPECT_PYTHON" ] || die "toolchain has python $py_v, expected $EXPECT_PYTHON"
chroot "$tmp/root" dpkg-query -W >"$tmp/packages.txt"
touch "$tmp/.pyxis-complete"
rm -rf --one-file-system "$dir"
mv "$tmp" "$dir"
trap - EXIT
log "toolchain ready: emcc $emcc_v, python $py_v"
echo "$dir/root"
