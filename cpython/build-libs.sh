#!/bin/bash
# Builds the C libraries CPython's stdlib modules need (zlib, bzip2, xz's
# liblzma, sqlite3, libffi) as static PIC wasm32 libraries with emcc, each in
# its own cache folder keyed by its source, this script and the toolchain.
# Prints nothing; cpython/build-python.sh asks lib_prefix for the paths.
# Runs inside the toolchain.
#   cpython/build-libs.sh [NAME...]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../tools/common.sh" # (also when sourced)

CFLAGS_COMMON="-O2 -fPIC"
LIBS=(zlib bzip2 xz sqlite libffi)

lib_key() {
  hash_inputs -s "$1" -s "$(source_sha "$1")" -s "$(declare -f "build_$1")" \
    -s "$CFLAGS_COMMON" -s "$(toolchain_id)"
}

build_zlib() {
  CFLAGS="$CFLAGS_COMMON" emconfigure ./configure --static --prefix="$1" >/dev/null
  emmake make -j"$(nproc)" libz.a >/dev/null
  emmake make install >/dev/null
}

build_bzip2() {
  emmake make -j"$(nproc)" libbz2.a CC=emcc AR=emar RANLIB=emranlib \
    CFLAGS="$CFLAGS_COMMON -D_FILE_OFFSET_BITS=64" >/dev/null
  mkdir -p "$1/include" "$1/lib"
  cp bzlib.h "$1/include/" && cp libbz2.a "$1/lib/"
}

build_xz() {
  CFLAGS="$CFLAGS_COMMON" emconfigure ./configure --host=wasm32-unknown-emscripten \
    --prefix="$1" --disable-shared --enable-static --disable-threads \
    --disable-xz --disable-xzdec --disable-lzmadec --disable-lzmainfo \
    --disable-lzma-links --disable-scripts --disable-doc --disable-nls >/dev/null
  emmake make -j"$(nproc)" -C src/liblzma >/dev/null
  emmake make -C src/liblzma install >/dev/null
}

build_sqlite() {
  # The orig tarball is sqlite's full tree: generate the amalgamation with the
  # host compiler and tclsh, then compile that one file for wasm.
  ./configure --disable-tcl --disable-readline >/dev/null
  make sqlite3.c >/dev/null
  emcc $CFLAGS_COMMON -DSQLITE_OMIT_LOAD_EXTENSION -DSQLITE_THREADSAFE=0 \
    -DSQLITE_ENABLE_FTS5 -DSQLITE_ENABLE_MATH_FUNCTIONS -c sqlite3.c -o sqlite3.o
  mkdir -p "$1/include" "$1/lib"
  emar rcs "$1/lib/libsqlite3.a" sqlite3.o
  cp sqlite3.h sqlite3ext.h "$1/include/"
}

build_libffi() {
  # The orig tarball lacks autoconf's auxiliary files: regenerate.
  autoreconf -fi >/dev/null 2>&1
  CFLAGS="$CFLAGS_COMMON" emconfigure ./configure --host=wasm32-unknown-emscripten \
    --prefix="$1" --enable-static --disable-shared --disable-dependency-tracking \
    --disable-builddir --disable-multi-os-directory --disable-raw-api \
    --disable-docs --disable-exec-static-tramp >/dev/null
  emmake make -j"$(nproc)" >/dev/null
  emmake make install >/dev/null
}

build_one() {
  local name=$1 key dir work
  key=$(lib_key "$name")
  dir=$(cache_stage libs "$name-$key")
  [ -f "$dir/.complete" ] && return 0
  stage_lock "lib-$name"
  [ -f "$dir/.complete" ] && return 0
  log "building $name (cache key $key)"
  work=$(mktemp -d)
  unpack "$(source_path "$name")" "$work/src"
  rm -rf "$dir" && mkdir -p "$dir"
  (cd "$work/src" && "build_$name" "$dir") >"$work/build.log" 2>&1 || {
    tail -40 "$work/build.log" >&2
    die "building $name failed"
  }
  touch "$dir/.complete"
  rm -rf "$work"
}

# lib_prefix NAME: where a built library is (used by build-python.sh).
lib_prefix() { cache_stage libs "$1-$(lib_key "$1")"; }

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  [ $# -gt 0 ] || set -- "${LIBS[@]}"
  for l in "$@"; do build_one "$l"; done
fi
