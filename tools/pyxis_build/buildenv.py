"""Build-only Python requirements (recipe `requirements.build`: Cython and
other tools a backend runs natively): pinned wheels installed with
`pip install --require-hashes` into $PYXIS_CACHE/build-env/<hash>/, one
folder per set of pins, shared by every recipe that pins the same set."""

import hashlib
import shutil
import sys
import tempfile
from pathlib import Path

from .common import CACHE, BuildError, log, run
from .recipe import Recipe


def build_env(r: Recipe) -> Path | None:
    """The folder holding the recipe's build requirements (for PYTHONPATH;
    console scripts in bin/), or None if it has none."""
    if not r.build_requirements:
        return None
    pins = sorted(r.build_requirements)
    key = hashlib.sha256(("\n".join(pins) + f"\npython:{sys.version}\n").encode()).hexdigest()[:16]
    env = CACHE / "build-env" / key
    if (env / ".complete").is_file():
        return env
    log(f"{r.name}: installing build requirements {', '.join(p.split(' ')[0] for p in pins)}")
    shutil.rmtree(env, ignore_errors=True)
    env.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        req = Path(tmp) / "requirements.txt"
        req.write_text("\n".join(pins) + "\n")
        staging = Path(tmp) / "env"
        run([sys.executable, "-m", "pip", "install", "--no-deps", "--require-hashes", "--only-binary=:all:",
             "--no-compile", "--target", str(staging), "-r", str(req)],
            what=f"{r.name}: pip install of the build requirements")
        shutil.move(str(staging), str(env))
    (env / ".complete").touch()
    return env


def has_module(env: Path | None, name: str) -> bool:
    return env is not None and ((env / name).is_dir() or (env / f"{name}.py").is_file())
