"""pyxis's matplotlib backend: matplotlib.use("module://matplotlib_pyxis.backend")
(the default in browsers). See backend.py."""
