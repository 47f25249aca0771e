// No leaks: live handles, JsProxies, PyProxies and Python memory stay at
// their baseline over 100k crossings.
import { MALLOC_ENV, loadCaptured, mallocInUse } from "../helpers.mjs";

let pyodide, out;
beforeAll(async () => {
  ({ pyodide, out } = await loadCaptured());
});
beforeEach(() => (out.length = 0));

describe("no leaks", () => {
  const counts = () => pyodide._debug.liveCounts();

  test("100k JsProxies created and dropped", () => {
    globalThis.pyxisTest = { o: {} };
    pyodide.runPython("from js import pyxisTest");
    const before = counts();
    pyodide.runPython("for _ in range(100_000): pyxisTest.o");
    expect(counts()).toEqual(before);
  });

  test("100k calls of a JS function from Python, with proxied arguments", () => {
    globalThis.pyxisTest = (x) => x;
    const before = counts();
    pyodide.runPython("from js import pyxisTest\nfor i in range(100_000): pyxisTest([i])");
    expect(counts()).toEqual(before);
  });

  // (Values are JS objects and basic values: a Python object stored in a JS
  // object becomes a PyProxy that the FinalizationRegistry releases later.)
  test("100k item, attribute and iteration crossings (slots)", () => {
    globalThis.pyxisTest = { m: new Map(), a: [0, 1], o: {} };
    pyodide.runPython("from js import pyxisTest as t");
    const before = counts();
    pyodide.runPython(`
for i in range(20_000):
    k = "key" + str(i % 7)  # not interned: a new JS string each time
    t.m[k] = t.o; t.m["fixed"] = 2**70; t.m[i] = "s"
    t.m[k]; t.m["fixed"]; k in t.m; "fixed" in t.m; del t.m[i]
    t.a[0] = t.m; t.a[1]; t.a[0]
    t.o.x = k; t.o.x; del t.o.x
    t.f = t.o; t.f
    for v in t.a: pass
    t.kw = None
t.m.clear(); t.a[0] = 0; del t.f, t.kw
`);
    expect(counts()).toEqual(before);
  });

  test("100k PyProxies created and destroyed", () => {
    const f = pyodide.runPython("lambda: object()");
    const before = counts();
    for (let i = 0; i < 100_000; i++) f().destroy();
    expect(counts()).toEqual(before);
    f.destroy();
  });

  test("Python memory does not grow over 100k proxies", async () => {
    // Every Python object a malloc (mallocInUse): a leaked dict a round
    // would be megabytes.
    const { pyodide: py } = await loadCaptured(MALLOC_ENV);
    globalThis.pyxisTest = (x) => x;
    py.runPython("from js import pyxisTest\nfor i in range(1000): pyxisTest({'k': i})");
    const before = mallocInUse(py);
    py.runPython("for i in range(100_000): pyxisTest({'k': i})");
    expect(mallocInUse(py) - before).toBeLessThan(64 * 1024);
  });
});
