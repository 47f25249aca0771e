"""config: tools/config.env for the Python tools, and js/config.mjs from it.

    from config import CONFIG             (tools/ on sys.path)
    python3 tools/config.py --js OUT.mjs  writes the JS module the loader imports
    python3 tools/config.py NAME          prints one value
"""

import json
import pathlib
import re
import sys

ENV = pathlib.Path(__file__).resolve().parent / "config.env"


def load(path: pathlib.Path = ENV) -> dict:
    """KEY=VALUE lines (comments and blank lines skipped), ${NAME} expanded
    from the names above; the version tag checked against the version."""
    config: dict = {}
    for number, line in enumerate(path.read_text().splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        m = re.fullmatch(r"([A-Z][A-Z0-9_]*)=(\S*)", line)
        if not m:
            raise SystemExit(f"{path}:{number}: expected NAME=value, got {line!r}")

        def expand(ref, number=number):
            name = ref.group(1)
            if name not in config:
                raise SystemExit(f"{path}:{number}: ${{{name}}} is not defined above")
            return config[name]

        config[m.group(1)] = re.sub(r"\$\{([A-Z][A-Z0-9_]*)\}", expand, m.group(2))
    if config["PYTHON_NODOT"] != config["PYTHON_VERSION"].replace(".", ""):
        raise SystemExit(f"{path}: PYTHON_NODOT does not match PYTHON_VERSION")
    if not config["PYTHON_PATCH_VERSION"].startswith(config["PYTHON_VERSION"] + "."):
        raise SystemExit(f"{path}: PYTHON_PATCH_VERSION does not match PYTHON_VERSION")
    return config


CONFIG = load()


def js_module() -> str:
    lines = [
        "// Generated from tools/config.env by tools/config.py at build time: do not edit.",
        *(f"export const {k} = {json.dumps(v)};" for k, v in CONFIG.items()),
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    if sys.argv[1:2] == ["--js"] and len(sys.argv) == 3:
        pathlib.Path(sys.argv[2]).write_text(js_module())
    elif len(sys.argv) == 2 and sys.argv[1] in CONFIG:
        print(CONFIG[sys.argv[1]])
    else:
        raise SystemExit("usage: config.py --js OUT.mjs | config.py NAME")
