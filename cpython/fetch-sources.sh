#!/bin/bash
# Fetches the pinned source tarballs listed in cpython/sources.txt into the
# content-addressed cache ($PYXIS_CACHE/sources/<sha256>/<file>) and checks
# each against its sha256; a mismatch stops the build with both hashes.
# Runs inside the toolchain (tools/in-toolchain), whose apt has deb-src.
#   cpython/fetch-sources.sh [NAME...]   (default: all)
set -euo pipefail
. "$(dirname "$0")/../tools/common.sh"

# source_path NAME: prints the cached path of a source, fetching it if needed.
want=("$@")
updated=
grep -v '^#' "$PYXIS_ROOT/cpython/sources.txt" | while read -r name srcpkg file sha; do
  [ -n "$name" ] || continue
  if [ ${#want[@]} -gt 0 ] && [[ " ${want[*]} " != *" $name "* ]]; then continue; fi
  dest="$PYXIS_CACHE/sources/$sha/$file"
  [ -f "$dest" ] && continue
  if [ -z "$updated" ]; then
    log "apt-get update (deb-src)"
    apt-get update -qq >/dev/null || die "apt-get update failed"
    updated=1
  fi
  tmp=$(mktemp -d)
  log "fetching $file (apt-get source --download-only $srcpkg)"
  # A revision's .dsc may be missing on the mirror while its orig tarball is
  # there; only the orig tarball matters, so judge by that file alone.
  (cd "$tmp" && apt-get source --download-only -qq "$srcpkg" >"$tmp/log" 2>&1) || true
  if [ ! -f "$tmp/$file" ]; then
    cat "$tmp/log" >&2
    die "apt-get source $srcpkg did not provide $file"
  fi
  got=$(sha256sum "$tmp/$file" | cut -d' ' -f1)
  if [ "$got" != "$sha" ]; then
    die "sha256 mismatch for $file: expected $sha, got $got"
  fi
  mkdir -p "$(dirname "$dest")"
  mv "$tmp/$file" "$dest.part" && mv "$dest.part" "$dest"
  rm -rf "$tmp"
done
