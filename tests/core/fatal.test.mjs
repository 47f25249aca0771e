// Fatal errors: a wasm trap is reported, and the runtime then refuses every
// call with a clear "runtime is dead" error instead of running on corrupt
// state. Ordinary exceptions leave it usable (tested elsewhere).
import { loadCaptured } from "../helpers.mjs";

test("a wasm trap kills the runtime cleanly", async () => {
  const { pyodide } = await loadCaptured();
  const errors = [];
  const orig = console.error;
  console.error = (...a) => errors.push(a.join(" "));
  try {
    // Reading past the end of wasm memory traps ("memory access out of bounds").
    expect(() => pyodide.runPython("import ctypes; ctypes.string_at(2**32 - 16, 64)")).toThrow(
      WebAssembly.RuntimeError,
    );
    expect(() => pyodide.runPython("1 + 1")).toThrow(/runtime is dead/);
    expect(() => pyodide.pyimport("sys")).toThrow(/runtime is dead/);
    expect(() => pyodide.globals.get("x")).toThrow(/runtime is dead/);
    await expect(pyodide.runPythonAsync("1")).rejects.toThrow(/runtime is dead/);
  } finally {
    console.error = orig;
  }
  expect(errors.filter((e) => /fatal error/.test(e))).toHaveLength(1); // reported once
});

test("another runtime in the same process is unaffected", async () => {
  const { pyodide } = await loadCaptured();
  expect(pyodide.runPython("6 * 7")).toBe(42);
});
