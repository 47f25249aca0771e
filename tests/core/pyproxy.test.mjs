// PyProxy, the JS side of a Python object: items, attributes, calls, lifetime
// (destroy, copy, borrowed arguments), toJs, getBuffer, create_once_callable.
import { MALLOC_ENV, loadCaptured, mallocInUse } from "../helpers.mjs";

let pyodide, out;
beforeAll(async () => {
  ({ pyodide, out } = await loadCaptured());
});
beforeEach(() => (out.length = 0));

describe("PyProxy", () => {
  test("get/set/has/delete, length, iteration, toString, type", () => {
    const d = pyodide.runPython("d = {'a': 1, 'b': [1, 2]}; d");
    expect(d.get("a")).toBe(1);
    d.set("c", 3);
    expect(d.has("c")).toBe(true);
    d.delete("a");
    expect(d.has("a")).toBe(false);
    expect(d.length).toBe(2);
    expect([...d].sort()).toEqual(["b", "c"]);
    expect(d.toString()).toBe("{'b': [1, 2], 'c': 3}");
    expect(d.type).toBe("dict");
    expect(d.get("zz")).toBeUndefined(); // a missing key, as in Pyodide
    d.destroy();
  });

  test("attributes and calls, with keyword arguments", () => {
    const f = pyodide.runPython("def f(a, b=2, *, c=3): return a * 100 + b * 10 + c\nf");
    expect(f(1)).toBe(123);
    expect(f(1, 5)).toBe(153);
    expect(f.callKwargs(1, { c: 9 })).toBe(129);
    expect(f.__name__).toBe("f");
    const ns = pyodide.runPython("import types; types.SimpleNamespace(x=1)");
    ns.y = 2;
    expect(pyodide.runPython("lambda o: o.y")(ns)).toBe(2); // the write reached Python
    expect("x" in ns).toBe(true);
    expect(ns.y).toBe(2);
    delete ns.x;
    expect("x" in ns).toBe(false);
    f.destroy();
    ns.destroy();
  });

  test("callRelaxed, callKwargsRelaxed, callWithOptions", () => {
    const f = pyodide.runPython("def f(x=2, y=3, *, z=0): return [x, y, z]\nf");
    const call = (how) => how().toJs();
    expect(call(() => f.callRelaxed(1, 2, 3, 4))).toEqual([1, 2, 0]);
    expect(call(() => f.callKwargsRelaxed(7, 8, 9, { z: 1, nope: 5 }))).toEqual([7, 8, 1]);
    expect(call(() => f.callWithOptions({}, 7))).toEqual([7, 3, 0]);
    expect(call(() => f.callWithOptions({ kwargs: true }, { y: 9 }))).toEqual([2, 9, 0]);
    expect(call(() => f.callWithOptions({ relaxed: true, kwargs: true }, 1, 2, 3, {}))).toEqual([
      1, 2, 0,
    ]);
    expect(() => f.callWithOptions({}, 1, 2, 3)).toThrow(/takes from 0 to 2 positional/);
    expect(() => f.callWithOptions({ kwargs: true })).toThrow(
      /callWithOptions with 'kwargs: true' requires at least one argument/,
    );
    expect(() => f.callWithOptions({ kwargs: true }, 5)).toThrow(
      /kwargs argument is not an object/,
    );
    expect(() => f.callWithOptions({ promising: true })).toThrow(/stack switching/);
    // too few arguments still fail
    const g = pyodide.runPython("lambda a, b: a + b");
    expect(() => g.callRelaxed(1)).toThrow(/missing 1 required positional argument/);
    expect(g.callRelaxed(1, 2, 3)).toBe(3);
    f.destroy();
    g.destroy();
  });

  test("callKwargs: values of every kind, errors, many sets of names without leaks", async () => {
    const f = pyodide.runPython("def f(*args, **kw): return [list(args), kw]\nf");
    const r = f.callKwargs(1, "s", { big: 2n ** 70n, none: null, obj: [1, 2], s: "é\ud800" });
    expect(r.toJs({ dict_converter: Object.fromEntries })).toEqual([
      [1, "s"],
      { big: 2n ** 70n, none: null, obj: [1, 2], s: "é\ud800" },
    ]);
    r.destroy();
    expect(f.callKwargs({})).toBeDefined(); // no keywords: a plain call
    const g = pyodide.runPython("def g(a, *, b): return a + b\ng");
    expect(() => g.callKwargs(1, { a: 2, b: 3 })).toThrow(
      /TypeError: .*multiple values for argument 'a'/,
    );
    expect(() => g.callKwargs(1, { c: 3 })).toThrow(/TypeError: .*unexpected keyword argument 'c'/);
    expect(g.callKwargs(1, { b: 3 })).toBe(4);
    // More distinct sets of names than the JS side keeps: old ones are
    // released (in a runtime whose Python objects are all mallocs).
    const { pyodide: py } = await loadCaptured(MALLOC_ENV);
    const h = py.runPython("lambda **kw: len(kw)");
    h.callKwargs({ warm: 1, x: 1 });
    const counts = py._debug.liveCounts();
    const used = mallocInUse(py);
    for (let i = 0; i < 2000; i++) expect(h.callKwargs({ [`k${i}`]: i, x: 1 })).toBe(2);
    h.destroy();
    expect(py._debug.liveCounts()).toEqual({ ...counts, pyproxies: counts.pyproxies - 1 });
    expect(mallocInUse(py) - used).toBeLessThan(256 * 1024);
    f.destroy();
    g.destroy();
  });

  test("use after destroy throws an Error naming the type", () => {
    const l = pyodide.runPython("[1, 2, 3]");
    l.destroy();
    expect(() => l.length).toThrow(
      /^Object has already been destroyed \(a PyProxy of a 'list' object\)\n.*setDebug/,
    );
  });

  test("copy() has its own lifetime", () => {
    const l = pyodide.runPython("[1]");
    const c = l.copy();
    l.destroy();
    expect(c.length).toBe(1);
    c.destroy();
  });

  test("toJs: deep conversion, dict_converter, depth, cycles", () => {
    const p = pyodide.runPython("x = {'a': [1, (2, 3)], 'b': {1, 2}, 'c': b'ab'}; x");
    // A dict becomes an Object (Pyodide 314), or what dict_converter makes.
    expect(p.toJs()).toStrictEqual({
      a: [1, [2, 3]],
      b: new Set([1, 2]),
      c: new Uint8Array([97, 98]),
    });
    const js = p.toJs({ dict_converter: (entries) => new Map(entries) });
    expect(js).toBeInstanceOf(Map);
    expect(js.get("a")).toEqual([1, [2, 3]]);
    expect(js.get("b")).toEqual(new Set([1, 2]));
    expect(js.get("c")).toEqual(new Uint8Array([97, 98]));
    const cyc = pyodide.runPython("c = [1]; c.append(c); c");
    const arr = cyc.toJs();
    expect(arr[1]).toBe(arr);
    const shallow = pyodide.runPython("[[1]]").toJs({ depth: 1 });
    expect(shallow[0]).toBeInstanceOf(pyodide.ffi.PyProxy);
    p.destroy();
    cyc.destroy();
  });

  test("getBuffer is a zero-copy view of the heap", () => {
    const a = pyodide.runPython("import array; arr = array.array('d', [1.5, 2.5]); arr");
    const buf = a.getBuffer();
    expect(buf.data).toBeInstanceOf(Float64Array);
    expect(Array.from(buf.data)).toEqual([1.5, 2.5]);
    expect(buf.shape).toEqual([2]);
    buf.data[0] = 9;
    expect(pyodide.runPython("arr[0]")).toBe(9);
    buf.release();
    expect(() => buf.data).toThrow(/released/);
    const bytes = a.getBuffer("Uint8Array"); // the same memory, seen as bytes
    expect(bytes.data).toBeInstanceOf(Uint8Array);
    expect(bytes.data.length).toBe(16);
    bytes.release();
    a.destroy();
  });

  test("borrowed argument proxies are destroyed after the call", () => {
    globalThis.pyxisTest = {
      keep(p) {
        this.kept = p;
        return p.length;
      },
    };
    expect(pyodide.runPython("from js import pyxisTest; pyxisTest.keep([1, 2])")).toBe(2);
    expect(() => globalThis.pyxisTest.kept.length).toThrow(
      /^This borrowed proxy was automatically destroyed at the end of a function call.*create_proxy/,
    );
    pyodide.runPython(
      "from pyodide.ffi import create_proxy; p = create_proxy([1, 2, 3]); pyxisTest.keep(p)",
    );
    expect(globalThis.pyxisTest.kept.length).toBe(3);
    pyodide.runPython("p.destroy()");
  });

  test("a promise result keeps the borrowed arguments until an await of it has them", async () => {
    globalThis.pyxisTest = {
      async echo(x) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        return x;
      },
    };
    await expect(
      pyodide.runPythonAsync(`
from js import pyxisTest
l = [1, 2, 3]
(await pyxisTest.echo(l)) is l`),
    ).resolves.toBe(true);
  });

  test("create_once_callable", () => {
    pyodide.runPython(
      "from pyodide.ffi import create_once_callable; from js import pyxisTest; pyxisTest.f = create_once_callable(lambda x: x + 1)",
    );
    expect(globalThis.pyxisTest.f(1)).toBe(2);
    expect(() => globalThis.pyxisTest.f(1)).toThrow(/already been called/);
  });
});
