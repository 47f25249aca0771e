#!/usr/bin/env python3
"""Fetches the benchmark sources pinned in bench/sources.toml (PyPI or
Debian, checked by sha256, with the package build tool's fetchers) and
unpacks what the suite runs into $PYXIS_CACHE/bench/<key>/<name>/, the key
hashing sources.toml and this file. Prints that folder.

Run inside the toolchain (its apt and pip reach the sources):
    tools/in-toolchain python3 bench/prepare.py
"""

import hashlib
import shutil
import sys
import tempfile
import tomllib
from pathlib import Path
from types import SimpleNamespace

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tools"))
from pyxis_build.common import CACHE, BuildError  # noqa: E402
from pyxis_build.sources import fetch_debian, fetch_pypi, unpack_archive  # noqa: E402

SOURCES = HERE / "sources.toml"


def main() -> None:
    sources = tomllib.loads(SOURCES.read_text())
    key = hashlib.sha256(SOURCES.read_bytes() + Path(__file__).read_bytes()).hexdigest()[:16]
    out = CACHE / "bench" / key
    if (out / ".complete").is_file():
        print(out)
        return
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    for name, source in sources.items():
        r = SimpleNamespace(name=name, source=source)
        archive = fetch_pypi(r) if "pypi" in source else fetch_debian(r)
        with tempfile.TemporaryDirectory() as tmp:
            top = unpack_archive(archive, Path(tmp) / "src")
            folder = top / source["folder"]
            if not folder.is_dir():
                raise BuildError(f"{name}: {archive.name} has no folder {source['folder']}")
            shutil.copytree(folder, out / name)
    (out / ".complete").touch()
    print(out)


if __name__ == "__main__":
    try:
        main()
    except BuildError as e:
        sys.exit(f"bench/prepare.py: {e}")
