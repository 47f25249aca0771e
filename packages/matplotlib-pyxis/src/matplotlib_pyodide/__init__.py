"""Pyodide's former backend package, as names for pyxis's backend: code that
calls matplotlib.use("module://matplotlib_pyodide.wasm_backend") (or
html5_canvas_backend) runs unchanged."""
