# Shared shell helpers for the build tools: cache location, hashing, logging.
# Sourced, never run.

PYXIS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYXIS_CACHE="${PYXIS_CACHE:-$HOME/.cache/pyxis}"
export PYXIS_ROOT PYXIS_CACHE
# The shared facts (versions, paths): tools/config.env, exported.
set -a
. "$PYXIS_ROOT/tools/config.env"
set +a

log() { printf '[pyxis] %s\n' "$*" >&2; }
die() { printf '[pyxis] error: %s\n' "$*" >&2; exit 1; }

# hash_inputs FILE|DIR|-s STRING ... : one sha256 over the named inputs,
# in order, names included, so a cache key changes when any input does.
hash_inputs() {
  {
    while [ $# -gt 0 ]; do
      if [ "$1" = -s ]; then printf 'string:%s\n' "$2"; shift 2; continue; fi
      if [ -d "$1" ]; then
        (cd "$1" && find . -type f ! -name '*.pyc' -print0 | LC_ALL=C sort -z |
          xargs -0 -r sha256sum)
      elif [ -f "$1" ]; then
        printf 'file:%s\n' "${1#"$PYXIS_ROOT"/}"; sha256sum <"$1"
      else
        die "hash_inputs: no such input $1"
      fi
      shift
    done
  } | sha256sum | cut -c1-16
}

# The Debian mirror, read from the host's own apt sources at run time.
debian_mirror() {
  local uri=""
  if [ -n "${PYXIS_DEBIAN_MIRROR:-}" ]; then echo "$PYXIS_DEBIAN_MIRROR"; return; fi
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    uri=$(awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i !~ /security/) { print $i; exit } }' "$f")
    [ -n "$uri" ] && break
  done
  if [ -z "$uri" ]; then
    uri=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
      awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }')
  fi
  [ -n "$uri" ] || die "cannot find a Debian mirror in the host's apt sources"
  echo "$uri"
}

# source_path NAME: the cached tarball of a source pinned in cpython/sources.txt.
source_path() {
  local line
  line=$(awk -v n="$1" '$1 == n { print $4 "/" $3 }' "$PYXIS_ROOT/cpython/sources.txt")
  [ -n "$line" ] || die "no source named $1 in cpython/sources.txt"
  [ -f "$PYXIS_CACHE/sources/$line" ] || die "source $1 is not fetched (run cpython/fetch-sources.sh)"
  echo "$PYXIS_CACHE/sources/$line"
}

# source_sha NAME: its pinned sha256 (part of cache keys).
source_sha() { awk -v n="$1" '$1 == n { print $4 }' "$PYXIS_ROOT/cpython/sources.txt"; }

# toolchain_id: what identifies the compiler in cache keys (inside the chroot).
toolchain_id() {
  emcc --version 2>/dev/null | head -1
  dpkg-query -W emscripten "python$PYTHON_VERSION" 2>/dev/null
}

# cache_stage STAGE KEY: the cache folder for one build stage's output.
cache_stage() { echo "$PYXIS_CACHE/$1/$2"; }

# unpack TARBALL DIR: unpack with the top folder stripped.
unpack() { mkdir -p "$2" && tar -xf "$1" -C "$2" --strip-components=1; }

# stage_lock NAME: holds an exclusive lock for the rest of the calling script,
# so two builds sharing the cache never build one stage at once (the second
# waits, then finds the stage complete).
stage_lock() {
  mkdir -p "$PYXIS_CACHE/locks"
  exec {PYXIS_LOCK_FD}>"$PYXIS_CACHE/locks/$1.lock"
  flock "$PYXIS_LOCK_FD"
}
