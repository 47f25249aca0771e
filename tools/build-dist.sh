#!/bin/bash
# Assembles dist/, the npm package root: the runtime (pyxis.asm.js/.wasm)
# from tools/link-runtime.sh, the stdlib archives ($STDLIB_ZIP_NAME and its
# on-demand groups beside it, cached by their inputs), the loader and CLI from js/ (and pyxis.js, its classic-script form,
# plus console.html), license notices, the package bundles
# and pyodide-lock.json (tools/build-packages.py). Also puts the test
# side module in build/test/. Runs inside the toolchain.
set -euo pipefail
. "$(dirname "$0")/common.sh"

runtime=$("$PYXIS_ROOT/tools/link-runtime.sh")
inst=$("$PYXIS_ROOT/cpython/build-python.sh")

key=$(hash_inputs -s "$inst" "$PYXIS_ROOT/src/py" "$PYXIS_ROOT/cpython/stdlib.txt" \
  "$PYXIS_ROOT/tools/pack-stdlib.py" "$PYXIS_ROOT/tools/pyc.py" "$PYXIS_ROOT/tools/config.env" -s "$(toolchain_id)")
stdlib=$(cache_stage stdlib "$key")
stage_lock dist
if [ ! -f "$stdlib/.complete" ]; then
  log "packing the stdlib (cache key $key)"
  rm -rf "$stdlib" && mkdir -p "$stdlib"
  "python$PYTHON_VERSION" "$PYXIS_ROOT/tools/pack-stdlib.py" "$inst/lib/python$PYTHON_VERSION" \
    "$PYXIS_ROOT/src/py" "$stdlib/$STDLIB_ZIP_NAME"
  touch "$stdlib/.complete"
fi

dist="$PYXIS_ROOT/dist"
rm -rf "$dist.tmp" && mkdir -p "$dist.tmp/bin"
cp "$runtime/pyxis.asm.js" "$runtime/pyxis.asm.wasm" "$stdlib/${STDLIB_ZIP_NAME%.zip}"*.zip "$dist.tmp/"
# The loader's copy of tools/config.env (generated, not tracked).
"python$PYTHON_VERSION" "$PYXIS_ROOT/tools/config.py" --js "$PYXIS_ROOT/js/config.mjs"
cp "$PYXIS_ROOT"/js/*.mjs "$PYXIS_ROOT"/js/*.cjs "$PYXIS_ROOT"/js/*.d.ts "$dist.tmp/"
cp "$PYXIS_ROOT"/js/bin/*.mjs "$dist.tmp/bin/"
# The browser: pyxis.js (the loader as a classic script, for <script src> and
# importScripts; generated from the ES modules) and the console page.
node "$PYXIS_ROOT/tools/make-classic-script.mjs" "$PYXIS_ROOT/js/pyxis.mjs" "$dist.tmp/pyxis.js"
cp "$PYXIS_ROOT"/js/*.html "$dist.tmp/"
cp "$PYXIS_ROOT/js/package.json" "$PYXIS_ROOT/js/README.md" "$dist.tmp/"
cp "$PYXIS_ROOT/LICENSE" "$dist.tmp/LICENSE"
{
  echo "# Third-party licenses"
  echo
  echo "pyxis ships code from these projects, built from the sources pinned in cpython/sources.txt."
  grep -v '^#' "$PYXIS_ROOT/cpython/licenses.txt" | while read -r name member what; do
    [ -n "$name" ] || continue
    printf '\n## %s\n\nFrom `%s`:\n\n```\n' "$what" "$member"
    tar -xOf "$(source_path "$name")" "$member"
    printf '```\n'
  done
} >"$dist.tmp/THIRD_PARTY_LICENSES.md"
# The package bundles and their lockfile (tools/build-packages.py, cached by
# their inputs) go in before the swap, so dist/ never lacks the lockfile.
"python$PYTHON_VERSION" "$PYXIS_ROOT/tools/build-packages.py" --dist "$dist.tmp"
rm -rf "$dist" && mv "$dist.tmp" "$dist"

mkdir -p "$PYXIS_ROOT/build/test"
cp "$runtime"/test/*.so "$PYXIS_ROOT/build/test/"
log "dist/ ready ($(du -sh "$dist" | cut -f1))"
