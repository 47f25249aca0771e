#!/usr/bin/env python3
"""Packs the stdlib (plus our own src/py packages) into one zip archive of
precompiled .pyc files, leaving out what cpython/stdlib.txt excludes.

Run with the build Python (the same version as the runtime, so the bytecode
matches) inside the toolchain:
    pack-stdlib.py LIBDIR SRC_PY OUT.zip
The .pyc files use unchecked hashes (no source to compare against) and carry
the /lib/python3.X/... path (STDLIB_DIR of tools/config.env), so tracebacks name the module's real path.
"""

import importlib.util
import marshal
import os
import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from config import CONFIG  # noqa: E402 - tools/config.env, the shared facts

ROOT = Path(__file__).resolve().parent.parent


def read_stdlib_list():
    excluded, noimport = {}, {}
    for line in (ROOT / "cpython" / "stdlib.txt").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        kind, name, reason = line.split(None, 2)
        {"exclude": excluded, "noimport": noimport}[kind][name] = reason
    return excluded, noimport


def pyc_bytes(source: bytes, display_path: str) -> bytes:
    code = compile(source, display_path, "exec", dont_inherit=True, optimize=0)
    # Header: magic, flags (0b01 = hash-based, unchecked), 8-byte source hash.
    flags = (1).to_bytes(4, "little")
    source_hash = importlib.util.source_hash(source)
    return importlib.util.MAGIC_NUMBER + flags + source_hash + marshal.dumps(code)


def add_tree(zf: zipfile.ZipFile, base: Path, prefix: str, excluded: dict, seen: set):
    for dirpath, dirnames, filenames in os.walk(base):
        rel_dir = Path(dirpath).relative_to(base)
        dirnames[:] = sorted(
            d for d in dirnames if d != "__pycache__" and str(rel_dir / d).lstrip("./") not in excluded
        )
        for name in sorted(filenames):
            rel = (rel_dir / name).as_posix().lstrip("./") if str(rel_dir) != "." else name
            if rel in excluded:
                continue
            path = Path(dirpath) / name
            if name.endswith(".py"):
                arc = rel[:-3] + ".pyc"
                data = pyc_bytes(path.read_bytes(), f"{prefix}/{rel}")
            elif name.endswith((".pyc", ".pyo")):
                continue
            else:
                arc, data = rel, path.read_bytes()  # package data files
            if arc in seen:
                sys.exit(f"pack-stdlib: {arc} appears twice")
            seen.add(arc)
            info = zipfile.ZipInfo(arc, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)


def main():
    libdir, src_py, out = map(Path, sys.argv[1:4])
    excluded, _ = read_stdlib_list()
    missing = [p for p in excluded if not (libdir / p).exists()]
    if missing:
        sys.exit(f"pack-stdlib: excluded paths not in Lib/ (stale list?): {missing}")
    tmp = out.with_suffix(".tmp")
    seen: set = set()
    with zipfile.ZipFile(tmp, "w", compresslevel=9) as zf:
        add_tree(zf, libdir, CONFIG["STDLIB_DIR"], excluded, seen)
        add_tree(zf, src_py, CONFIG["STDLIB_DIR"], {}, seen)
    os.replace(tmp, out)


if __name__ == "__main__":
    main()
