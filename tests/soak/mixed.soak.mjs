// The soak: a bounded run (under 2 minutes) of mixed work on one runtime —
// deep conversions both ways, PyProxy and JsProxy churn (destroyed and
// forgotten), exceptions both ways, package loads and asyncio tasks with JS
// promises. After it, live hiwire handles, JsProxies and PyProxies are back
// at their baseline, Python's GC-tracked objects and malloc's in-use bytes are
// back near it, and wasm memory stopped growing after the first rounds.
// Not part of `npm test`: `make soak` (CI runs it).
import { collectGarbage, loadCaptured, mallocInUse } from "../helpers.mjs";
import { LOCK } from "../packages/helpers.mjs";

const ROUNDS = Number(process.env.PYXIS_SOAK_ROUNDS ?? 100);
// JS's collector (forgotten PyProxies) and Python's (cycles holding JsProxies).
const collect = (pyodide) => collectGarbage({ pyodide });

test("mixed work returns to its baseline", async () => {
  expect(typeof global.gc).toBe("function");
  const { pyodide } = await loadCaptured();
  const M = pyodide._module;
  // Pure-Python and C packages of the lockfile, loaded once (round 0).
  // Packages with something to import (not the <name>-tests bundles), but
  // not numpy and what builds on it (pandas, matplotlib, ...: their own
  // tests cover them).
  const packages = Object.keys(LOCK.packages).filter(
    (n) =>
      !n.startsWith("test-") &&
      LOCK.packages[n].imports.length > 0 &&
      n !== "numpy" &&
      !LOCK.packages[n].depends.includes("numpy"),
  );
  pyodide.runPython(`
import asyncio, json, sys
from pyodide.ffi import to_js, create_proxy, JsException
import js

def py_work(n, payload):
    data = payload.to_py()
    assert data["n"] == n
    out = {"n": n, "items": [i * 1.5 for i in range(50)], "big": 2**70 + n, "s": "é\\ud800" * 3}
    return to_js(out)

def raise_from_py(n):
    raise ValueError(f"py error {n}")

def call_js_thrower(n):
    try:
        js.pyxisSoakThrow(n)
    except JsException as e:
        return str(e)

async def tasks(n):
    async def one(i):
        await asyncio.sleep(0)
        value = await js.pyxisSoakPromise(i)
        return value + i
    results = await asyncio.gather(*(one(i) for i in range(10)))
    return sum(results)
`);
  globalThis.pyxisSoakThrow = (n) => {
    throw new Error(`js error ${n}`);
  };
  globalThis.pyxisSoakPromise = (i) => new Promise((r) => setTimeout(() => r(i), 0));
  const pyWork = pyodide.globals.get("py_work");
  const raiseFromPy = pyodide.globals.get("raise_from_py");
  const callJsThrower = pyodide.globals.get("call_js_thrower");
  const tasks = pyodide.globals.get("tasks");

  const snapshot = () => ({
    counts: pyodide._debug.liveCounts(),
    objects: pyodide.runPython("import gc; len(gc.get_objects())"),
    malloc: mallocInUse(pyodide),
    memory: M.HEAP8.buffer.byteLength,
  });

  let baseline, afterWarmup;
  for (let round = 0; round < ROUNDS; round++) {
    if (round === 0) await pyodide.loadPackage(packages, { messageCallback: () => {} });
    else
      await pyodide.loadPackage(packages[round % packages.length], { messageCallback: () => {} });
    for (let i = 0; i < 200; i++) {
      // Conversions both ways and back.
      const payload = { n: i, list: [1, 2, [3, { deep: "x".repeat(i) }]], map: new Map([[1, 2]]) };
      const result = pyWork(i, payload);
      if (result.n !== i || result.big !== 2n ** 70n + BigInt(i)) throw new Error("bad round trip");
      // Proxy churn: some destroyed, some forgotten.
      const d = pyodide.toPy({ a: [i], b: new Set([i]) });
      if (i % 2) d.destroy();
      // Exceptions both ways.
      try {
        raiseFromPy(i);
        throw new Error("no error");
      } catch (err) {
        if (!(err instanceof pyodide.ffi.PythonError) || !/py error/.test(err.message)) throw err;
      }
      if (!/js error/.test(callJsThrower(i))) throw new Error("bad JsException");
    }
    // asyncio tasks awaiting JS promises.
    const total = await tasks(round);
    if (total !== 90) throw new Error(`tasks gave ${total}`);
    await pyodide.runPythonAsync("await asyncio.sleep(0); import json; json.dumps([1])");
    pyodide.runPython(`import ${packages.map((p) => LOCK.packages[p].imports[0]).join(", ")}`);
    await collect(pyodide);
    if (round === 1) baseline = snapshot();
    if (round === 3) afterWarmup = snapshot();
  }
  await collect(pyodide);
  const end = snapshot();
  expect(end.counts).toEqual(baseline.counts);
  expect(end.objects - baseline.objects).toBeLessThan(500);
  expect(end.malloc - baseline.malloc).toBeLessThan(2 * 1024 * 1024);
  expect(end.memory).toBe(afterWarmup.memory);
  for (const p of [pyWork, raiseFromPy, callJsThrower, tasks]) p.destroy();
  delete globalThis.pyxisSoakThrow;
  delete globalThis.pyxisSoakPromise;
}, 120_000);
