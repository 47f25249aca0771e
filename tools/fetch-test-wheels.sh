#!/bin/bash
# Fetches the real PyPI wheels micropip's tests install (tests/micropip/wheels.txt,
# each pinned by sha256) with the toolchain's pip, from the index pip is
# configured with, into the cache (keyed by the list's hash), and copies them
# to build/test-wheels/ (what tools/serve.mjs --index serves). Runs inside the
# toolchain (tools/in-toolchain).
set -euo pipefail
. "$(dirname "$0")/common.sh"

list="$PYXIS_ROOT/tests/micropip/wheels.txt"
key=$(hash_inputs "$list" "$PYXIS_ROOT/tools/fetch-test-wheels.sh")
dir=$(cache_stage test-wheels "$key")
out="$PYXIS_ROOT/build/test-wheels"

if [ ! -f "$dir/done" ]; then
  stage_lock test-wheels
fi
if [ ! -f "$dir/done" ]; then
  rm -rf "$dir" && mkdir -p "$dir/wheels"
  log "fetching micropip's test wheels (cache key $key)"
  # One requirement at a time: two versions of a project may be listed.
  grep -v '^\s*\(#\|$\)' "$list" | while read -r first rest; do
    platform=()
    if [[ $first == platform=* ]]; then
      platform=(--platform "${first#platform=}" --python-version "$PYTHON_VERSION")
      first=${rest%% *}
      rest=${rest#* }
    fi
    req=$(mktemp)
    printf '%s %s\n' "$first" "$rest" >"$req"
    python3 -m pip download --quiet --no-deps --only-binary=:all: --require-hashes \
      "${platform[@]}" -r "$req" -d "$dir/wheels" || die "pip download $first failed"
    rm -f "$req"
  done
  touch "$dir/done"
fi
rm -rf "$out" && mkdir -p "$out" && cp "$dir"/wheels/*.whl "$out/"
log "test wheels in $out ($(ls "$out" | wc -l) files)"
