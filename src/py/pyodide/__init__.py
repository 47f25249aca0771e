"""pyodide: the Python side of the runtime's public API (Pyodide's names)."""

__version__ = "0.1.0"

from . import ffi  # noqa: E402
from .ffi import to_js, create_proxy  # noqa: E402,F401
from . import code  # noqa: E402,F401  (pyodide.code.eval_code after `import pyodide`)
