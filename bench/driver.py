"""The suite's timing loop, the same code in every runtime (native CPython,
pyxis, Pyodide): load a benchmark file, then time samples of it.

A file is either one of pyperformance's (it registers benchmarks with
pyperf's Runner; bench/shim/pyperf.py records them and the first one is
timed) or one of ours (it defines run()). A sample calls the benchmark
`loops` times and gives seconds per inner loop.

Native CPython runs this file as a server: one JSON request a line on stdin
(["load", path] or ["sample", path, loops]), one JSON answer a line on
stdout. pyxis and Pyodide run it with runPython and call load()/sample()."""

import json
import os
import runpy
import sys

SHIM = os.path.join(os.path.dirname(os.path.abspath(__file__)), "shim")
_loaded = {}  # path -> (time_func, inner_loops)


def load(path):
    """Runs the file as __main__; returns [the name of the benchmark timed,
    its inner loops (iterations a loop counts as)]."""
    if SHIM not in sys.path:
        sys.path.insert(0, SHIM)
    import pyperf

    pyperf.registered.clear()
    folder = os.path.dirname(path)
    sys.path.insert(0, folder)
    try:
        ns = runpy.run_path(path, run_name="__main__")
    finally:
        sys.path.remove(folder)
    if pyperf.registered:
        name, time_func, inner = pyperf.registered[0]
    elif callable(ns.get("run")):
        run = ns["run"]

        def time_func(loops):
            it = range(loops)
            t0 = pyperf.perf_counter()
            for _ in it:
                run()
            return pyperf.perf_counter() - t0

        name, inner = os.path.basename(path)[:-3], 1
    else:
        raise ValueError(f"{path} registers no benchmark and defines no run()")
    _loaded[path] = (time_func, inner)
    return [name, inner]


def sample(path, loops):
    time_func, inner = _loaded[path]
    return time_func(loops) / (loops * inner)


def serve():
    # Answers go to the real stdout; anything a benchmark prints, to stderr.
    out, sys.stdout = sys.stdout, sys.stderr
    for line in sys.stdin:
        op, *args = json.loads(line)
        try:
            result = {"ok": load(*args) if op == "load" else sample(*args)}
        except Exception as e:  # reported to the suite, which stops
            result = {"error": f"{type(e).__name__}: {e}"}
        print(json.dumps(result), file=out, flush=True)


if __name__ == "__main__":
    serve()
