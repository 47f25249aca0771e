#!/bin/bash
# Links the runtime: libpython + the stdlib's C libraries + our C core
# (src/core) into one emscripten MAIN_MODULE (pyxis.asm.js + pyxis.asm.wasm),
# with an export list generated from the archives (libpython's C API, our
# core's entry points, libc, the C++ runtime) so side modules can link
# against it. Built with wasm exception handling: C++ side modules throw and
# catch through the runtime's libc++abi (docs/architecture.md, "The C++ ABI"). Also builds
# the side module that tests that linkage. Output goes to the cache, keyed by
# everything that goes in. Prints the output folder. Runs inside the toolchain.
set -euo pipefail
. "$(dirname "$0")/common.sh"

inst=$("$PYXIS_ROOT/cpython/build-python.sh")
. "$PYXIS_ROOT/cpython/build-libs.sh"

# The runtime's paths come from tools/config.env, as -D flags for init.c.
# shellcheck disable=SC2206 # WASM_EH_FLAGS is a list of flags
EH=($WASM_EH_FLAGS)
CORE_CFLAGS=(-O3 -flto -fPIC "${EH[@]}" -Wall -Werror -std=gnu11 "-DPYXIS_STDLIB_ZIP=L\"$STDLIB_ZIP\""
  "-DPYXIS_STDLIB_DIR=L\"$STDLIB_DIR\"" "-DPYXIS_SITE_PACKAGES=L\"$SITE_PACKAGES\"" "-DPYXIS_LIB_DYNLOAD=L\"$LIB_DYNLOAD\"")
# -flto: libpython (cpython/build-python.sh) and the core are bitcode,
# optimised together here (LTO at -O2: -O3 measured slower, docs/performance.md).
LDFLAGS=(
  -O2 -flto "${EH[@]}" --minify=0 -sMAIN_MODULE=2 -sMODULARIZE=1 -sEXPORT_NAME=createPyxisModule
  -sENVIRONMENT=web,worker,node -sALLOW_MEMORY_GROWTH=1 -sINITIAL_MEMORY=33554432
  -sMAXIMUM_MEMORY=4GB # addresses above 2 GB: our JS reads pointers unsigned (>>>)
  -sSTACK_SIZE=5242880 -sWASM_BIGINT=1 -sALLOW_TABLE_GROWTH=1
  -sFORCE_FILESYSTEM=1 -lnodefs.js -lidbfs.js -sEXIT_RUNTIME=0 -sINVOKE_RUN=0
  -sFS_DEBUG=1 # FS.trackingDelegate (onOpenFile, onCloseFile, ...), as Pyodide offers
  -sEXPORTED_RUNTIME_METHODS=FS,ENV,PATH,HEAPU8,HEAPU32,stringToNewUTF8,UTF8ToString,lengthBytesUTF8,stringToUTF8,loadDynamicLibrary,loadWebAssemblyModule,preloadedWasm,LDSO
)
PY_ARCHIVES=("libpython$PYTHON_VERSION.a" libmpdec.a libexpat.a libHacl_Hash_SHA2.a)
SIDE_LIBS=(zlib:z bzip2:bz2 xz:lzma sqlite:sqlite3 libffi:ffi)
# The C++ runtime, in its wasm-exceptions variant ("-except"), all of it
# exported: side modules link against one libc++abi, so one type_info per
# type and exceptions that cross modules. compiler-rt's wasm-sjlj variant is
# what emcc links with wasm exceptions (its __wasm_setjmp/__wasm_longjmp
# serve side modules' setjmp).
CXX_LIBS=(libc++-except.a libc++abi-except.a libunwind-except.a)
COMPILER_RT=libcompiler_rt-wasm-sjlj.a

# PYXIS_EXPORT_KEEP (bench/exports.mjs only, never the build): a file of
# symbol names; the export list is cut to those, to measure what a shorter
# list would save. Part of the cache key.
keep=${PYXIS_EXPORT_KEEP:-}
keep_id=$([ -n "$keep" ] && sha256sum <"$keep" | cut -c1-16 || true)
key=$(hash_inputs "$PYXIS_ROOT/src/core" "$PYXIS_ROOT/tools/link-runtime.sh" "$PYXIS_ROOT/cpython/cxx-exports.txt" \
  "$PYXIS_ROOT/tests/core/side_module" -s "$inst" -s "${CORE_CFLAGS[*]} ${LDFLAGS[*]} ${CXX_LIBS[*]}" -s "$(toolchain_id)" \
  -s "$keep_id")
out=$(cache_stage runtime "$key")
if [ -f "$out/.complete" ]; then echo "$out"; exit 0; fi
stage_lock runtime
if [ -f "$out/.complete" ]; then echo "$out"; exit 0; fi
log "linking the runtime (cache key $key)"
rm -rf "$out" && mkdir -p "$out/obj"

