// numpy from the local dist/: loadPackage, the main features (the full list
// of checks is packages/numpy/test_numpy.py, run by own_tests), memory shared
// with JS both ways, views across wasm memory growth, and a quick subset of
// numpy's own test suite (the full run: `make numpy-tests`).
import { loadCaptured, CONFIG } from "../helpers.mjs";
import { expectSuiteFilesPass } from "../pytest.mjs";
import { LOCK, SITE, recorder } from "./helpers.mjs";

let pyodide, out;
beforeAll(async () => {
  ({ pyodide, out } = await loadCaptured());
  const rec = recorder();
  await pyodide.loadPackage("numpy", rec.options);
  expect(rec.errors).toEqual([]);
  pyodide.runPython("import numpy as np");
}, 120000);

test("numpy is in the lockfile with its imports and loads from dist/", () => {
  expect(LOCK.packages.numpy).toMatchObject({ imports: ["numpy"], depends: [] });
  expect(pyodide.loadedPackages).toEqual({ numpy: "default channel" });
  expect(pyodide.runPython("np.__version__")).toBe(LOCK.packages.numpy.version);
  const libs = Object.keys(pyodide._module.LDSO.loadedLibsByName);
  for (const mod of [
    "_core/_multiarray_umath",
    "linalg/_umath_linalg",
    "linalg/lapack_lite",
    "fft/_pocketfft_umath",
    "random/_generator",
  ]) {
    expect(libs).toContain(`${SITE}/numpy/${mod}${CONFIG.EXT_SUFFIX}`);
  }
});

test("array creation, ufuncs, broadcasting, reductions, fancy indexing, einsum", () => {
  const r = (code) => pyodide.runPython(code);
  expect(r("np.arange(6).reshape(2, 3).sum(axis=0).tolist()").toJs()).toEqual([3, 5, 7]);
  expect(r("float(np.sin(np.pi / 2) + np.sqrt(16.0))")).toBe(5);
  expect(r("(np.arange(3)[:, None] * np.arange(3)).tolist()").toJs()).toEqual([
    [0, 0, 0],
    [0, 1, 2],
    [0, 2, 4],
  ]);
  expect(r("a = np.arange(10); a[a % 3 == 0].tolist()").toJs()).toEqual([0, 3, 6, 9]);
  expect(r("np.arange(12).reshape(3, 4)[[0, 2], [1, 3]].tolist()").toJs()).toEqual([1, 11]);
  expect(r("float(np.einsum('i,i', np.arange(4.0), np.arange(4.0)))")).toBe(14);
});

test("linalg, fft, random, longdouble, datetime64, structured and string dtypes", () => {
  const r = (code) => pyodide.runPython(code);
  expect(r("bool(np.allclose(np.linalg.solve([[3.0, 1], [1, 2]], [9.0, 8]), [2, 3]))")).toBe(true);
  expect(r("bool(np.allclose(np.linalg.inv([[2.0, 0], [0, 4]]), [[0.5, 0], [0, 0.25]]))")).toBe(
    true,
  );
  expect(r("sorted(np.linalg.eigvals([[2.0, 1], [1, 2]]).round(12).tolist())").toJs()).toEqual([
    1, 3,
  ]);
  expect(r("np.linalg.svd([[3.0, 0], [0, 4]], compute_uv=False).tolist()").toJs()).toEqual([4, 3]);
  expect(r("np.fft.fft([1.0, 0, 0, 0]).real.tolist()").toJs()).toEqual([1, 1, 1, 1]);
  expect(r("np.fft.ifft(np.fft.fft([1.0, 2, 3])).real.round(12).tolist()").toJs()).toEqual([
    1, 2, 3,
  ]);
  expect(r("np.fft.rfft(np.ones(8)).real.tolist()").toJs()).toEqual([8, 0, 0, 0, 0]);
  expect(r("np.random.default_rng(42).integers(0, 100, 5).tolist()").toJs()).toEqual([
    8, 77, 65, 43, 43,
  ]);
  expect(r("np.finfo(np.longdouble).nmant")).toBe(112);
  expect(r("x = np.longdouble(1) + np.longdouble(2) ** -100; bool(x > 1)")).toBe(true);
  expect(r("str(np.datetime64('2024-02-28') + np.timedelta64(1, 'D'))")).toBe("2024-02-29");
  expect(
    r("s = np.array([(1, 2.5)], dtype=[('a', 'i4'), ('b', 'f8')]); float(s['b'][0] * s['a'][0])"),
  ).toBe(2.5);
  expect(r("np.char.upper(np.array(['ab', 'c'])).tolist()").toJs()).toEqual(["AB", "C"]);
});

