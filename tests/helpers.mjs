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