objs=()
for c in "$PYXIS_ROOT"/src/core/*.c; do
  o="$out/obj/$(basename "${c%.c}").o"
  emcc "${CORE_CFLAGS[@]}" -I"$inst/include/python$PYTHON_VERSION" -c "$c" -o "$o"
  objs+=("$o")
done

archives=()
for a in "${PY_ARCHIVES[@]}"; do archives+=("$inst/lib/$a"); done
for pair in "${SIDE_LIBS[@]}"; do
  archives+=("$(lib_prefix "${pair%%:*}")/lib/lib${pair#*:}.a")
done

sysroot=$(em-config CACHE)/sysroot
pic=$sysroot/lib/wasm32-emscripten/pic
cxx=()
for a in "${CXX_LIBS[@]}"; do cxx+=("$pic/$a"); done
archives+=("${cxx[@]}")

# The export list, generated: every global symbol libpython defines whose
# name is Python's (Py*, _Py*), our core's entry points (pyxis_*), libc's
# public functions and data (stdin/stdout/stderr, ...), the __small_*printf
# functions clang calls in place of printf-family calls whose formats need
# no floating point (Qhull's qh_option), and its __-prefixed
# functions that the sysroot's public headers name (math.h's __fpclassifyl,
# __signbitl, ...), the allocator's public functions (malloc, calloc,
# realloc, ...), and compiler-rt's builtins (__multf3 and the other soft-float
# long double helpers, __multi3, ...), which compiled code calls implicitly,
# the C++ runtime's C symbols (__cxa_*, _Unwind_*: the exception ABI) and,
# of its C++ symbols (functions, type_info, vtables), those
# cpython/cxx-exports.txt lists (what the lockfile's side modules import;
# tools/cxx-exports.mjs writes it; the whole C++ runtime is thousands),
# and zlib's functions: packages link against the runtime's zlib (the zlib
# recipe, a runtime_library) rather than ship their own.
defined() { emnm --defined-only --extern-only "$@" 2>/dev/null; }
{
  defined "$inst/lib/libpython$PYTHON_VERSION.a" | awk 'NF == 3 && $3 ~ /^_?Py/ { print $3 }'
  defined "${objs[@]}" | awk 'NF == 3 && $3 ~ /^pyxis_/ { print $3 }'
  defined "$pic/libc.a" |
    awk 'NF == 3 && $2 ~ /^[TWDB]$/ && $3 ~ /^([a-z][A-Za-z0-9_]*|__errno_location|__assert_fail|__ctype_[a-z_]+|__small_[a-z]+)$/ { print $3 }'
  LC_ALL=C comm -12 \
    <(defined "$pic/libc.a" | awk 'NF == 3 && $2 ~ /^[TW]$/ && $3 ~ /^__[a-z]/ { print $3 }' | LC_ALL=C sort -u) \
    <(grep -rhoE '\b__[a-z][a-z0-9_]*\b' "$sysroot/include" | LC_ALL=C sort -u)
  defined "$pic/libdlmalloc.a" | awk 'NF == 3 && $2 ~ /^[TW]$/ && $3 ~ /^[a-z][a-z_]*$/ { print $3 }'
  defined "$pic/$COMPILER_RT" | awk 'NF == 3 && $2 ~ /^[TW]$/ && $3 ~ /^__[a-z]/ { print $3 }'
  defined "${cxx[@]}" | awk 'NF == 3 && $2 ~ /^[TWDBVR]$/ { print $3 }' >"$out/cxx-defined.txt"
  grep -v '^_Z' "$out/cxx-defined.txt"
  LC_ALL=C comm -12 <(LC_ALL=C sort -u "$out/cxx-defined.txt") \
    <(grep -v '^#' "$PYXIS_ROOT/cpython/cxx-exports.txt" | LC_ALL=C sort -u)
  defined "$(lib_prefix zlib)/lib/libz.a" | awk 'NF == 3 && $2 ~ /^[TWDR]$/ { print $3 }'
} | LC_ALL=C sort -u >"$out/exports.txt"
if [ -n "$keep" ]; then
  LC_ALL=C comm -12 "$out/exports.txt" <(LC_ALL=C sort -u "$keep") >"$out/exports.kept"
  mv "$out/exports.kept" "$out/exports.txt"
fi
python3 -c 'import json, sys; print(json.dumps(["_" + l.strip() for l in open(sys.argv[1]) if l.strip()]))' \
  "$out/exports.txt" >"$out/exports.json"
log "exporting $(wc -l <"$out/exports.txt") symbols"

# The JS glue, in this order (each may use what the ones before define):
# hiwire's table, the error bridge, JsProxy's operations and slots, PyProxy, the
# system call fixes.
PRE_JS=(hiwire.js error.js jsproxy.js pyproxy.js syscalls.js)
pre_js=()
for js in "${PRE_JS[@]}"; do pre_js+=(--pre-js "$PYXIS_ROOT/src/core/$js"); done
listed=$(printf '%s\n' "${PRE_JS[@]}" | sort)
present=$(cd "$PYXIS_ROOT/src/core" && ls ./*.js | sed 's|^\./||' | sort)
[ "$listed" = "$present" ] || die "src/core's JS files and PRE_JS (tools/link-runtime.sh) differ"
emcc "${LDFLAGS[@]}" "${pre_js[@]}" -sEXPORTED_FUNCTIONS=@"$out/exports.json" \
  -o "$out/pyxis.asm.js" "${objs[@]}" "${archives[@]}" >"$out/link.log" 2>&1 || {
  grep -v '^warning: undefined symbol' "$out/link.log" | tail -30 >&2; die "linking the runtime failed"; }

# A side module using the C API: proves the main module exports what
# extension modules need (tests/core/test_side_module.test.mjs loads it).
mkdir -p "$out/test"
emcc -O2 -fPIC -sSIDE_MODULE=1 -I"$inst/include/python$PYTHON_VERSION" \
  "$PYXIS_ROOT/tests/core/side_module/pyxis_sidetest.c" \
  -o "$out/test/pyxis_sidetest$EXT_SUFFIX"
rm -rf "$out/obj"
touch "$out/.complete"
echo "$out"
