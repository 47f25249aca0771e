// Shared test helpers: where dist/ is, and a runtime whose output is captured.
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
