"""The .pyc writer shared by the stdlib packer (tools/pack-stdlib.py) and
the package bundler (tools/pyxis_build/bundle.py): unchecked hash-based .pyc
files (no source beside them to compare against), compiled by the build
Python, which is the runtime's version."""

import importlib.util
import marshal


def pyc_bytes(source: bytes, display_path: str) -> bytes:
    """The .pyc of `source`, whose tracebacks name `display_path`."""
    code = compile(source, display_path, "exec", dont_inherit=True, optimize=0)
    # Header: magic, flags (0b01 = hash-based, unchecked), 8-byte source hash.
    flags = (1).to_bytes(4, "little")
    source_hash = importlib.util.source_hash(source)
    return importlib.util.MAGIC_NUMBER + flags + source_hash + marshal.dumps(code)
