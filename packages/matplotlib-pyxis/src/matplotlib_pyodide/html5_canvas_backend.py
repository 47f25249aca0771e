"""module://matplotlib_pyodide.html5_canvas_backend is pyxis's backend (matplotlib_pyxis.backend)."""

from matplotlib_pyxis.backend import FigureCanvas, FigureManager, show  # noqa: F401
