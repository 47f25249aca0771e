#!/bin/bash
# Cross-builds CPython ($PYTHON_VERSION, tools/config.env) for wasm32-emscripten from the pinned orig tarball
# plus cpython/patches/*.patch, against the C libraries of build-libs.sh, and
# installs it into the cache ($PYXIS_CACHE/cpython/<key>/install): libpython
# and its helper archives, headers, and the pure-Python stdlib. The cache key
# covers the source, the patches, this script, the libraries and the toolchain.
# Prints the install prefix. Runs inside the toolchain.
set -euo pipefail
. "$(dirname "$0")/../tools/common.sh"
. "$PYXIS_ROOT/cpython/build-libs.sh"

# Flags for every C file of CPython: PIC so the main module can export to
# side modules, and call trampolines for mismatched function pointer casts
# (instead of EMULATE_FUNCTION_POINTER_CASTS, which makes every call slow).
# sysconfig hands PY_CFLAGS to extension builds; PY_CFLAGS_NODIST is for the
# interpreter alone: -O3, and LTO (libpython as bitcode, optimised with our
# core when tools/link-runtime.sh links the runtime). docs/performance.md
# has what each gained.
PY_CFLAGS="-O2 -fPIC -DPY_CALL_TRAMPOLINE"
PY_CFLAGS_NODIST="-O3 -flto"
CONFIGURE_ARGS=(
  --host=wasm32-unknown-emscripten --build=x86_64-pc-linux-gnu
  "--with-build-python=/usr/bin/python$PYTHON_VERSION"
  --with-emscripten-target=node --enable-wasm-dynamic-linking
  --disable-test-modules --with-ensurepip=no --disable-ipv6 --without-readline
  --prefix=/
)

libs_key=""
for l in "${LIBS[@]}"; do libs_key="$libs_key $(lib_key "$l")"; done
patches=("$PYXIS_ROOT"/cpython/patches/*.patch)
[ -e "${patches[0]}" ] || patches=()
patches_hash=$(cat /dev/null "${patches[@]}" | sha256sum | cut -c1-16)
key=$(hash_inputs -s "$(source_sha python)" -s "$patches_hash" \
  "$PYXIS_ROOT/cpython/build-python.sh" -s "$libs_key" -s "$(toolchain_id)" -s "$PYTHON_VERSION")
dir=$(cache_stage cpython "$key")
if [ -f "$dir/.complete" ]; then echo "$dir/install"; exit 0; fi
stage_lock cpython
if [ -f "$dir/.complete" ]; then echo "$dir/install"; exit 0; fi

"$PYXIS_ROOT/cpython/build-libs.sh"
log "building CPython for wasm32-emscripten (cache key $key)"
rm -rf "$dir" && mkdir -p "$dir"
src="$dir/src"
unpack "$(source_path python)" "$src"
for p in "${patches[@]}"; do
  log "applying $(basename "$p")"
  patch -d "$src" -p1 --forward --quiet <"$p" || die "patch $(basename "$p") does not apply"
done

lib_flags() { # NAME LIBNAME -> -I... / -L... -l...
  local p; p=$(lib_prefix "$1")
  printf -- '-I%s/include' "$p" >"$dir/$1.cflags"
  printf -- '-L%s/lib -l%s' "$p" "$2" >"$dir/$1.libs"
}
lib_flags zlib z; lib_flags bzip2 bz2; lib_flags xz lzma
lib_flags sqlite sqlite3; lib_flags libffi ffi

cd "$src"
log "configure (a few minutes)"
CONFIG_SITE=Tools/wasm/config.site-wasm32-emscripten \
  CFLAGS="$PY_CFLAGS" CFLAGS_NODIST="$PY_CFLAGS_NODIST" \
  ZLIB_CFLAGS="$(cat "$dir/zlib.cflags")" ZLIB_LIBS="$(cat "$dir/zlib.libs")" \
  BZIP2_CFLAGS="$(cat "$dir/bzip2.cflags")" BZIP2_LIBS="$(cat "$dir/bzip2.libs")" \
  LIBLZMA_CFLAGS="$(cat "$dir/xz.cflags")" LIBLZMA_LIBS="$(cat "$dir/xz.libs")" \
  LIBSQLITE3_CFLAGS="$(cat "$dir/sqlite.cflags")" LIBSQLITE3_LIBS="$(cat "$dir/sqlite.libs")" \
  LIBFFI_CFLAGS="$(cat "$dir/libffi.cflags")" LIBFFI_LIBS="$(cat "$dir/libffi.libs")" \
  emconfigure ./configure "${CONFIGURE_ARGS[@]}" >"$dir/configure.log" 2>&1 || {
  tail -30 "$dir/configure.log" >&2; die "CPython configure failed"; }

log "make (several minutes on 2 cores)"
# Only what our own link needs: libpython with every stdlib module built in,
# its helper archives, and the sysconfig data. CPython's python.js is not built.
TARGETS=("libpython$PYTHON_VERSION.a" Modules/_decimal/libmpdec/libmpdec.a
  Modules/expat/libexpat.a Modules/_hacl/libHacl_Hash_SHA2.a pybuilddir.txt)
emmake make -j"$(nproc)" "${TARGETS[@]}" >"$dir/make.log" 2>&1 || {
  grep -E 'error|Error' "$dir/make.log" | head -20 >&2; tail -20 "$dir/make.log" >&2
  die "CPython make failed"; }

inst="$dir/install"
inc="$inst/include/python$PYTHON_VERSION" lib="$inst/lib/python$PYTHON_VERSION"
mkdir -p "$inst/lib" "$inc"
cp "libpython$PYTHON_VERSION.a" Modules/_decimal/libmpdec/libmpdec.a Modules/expat/libexpat.a \
  Modules/_hacl/libHacl_Hash_SHA2.a "$inst/lib/"
cp -r Include/. "$inc/"
cp pyconfig.h "$inc/"
cp -r Lib "$lib"
cp "$(cat pybuilddir.txt)"/_sysconfigdata_*.py "$lib/"
# Which stdlib C modules were built in, for the tests and the README.
grep -E '^[A-Za-z_0-9]+_(STATE|CFLAGS) *=' Makefile | grep '_STATE' >"$inst/module-states.txt" || true
cp Modules/config.c "$inst/config.c"
touch "$dir/.complete"
log "CPython built: $inst"
echo "$inst"