test("getBuffer() of an ndarray is a view: JS writes are seen by numpy", () => {
  const a = pyodide.runPython("a = np.arange(6, dtype=np.float64).reshape(2, 3); a");
  const buf = a.getBuffer();
  try {
    expect(buf.data).toBeInstanceOf(Float64Array);
    expect(Array.from(buf.data)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(buf.shape).toEqual([2, 3]);
    expect(buf.readonly).toBe(false);
    buf.data[4] = 42;
    expect(pyodide.runPython("float(a[1, 1])")).toBe(42);
    pyodide.runPython("a[0, 0] = -1");
    expect(buf.data[0]).toBe(-1);
    // The same address as numpy's data pointer.
    expect(buf.data.byteOffset).toBe(pyodide.runPython("a.ctypes.data"));
  } finally {
    buf.release();
    a.destroy();
  }
  // Integer and float32 arrays get their typed array types.
  const i = pyodide.runPython("np.array([1, -2], dtype=np.int16)");
  const ib = i.getBuffer();
  expect(ib.data).toBeInstanceOf(Int16Array);
  expect(Array.from(ib.data)).toEqual([1, -2]);
  ib.release();
  i.destroy();
});

test("a JS Float64Array becomes an ndarray with one copy; to_js copies back", () => {
  globalThis.jsData = Float64Array.from({ length: 1000 }, (_, k) => k * 0.5);
  const result = pyodide.runPython(`
from js import jsData
from pyodide.ffi import to_js
x = np.asarray(jsData.to_memoryview())   # the one copy: JS heap -> wasm heap
x2 = np.frombuffer(jsData.to_bytes(), dtype=np.float64)
back = to_js(x * 2)                       # a new Float64Array (a copy)
(float(x.sum()), x.dtype.name, bool((x == x2).all()), back)
`);
  const [sum, dtype, same, back] = result.toJs();
  expect(sum).toBe(0.5 * ((999 * 1000) / 2));
  expect(dtype).toBe("float64");
  expect(same).toBe(true);
  expect(back).toBeInstanceOf(Float64Array);
  expect(back[3]).toBe(3);
  // The ndarray owns its copy: changing the JS array later does not change it.
  globalThis.jsData[0] = 99;
  expect(pyodide.runPython("float(x[0])")).toBe(0);
  result.destroy();
  delete globalThis.jsData;
});

test("views survive wasm memory growth when re-derived through buffer.data", () => {
  const a = pyodide.runPython("g = np.arange(4, dtype=np.float64); g");
  const buf = a.getBuffer();
  const stale = buf.data; // a typed array over the current wasm memory
  expect(stale.length).toBe(4);
  const before = pyodide._module.HEAP8.buffer.byteLength;
  // Grow wasm memory: a 256 MB array.
  pyodide.runPython("big = np.ones(32 * 1024 * 1024); big[-1] = 7");
  expect(pyodide._module.HEAP8.buffer.byteLength).toBeGreaterThan(before);
  // The old typed array's ArrayBuffer is detached: it is empty, not stale data.
  expect(stale.length).toBe(0);
  // buf.data is derived again on each access, over the grown memory.
  expect(Array.from(buf.data)).toEqual([0, 1, 2, 3]);
  buf.data[1] = 10;
  expect(pyodide.runPython("del big; float(g[1])")).toBe(10);
  buf.release();
  a.destroy();
});

test("a quick subset of numpy's own tests passes under pytest", async () => {
  // numpy-tests: numpy's tests (and conftest.py, which imports hypothesis).
  await expectSuiteFilesPass(
    pyodide,
    out,
    "numpy",
    [
      "_core/tests/test_scalarmath.py",
      "linalg/tests/test_regression.py",
      "fft/tests/test_helper.py",
      "random/tests/test_generator_mt19937_regressions.py",
    ],
    ["-p", "no:randomly"],
  );
}, 300000);
