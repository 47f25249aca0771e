// PyProxies that JS code forgets are released by the FinalizationRegistry:
// after garbage collection the counters are back at their baseline.
// (Node is started with --expose-gc by `make test`.)
import { collectGarbage, loadCaptured } from "../helpers.mjs";

test("100k forgotten PyProxies are released", async () => {
  expect(typeof global.gc).toBe("function");
  const { pyodide } = await loadCaptured();
  const f = pyodide.runPython("lambda i: [i]");
  await collectGarbage();
  const before = pyodide._debug.liveCounts();
  const objects = pyodide.runPython("import gc; len(gc.get_objects())");
  for (let i = 0; i < 100_000; i++) f(i); // each result is a PyProxy of a list, never destroyed
  expect(pyodide._debug.liveCounts().pyproxies).toBeGreaterThan(before.pyproxies);
  // (Proxies made before this test may also be collected meanwhile: at most
  // the baseline remains.)
  await collectGarbage({ done: () => pyodide._debug.liveCounts().pyproxies <= before.pyproxies });
  expect(pyodide._debug.liveCounts().pyproxies).toBeLessThanOrEqual(before.pyproxies);
  // ... and the lists themselves are gone from Python's heap.
  expect(pyodide.runPython("len(gc.get_objects())") - objects).toBeLessThan(100);
  f.destroy();
});

test("mountNodeFS shows a host folder to Python", async () => {
  const fs = await import("node:fs");
  const os = await import("node:os");
  const path = await import("node:path");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyxis-mount-"));
  try {
    fs.writeFileSync(path.join(dir, "host.txt"), "from the host");
    const { pyodide } = await loadCaptured();
    pyodide.mountNodeFS("/mnt/host", dir);
    expect(pyodide.runPython("open('/mnt/host/host.txt').read()")).toBe("from the host");
    pyodide.runPython("open('/mnt/host/py.txt', 'w').write('from Python')");
    expect(fs.readFileSync(path.join(dir, "py.txt"), "utf8")).toBe("from Python");
    expect(() => pyodide.mountNodeFS(1, dir)).toThrow(TypeError);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("a released hiwire handle is stale: using it is an error, even once its slot is reused", async () => {
  const { pyodide } = await loadCaptured();
  const h = pyodide._module.hiwire;
  const first = h.new_value({ name: "first" });
  expect(h.get_value(first).name).toBe("first");
  h.decref(first);
  expect(() => h.get_value(first)).toThrow(/stale hiwire handle/);
  const second = h.new_value({ name: "second" }); // takes the freed slot
  expect(second).not.toBe(first);
  expect(second >>> 8).toBe(first >>> 8);
  expect(() => h.get_value(first)).toThrow(/stale hiwire handle/);
  expect(() => h.decref(first)).toThrow(/stale hiwire handle/);
  expect(h.get_value(second).name).toBe("second");
  h.decref(second);
  expect(h.get_value(2)).toBe(undefined);
  expect(h.get_value(8)).toBe(false);
  expect(() => h.get_value(3)).toThrow(/invalid hiwire handle/);
});
