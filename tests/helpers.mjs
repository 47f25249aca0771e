// Shared test helpers: where dist/ is, a runtime whose output is captured,
// and garbage collection on both sides.
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const DIST = path.join(ROOT, "dist");
// tools/config.env's facts (versions, paths), as the build wrote them.
export const CONFIG = await import(path.join(DIST, "config.mjs"));

export async function loadCaptured(options = {}) {
  const { loadPyodide } = await import(path.join(DIST, "pyxis.mjs"));
  const out = [];
  const err = [];
  const pyodide = await loadPyodide({
    stdout: { batched: (line) => out.push(line) },
    stderr: { batched: (line) => err.push(line) },
    ...options,
  });
  return { pyodide, out, err };
}

/**
 * Garbage collection on both sides: Python's collector when `pyodide` is
 * given, then JS's (Node runs with --expose-gc under `make test`), then a
 * wait, for V8 runs the FinalizationRegistry's callbacks (forgotten
 * PyProxies) as a later task. At least 5 rounds; then, on a loaded machine,
 * more (up to about 10 s) until `done()` holds.
 */
export async function collectGarbage({ pyodide, done = () => true } = {}) {
  for (let i = 0; i < 5 || (i < 500 && !done()); i++) {
    pyodide?.runPython("import gc; gc.collect()");
    global.gc();
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Bytes in use in the runtime's C heap (its malloc's mallinfo). Python's
 * default allocator here is mimalloc, which takes memory in whole segments
 * and which sys.getallocatedblocks() does not count (0: that counts
 * pymalloc's blocks); with PYTHONMALLOC=malloc every Python object is a
 * malloc, so memory-leak checks use a runtime loaded with
 * MALLOC_ENV and compare this figure.
 */
export function mallocInUse(pyodide) {
  const M = pyodide._module;
  const p = M._malloc(64);
  M._mallinfo(p); // struct mallinfo by sret: uordblks is the 8th int
  const used = M.HEAP32[(p >> 2) + 7];
  M._free(p);
  return used;
}

/** loadPyodide's env for a runtime whose Python objects are all mallocs. */
export const MALLOC_ENV = { env: { PYTHONMALLOC: "malloc" } };
