// What a PyProxy is, by what its Python object supports (Pyodide's
// documented PyProxy types): which members it has ("length" in p, typeof
// p.get), which pyodide.ffi types it is an instance of, callables as JS
// functions, dicts whose items read as properties, asJsJson(), generators
// (next/return/throw), async iteration, awaitables, destroy/Symbol.dispose
// and setDebug; every misuse a clear error, after which the runtime works.
import path from "node:path";
import { DIST, loadCaptured } from "../helpers.mjs";

let pyodide, ffi;
beforeAll(async () => {
  ({ pyodide } = await loadCaptured());
  ffi = pyodide.ffi;
  pyodide.runPython(`
class NoImpls: pass
class Await:
    def __await__(self): return iter([])
class Iter:
    def __iter__(self): return iter([1, 2])
class Next:
    def __next__(self): raise StopIteration
class AwaitIter(Await, Iter): pass
class Len:
    def __len__(self): return 9
class Call:
    def __call__(self, x): return x + 1
class Attrs:
    caller = "fifty"
    prototype = "proto"
    name = "me"
    length = 7
    def __call__(self, x): return x + 1
`);
});

// A fresh proxy of a Python expression, destroyed after f.
function withProxy(code, f) {
  const p = pyodide.runPython(code);
  try {
    return f(p);
  } finally {
    p.destroy();
  }
}

const FFI_TYPES = [
  "PyProxyWithLength",
  "PyProxyWithGet",
  "PyProxyWithSet",
  "PyProxyWithHas",
  "PyDict",
  "PyIterable",
  "PyAsyncIterable",
  "PyIterator",
  "PyAsyncIterator",
  "PyGenerator",
  "PyAsyncGenerator",
  "PyAwaitable",
  "PyCallable",
  "PyBuffer",
  "PySequence",
  "PyMutableSequence",
];

describe("which members and types a proxy has, by its object's capabilities", () => {
  // [expression, the ffi types it is an instance of (besides PyProxy), members it has]
  test.each([
    ["NoImpls()", [], []],
    ["Await()", ["PyAwaitable"], ["then", "catch", "finally"]],
    ["Iter()", ["PyIterable"], [Symbol.iterator]],
    ["Next()", ["PyIterable", "PyIterator"], [Symbol.iterator, "next"]],
    ["AwaitIter()", ["PyAwaitable", "PyIterable"], ["then", Symbol.iterator]],
    ["Len()", ["PyProxyWithLength"], ["length"]],
    [
      "{}",
      [
        "PyDict",
        "PyProxyWithLength",
        "PyProxyWithGet",
        "PyProxyWithSet",
        "PyProxyWithHas",
        "PyIterable",
      ],
      ["length", "get", "set", "delete", "has", "asJsJson", Symbol.iterator],
    ],
    [
      "[1]",
      [
        "PySequence",
        "PyMutableSequence",
        "PyProxyWithLength",
        "PyProxyWithGet",
        "PyProxyWithSet",
        "PyProxyWithHas",
        "PyIterable",
      ],
      ["length", "get", "set", "delete", "has", "asJsJson", "map", "splice", "push", "sort"],
    ],
    [
      "(1, 2)",
      ["PySequence", "PyProxyWithLength", "PyProxyWithGet", "PyProxyWithHas", "PyIterable"],
      ["length", "get", "has", "asJsJson", "map", "join", "slice", "at", "toJSON"],
    ],
    [
      "b'ab'",
      [
        "PySequence",
        "PyBuffer",
        "PyProxyWithLength",
        "PyProxyWithGet",
        "PyProxyWithHas",
        "PyIterable",
      ],
      ["length", "get", "has", "asJsJson", "getBuffer", "join"],
    ],
    [
      "(x for x in [])",
      ["PyGenerator", "PyIterator", "PyIterable"],
      ["next", "return", "throw", Symbol.iterator],
    ],
    [
      "(lambda: (yield))()",
      ["PyGenerator", "PyIterator", "PyIterable"],
      ["next", "return", "throw"],
    ],
    ["iter([1])", ["PyIterator", "PyIterable"], ["next", Symbol.iterator]],
    ["Call()", ["PyCallable"], ["callKwargs", "captureThis", "bind", "apply", "call"]],
  ])("%s", (code, types, members) => {
    withProxy(code, (p) => {
      expect(p).toBeInstanceOf(ffi.PyProxy);
      const expected = new Set(types);
      for (const t of FFI_TYPES) expect([t, p instanceof ffi[t]]).toEqual([t, expected.has(t)]);
      for (const m of members) expect([m, m in p]).toEqual([m, true]);
      // Members of the other capabilities are absent.
      const all = ["length", "get", "set", "delete", "has", "asJsJson", "then", "next"];
      for (const m of all.filter((m) => !members.includes(m)))
        expect([m, m in p, typeof p[m]]).toEqual([m, false, "undefined"]);
    });
  });

  test("a generator is not async, an async generator not sync", () => {
    pyodide.runPython("async def agen():\n    yield 1");
    withProxy("agen()", (g) => {
      for (const t of ["PyAsyncGenerator", "PyAsyncIterable", "PyAsyncIterator"])
        expect(g instanceof ffi[t]).toBe(true);
      for (const t of ["PyGenerator", "PyIterable", "PyIterator", "PyAwaitable"])
        expect(g instanceof ffi[t]).toBe(false);
      expect(Symbol.asyncIterator in g).toBe(true);
      expect(Symbol.iterator in g).toBe(false);
    });
  });

  test("collections.abc subclasses and registered types are sequences too", () => {
    pyodide.runPython(`
from collections import UserList, deque
from collections.abc import Sequence
class Seq(Sequence):
    def __getitem__(self, i): return [10, 20][i]
    def __len__(self): return 2
`);
    withProxy("Seq()", (s) => {
      expect(s instanceof ffi.PySequence).toBe(true);
      expect(s instanceof ffi.PyMutableSequence).toBe(false);
      expect(s.map((x) => x + 1)).toEqual([11, 21]);
      expect("push" in s).toBe(false);
    });
    for (const code of ["UserList([3, 1, 2])", "deque([3, 1, 2])"]) {
      withProxy(code, (s) => {
        expect(s instanceof ffi.PyMutableSequence).toBe(true);
        expect(s.sort()).toBe(s);
        expect(s.splice(1, 1, 7, 8)).toEqual([2]);
        expect(Array.from(s)).toEqual([1, 7, 8, 3]);
      });
    }
  });

  test("a dict subclass is not a PyDict (its items are not properties)", () => {
    pyodide.runPython("class D(dict): pass");
    withProxy("D(a=1)", (d) => {
      expect(d instanceof ffi.PyDict).toBe(false);
      expect(d instanceof ffi.PyProxyWithGet).toBe(true);
      expect(d.a).toBeUndefined();
      expect(d.get("a")).toBe(1);
    });
  });
});

describe("pyodide.ffi", () => {
  test("the loader's ffi export is pyodide.ffi, with Pyodide's names", async () => {
    const loader = await import(path.join(DIST, "pyxis.mjs"));
    expect(loader.ffi).toBe(pyodide.ffi);
    expect(Object.keys(ffi).sort()).toEqual(
      [...FFI_TYPES, "PyProxy", "PyBufferView", "PythonError"].sort(),
    );
    expect(ffi.PythonError).toBe(loader.PythonError);
  });

  test("the types are not constructors, and nothing else is an instance", () => {
    for (const name of ["PyProxy", "PyDict", "PyBufferView", "PyCallable"])
      expect(() => new ffi[name]()).toThrow(TypeError);
    for (const v of [null, undefined, 1, "s", {}, [], () => 1, new Proxy({}, {})]) {
      for (const t of ["PyProxy", ...FFI_TYPES, "PyBufferView"])
        expect(v instanceof ffi[t]).toBe(false);
    }
    // A revoked Proxy or hostile getters are just not PyProxies.
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(proxy instanceof ffi.PyProxy).toBe(false);
  });

  test("a destroyed proxy is still a PyProxy of its kind", () => {
    const d = pyodide.runPython("{}");
    d.destroy();
    expect(d instanceof ffi.PyProxy).toBe(true);
    expect(d instanceof ffi.PyDict).toBe(true);
  });

  test("proxies of another runtime are recognised too", async () => {
    const { pyodide: other } = await loadCaptured();
    const l = other.runPython("[1, 2]");
    expect(l instanceof ffi.PyMutableSequence).toBe(true);
    expect(l.constructor).toBe(ffi.PyProxy);
    l.destroy();
  });

  test("getBuffer() gives a PyBufferView, released by Symbol.dispose", () => {
    withProxy("bytearray(b'abc')", (b) => {
      expect(b instanceof ffi.PyBuffer).toBe(true);
      const view = b.getBuffer("u8");
      expect(view).toBeInstanceOf(ffi.PyBufferView);
      expect(Array.from(view.data)).toEqual([97, 98, 99]);
      expect(Object.keys(view)).toEqual(
        expect.arrayContaining(["offset", "shape", "strides", "format", "readonly"]),
      );
      view[Symbol.dispose]();
      expect(() => view.data).toThrow(/released/);
      view.release(); // again: nothing
      // Released, the bytearray can grow again.
      expect(pyodide.runPython("lambda b: b.extend(b'd') or len(b)")(b)).toBe(4);
    });
  });
});

describe("callable proxies are JS functions", () => {
  test("instanceof Function, and Function's own names left to Python", () => {
    withProxy("lambda: None", (f) => {
      expect(f).toBeInstanceOf(Function);
      expect(f instanceof ffi.PyCallable).toBe(true);
      expect(f.constructor).toBe(ffi.PyProxy);
      const has = Object.fromEntries(
        ["length", "name", "arguments", "caller", "apply", "bind", "call", "prototype"].map((k) => [
          k,
          k in f,
        ]),
      );
      expect(has).toEqual({
        length: false,
        name: false,
        arguments: false,
        caller: false,
        apply: true,
        bind: true,
        call: true,
        prototype: true, // JS requires it of a function; its value is Python's
      });
      expect(f.prototype).toBeUndefined();
      expect(Symbol.hasInstance in f).toBe(true);
    });
    withProxy("{}", (d) => {
      expect(d).not.toBeInstanceOf(Function);
      expect(["prototype", "caller", "name"].map((k) => k in d)).toEqual([false, false, false]);
    });
  });

  test("a class's and an instance's attributes named like Function's are Python's", () => {
    withProxy("Attrs", (C) => {
      expect([C.prototype, C.name, C.length, C.$prototype]).toEqual(["proto", "me", 7, "proto"]);
    });
    withProxy("Attrs()", (t) => {
      expect([t.caller, t.prototype, t.name, t.length, t(7)]).toEqual([
        "fifty",
        "proto",
        "me",
        7,
        8,
      ]);
    });
    withProxy("Len", (C) => expect("length" in C).toBe(false));
  });

  test("writing and deleting Python attributes named like Function's", () => {
    pyodide.runPython("class T: pass");
    withProxy("T", (T) => {
      "use strict";
      T.prototype = 7;
      T.name = 8;
      expect(pyodide.runPython("(T.prototype, T.name)").toJs()).toEqual([7, 8]);
      delete T.name;
      expect(pyodide.runPython("hasattr(T, 'name')")).toBe(false);
      // `prototype` is the function target's own, non-configurable property.
      expect(() => delete T.prototype).toThrow(TypeError);
      expect(pyodide.runPython("T.prototype")).toBe(7);
    });
  });

  test("apply, call and bind as JS's; captureThis passes `this` first", () => {
    pyodide.runPython("from pyodide.ffi import to_js\ndef args(*a): return to_js(a)");
    const g = pyodide.globals.get("args");
    const js = function (...a) {
      return a;
    };
    for (const input of [undefined, null, {}, { 0: 1, 1: 7, length: 2 }, [1, 7, 9], "x".split("")])
      expect(g.apply(undefined, input)).toEqual(js.apply(undefined, input));
    for (const bad of [1, "abc", 1n, true]) {
      expect(() => js.apply(undefined, bad)).toThrow(TypeError);
      expect(() => g.apply(undefined, bad)).toThrow(TypeError);
    }
    expect(g.call(5, 1, 2)).toEqual([1, 2]);
    const f = g.captureThis();
    expect(f.call(5, 1, 2)).toEqual([5, 1, 2]);
    expect(f.bind(1)(2, 3)).toEqual([1, 2, 3]);
    expect(f.bind(1).bind(2)(3)).toEqual([1, 3]); // as JS: the first bind's `this` stays
    const g2 = g.bind(1, 2, 3).bind(5, 6);
    expect(g2(7)).toEqual([2, 3, 6, 7]);
    expect(g2.captureThis()(7)).toEqual([1, 2, 3, 6, 7]);
    const o = { f, a: 7 };
    expect(o.f("a")).toEqual([o, "a"]);
    // Derived proxies share the lifetime of the one they come from.
    g.destroy();
    expect(() => f(1)).toThrow(/already been destroyed/);
    expect(() => g2(1)).toThrow(/already been destroyed/);
  });

  test("callKwargs's errors", () => {
    withProxy("lambda x=2, y=3: x * 10 + y", (f) => {
      expect(f.callKwargs({ y: 4 })).toBe(24);
      expect(f.callKwargs(8, { y: 4 })).toBe(84);
      expect(() => f.callKwargs()).toThrow(/callKwargs requires at least one argument/);
      expect(() => f.callKwargs(1, 2)).toThrow(/kwargs argument is not an object/);
      expect(() => f.callKwargs(null)).toThrow(TypeError);
      expect(() => f.callKwargs({ z: 6 })).toThrow(/unexpected keyword argument 'z'/);
      expect(() => f.callKwargs(76, { x: 6 })).toThrow(/multiple values for argument 'x'/);
    });
  });
});

describe("JS properties before Python attributes", () => {
  test("$name reads the Python attribute a JS member hides", () => {
    withProxy("{'a': 1}", (d) => {
      expect(d.get.type).toBeUndefined(); // JS's get()
      expect(d.$get.type).toBe("builtin_function_or_method");
      expect(d.$get("a")).toBe(1);
    });
  });

  test("a getter-only member refuses writes; defineProperty on the proxy is JS's", () => {
    withProxy("Len()", (t) => {
      expect(() => {
        "use strict";
        t.length = 10;
      }).toThrow(TypeError);
      expect(t.length).toBe(9);
    });
    for (const [configurable, writable] of [
      [false, false],
      [true, true],
      [false, true],
      [true, false],
    ]) {
      withProxy("{}", (d) => {
        Object.defineProperty(d, "x", { value: 9, configurable, writable });
        expect(d.x).toBe(9);
        if (writable) {
          d.x = 10;
          expect(d.x).toBe(10);
        } else {
          expect(() => {
            "use strict";
            d.x = 10;
          }).toThrow(/'set' on proxy: trap returned falsish/);
        }
        if (configurable) {
          delete d.x;
          expect(d.x).toBeUndefined();
        } else {
          expect(() => {
            "use strict";
            delete d.x;
          }).toThrow(/'deleteProperty' on proxy: trap returned falsish/);
        }
      });
    }
  });

  test("Object.getOwnPropertyNames, keys and descriptors keep the Proxy invariants", () => {
    pyodide.runPython("class Foo:\n    bar = 42\n    def get_value(self, v): return v * 64");
    for (const code of ["Foo()", "Foo", "lambda: 1", "[1, 2]", "{'a': 1}", "Call()"]) {
      withProxy(code, (p) => {
        const names = Object.getOwnPropertyNames(p);
        expect(new Set(names).size).toBe(names.length);
        for (const k of Reflect.ownKeys(p)) Reflect.getOwnPropertyDescriptor(p, k);
        expect(Object.getOwnPropertySymbols(p)).toEqual([]);
        Object.keys(p);
      });
    }
    withProxy("Foo()", (f) => {
      const names = Object.getOwnPropertyNames(f);
      expect(names).toEqual(expect.arrayContaining(["bar", "get_value", "__class__", "__dict__"]));
      expect(f.get_value(2)).toBe(128);
    });
  });
});

describe("sequences", () => {
  test("index access, in range or not, and the indices as own keys", () => {
    pyodide.runPython("l = [9, 8, 7]");
    withProxy("l", (l) => {
      expect([l[0], l[1], l[2], l[3], l["-1"], l["01"]]).toEqual([
        9,
        8,
        7,
        undefined,
        undefined,
        undefined,
      ]);
      expect(["0" in l, "2" in l, "3" in l, "length" in l]).toEqual([true, true, false, true]);
      expect(Object.keys(l)).toEqual(expect.arrayContaining(["0", "1", "2"]));
      l[1] = "x";
      expect(pyodide.runPython("l[1]")).toBe("x");
      expect(() => {
        "use strict";
        l[5] = 1; // out of range: refused, as Pyodide
      }).toThrow(TypeError);
      delete l[0];
      expect(pyodide.runPython("l").toJs()).toEqual(["x", 7]);
      expect(l instanceof ffi.PySequence && !Array.isArray(l)).toBe(true);
    });
  });

  test("JSON.stringify and concat see an Array", () => {
    withProxy("[1, 2, (3, 4)]", (l) => {
      expect(JSON.stringify(l)).toBe("[1,2,[3,4]]");
      expect([0].concat(l, [5])).toEqual([0, 1, 2, expect.anything(), 5]);
      expect(l.concat([5], 6).length).toBe(5);
    });
    const stringify = pyodide.runPython("from js import JSON\nlambda x: JSON.stringify(x)");
    expect(stringify(pyodide.runPython("(1, 'a', None)"))).toBe('[1,"a",null]');
    stringify.destroy();
  });

  test("mutating methods on a tuple are absent, and they change the Python list", () => {
    withProxy("(1, 2)", (t) => {
      for (const m of ["push", "pop", "splice", "sort", "reverse", "fill"])
        expect(m in t).toBe(false);
    });
    pyodide.runPython("a = ['Blue', 'Humpback', 'Beluga']");
    withProxy("a", (a) => {
      expect(a.sort()).toBe(a);
      expect(pyodide.runPython("a").toJs()).toEqual(["Beluga", "Blue", "Humpback"]);
      expect(a.reverse()).toBe(a);
      expect(a.push("x", "y")).toBe(5);
      expect(a.pop()).toBe("y");
      expect(a.shift()).toBe("Humpback");
      expect(a.unshift(1, 2)).toBe(5);
      expect(pyodide.runPython("a").toJs()).toEqual([1, 2, "Blue", "Beluga", "x"]);
    });
    withProxy("[]", (e) => {
      expect([e.pop(), e.shift(), e.splice()]).toEqual([undefined, undefined, []]);
    });
  });

  test("sort follows JS's order; None is undefined and goes last", () => {
    pyodide.runPython("n = [40, None, 1, 5, 200]; m = ['80', '9', '700', 40, 1, 5, 200]");
    withProxy("n", (n) => {
      expect(n.join()).toBe("40,,1,5,200");
      n.sort();
      expect(pyodide.runPython("n").toJs()).toEqual([1, 200, 40, 5, undefined]);
      n.sort((a, b) => a - b);
      expect(pyodide.runPython("n").toJs()).toEqual([1, 5, 40, 200, undefined]);
    });
    withProxy("m", (m) => {
      m.sort((a, b) => a - b);
      expect(pyodide.runPython("m").toJs()).toEqual([1, 5, "9", 40, "80", 200, "700"]);
      expect(() => m.sort("nope")).toThrow(TypeError);
    });
  });

  test("splice of a list of lists returns the removed proxies (one level converted)", () => {
    withProxy("[[1], [2], [3]]", (l) => {
      const removed = l.splice(0, 2);
      expect(removed).toHaveLength(2);
      expect(removed[0] instanceof ffi.PyProxy).toBe(true);
      expect(removed.map((p) => p.toJs())).toEqual([[1], [2]]);
      removed.forEach((p) => p.destroy());
    });
  });

  test("a sequence that refuses a change reports Python's error", () => {
    pyodide.runPython("import array; arr = array.array('i', [1, 2])");
    withProxy("arr", (a) => {
      expect(() => a.push("x")).toThrow(/TypeError/);
      expect(a.splice(0, 1, 5, 6)).toEqual([1]);
      expect(Array.from(a)).toEqual([5, 6, 2]);
    });
  });
});

describe("dicts: items readable as properties", () => {
  test("attributes first, then str keys, then int keys", () => {
    pyodide.runPython(`d = {1: "int", "1": "string", 2: "int", "3": "string",
     "items": "some value", "$dollar": 8, "$$dollar": 9, (1, 2, 3): 12}`);
    withProxy("d", (d) => {
      expect([d[1], d[2], d.$dollar, d.$$dollar, d.missing]).toEqual([
        "string",
        "int",
        8,
        9,
        undefined,
      ]);
      expect(typeof d.items).toBe("function"); // dict.items, not d["items"]
      const keys = Reflect.ownKeys(d).filter((k) => typeof k !== "symbol");
      expect(keys).toEqual(expect.arrayContaining(["1", "2", "3", "keys", "items", "$dollar"]));
      d[1] = 7; // the str key exists
      d[2] = 99; // no str key "2": the int key
      d[3] = 27;
      d.fresh = 1;
      expect(
        pyodide.runPython("d['1'], d[1], d[2], '2' in d, d['3'], 3 in d, d['fresh']").toJs(),
      ).toEqual([7, "int", 99, false, 27, false, 1]);
      expect(delete d[1]).toBe(true); // "1" first
      expect(pyodide.runPython("1 in d, '1' in d").toJs()).toEqual([true, false]);
      delete d[1]; // then 1
      expect(pyodide.runPython("1 in d")).toBe(false);
      // Gone: refused (a TypeError in strict code, false in sloppy code).
      expect(() => delete d[1]).toThrow(/'deleteProperty' on proxy: trap returned falsish/);
      expect(Object.entries(pyodide.runPython("{'a': 1, 'b': [2]}").asJsJson())).toEqual([
        ["a", 1],
        ["b", expect.anything()],
      ]);
    });
  });
});

describe("asJsJson()", () => {
  test("nested items are JSON views; JSON.stringify gives the data", () => {
    for (const o of [
      "[7]",
      "[[7]]",
      "{'c': 7}",
      "{'c': [7]}",
      "[1, {'c': 2}]",
      "[1, 2, {'a': 3, 'b': {'c': 4, 'd': [1, {'c': 2}]}}]",
    ]) {
      withProxy(o, (p) => {
        const expected = pyodide.runPython(`import json; json.dumps(${o}, separators=(',', ':'))`);
        expect(JSON.stringify(p.asJsJson())).toBe(expected);
      });
    }
    withProxy("[1, 2, {'a': 3, 'b': {'c': 4, 'd': [1, {'c': 2}]}}]", (o) => {
      const j = o.asJsJson();
      expect([j[0], j[2].a, j[2].b.c, j[2].b.d[1].c]).toEqual([1, 3, 4, 2]);
      o.destroy();
      expect(() => j[0]).toThrow(/already been destroyed/); // one lifetime
    });
  });

  test("a mapping's keys: str, and int/float as their str()", () => {
    withProxy(
      "{1: 'int', '1': 'string', 2: 'int', '3': 'string', 'items': 1, (1, 2): 12, 1.5: 'f'}",
      (d) => {
        expect(new Set(Reflect.ownKeys(d.asJsJson()))).toEqual(
          new Set(["1", "2", "3", "items", "1.5"]),
        );
      },
    );
    withProxy("{0: 'a', '1': 'b', '3c': 4}", (o) => {
      const j = o.asJsJson();
      expect([j[""], j[0], j["0"], j.get(0), j.get("0"), j[1], j.get(1), j["3c"]]).toEqual([
        undefined,
        "a",
        "a",
        "a",
        undefined,
        "b",
        undefined,
        4,
      ]);
      expect(typeof j.toString).toBe("function");
    });
  });

  test("writes: property names become keys (integer-looking ones ints)", () => {
    pyodide.runPython("o = {}");
    withProxy("o", (o) => {
      const x = o.asJsJson();
      x.a = 1;
      x[2] = 3;
      x["4"] = 5;
      x[""] = 6;
      expect(x[0]).toBeUndefined();
      expect(pyodide.runPython("o == {'a': 1, 2: 3, 4: 5, '': 6}")).toBe(true);
      expect(delete x.a).toBe(true);
      expect(() => delete x.nothing).toThrow(TypeError); // no such key: refused
      expect(pyodide.runPython("'a' in o")).toBe(false);
    });
  });

  test("only objects with __getitem__ have it", () => {
    for (const code of ["NoImpls()", "Len()", "Iter()"])
      withProxy(code, (p) => expect("asJsJson" in p).toBe(false));
  });
});

describe("generators", () => {
  beforeAll(() =>
    pyodide.runPython(`
def g1():
    yield 1
    yield 2
def g2():
    try:
        yield 1
        yield 2
    finally:
        yield 3
        return 5
def g3():
    try:
        yield 1
        yield 2
    finally:
        return 3
def acc():
    n = 0
    for _ in range(3):
        n = yield n + 2
`),
  );
  const steps = (g, f) => withProxy(g, f);

  test("next(value) sends the value, as a JS generator's next", () => {
    steps("acc()", (g) => {
      expect([g.next(), g.next(3), g.next(4), g.next(5), g.next()]).toEqual([
        { done: false, value: 2 },
        { done: false, value: 5 },
        { done: false, value: 6 },
        { done: true, value: undefined },
        { done: true, value: undefined },
      ]);
    });
    steps("iter([1, 2])", (it) => expect([...it]).toEqual([1, 2]));
  });

  test("return(value)", () => {
    steps("g1()", (g) =>
      expect([g.next(), g.return(5), g.next()]).toEqual([
        { done: false, value: 1 },
        { done: true, value: 5 },
        { done: true, value: undefined },
      ]),
    );
    steps("g2()", (g) =>
      expect([g.next(), g.return(5), g.next()]).toEqual([
        { done: false, value: 1 },
        { done: false, value: 3 },
        { done: true, value: 5 },
      ]),
    );
    steps("g3()", (g) =>
      expect([g.next(), g.return(5)]).toEqual([
        { done: false, value: 1 },
        { done: true, value: 3 },
      ]),
    );
  });

  test("throw(error): the original JS error comes back if the generator lets it through", () => {
    const err = new TypeError("hi");
    steps("g1()", (g) => {
      g.next();
      let thrown;
      try {
        g.throw(err);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBe(err);
      expect(g.next()).toEqual({ done: true, value: undefined });
    });
    steps("g2()", (g) =>
      expect([g.next(), g.throw(err), g.next()]).toEqual([
        { done: false, value: 1 },
        { done: false, value: 3 },
        { done: true, value: 5 },
      ]),
    );
    steps("g3()", (g) =>
      expect([g.next(), g.throw(err)]).toEqual([
        { done: false, value: 1 },
        { done: true, value: 3 },
      ]),
    );
    // A Python exception (a PyProxy of it) is thrown as itself.
    steps("g1()", (g) => {
      g.next();
      const exc = pyodide.runPython("KeyError('k')");
      expect(() => g.throw(exc)).toThrow(/KeyError: 'k'/);
      exc.destroy();
    });
    steps("g1()", (g) => expect(() => g.throw(42)).toThrow(/JsException|42/));
  });

  test("errors in the generator are PythonErrors; break in for-of closes it", () => {
    pyodide.runPython(
      "def bad():\n    yield 1\n    raise Exception('hi')\nclosed = []\ndef watched():\n    try:\n        yield 1\n        yield 2\n    finally:\n        closed.append(1)",
    );
    steps("bad()", (g) => {
      expect(g.next().value).toBe(1);
      expect(() => g.next()).toThrow(ffi.PythonError);
    });
    steps("watched()", (g) => {
      for (const x of g) if (x === 1) break;
      expect(pyodide.runPython("closed").toJs()).toEqual([1]);
    });
    pyodide.runPython("class T:\n    def __iter__(self): raise Exception('hi')");
    withProxy("T()", (t) => expect(() => t[Symbol.iterator]()).toThrow(/Exception: hi/));
    steps("acc()", (g) => expect(() => g.next(3)).toThrow(/can't send non-None value/));
  });
});

describe("async iteration and awaitables", () => {
  beforeAll(() =>
    pyodide.runPython(`
async def ag1():
    yield 1
    yield 2
async def ag2():
    try:
        yield 1
        yield 2
    finally:
        yield 3
        return
async def ag3():
    try:
        yield 1
        yield 2
    finally:
        return
async def acc_async():
    n = 0
    for _ in range(3):
        n = yield n + 2
class AIterable:
    async def __aiter__(self):
        yield 1
        yield 2
class AIterator:
    def __init__(self): self.i = 0
    def __aiter__(self): return self
    async def __anext__(self):
        self.i += 1
        if self.i > 2: raise StopAsyncIteration
        return self.i
async def coro(x):
    return x * 2
async def fails():
    raise ValueError("no")
`),
  );

  test("for await over async generators, async iterables and async iterators", async () => {
    for (const code of ["ag1()", "AIterable()", "AIterator()"]) {
      const p = pyodide.runPython(code);
      expect(p instanceof ffi.PyAsyncIterable).toBe(true);
      const out = [];
      for await (const x of p) out.push(x);
      expect([code, out]).toEqual([code, [1, 2]]);
      p.destroy();
    }
  });

  test("next(value), return(value), throw(error) give promises of steps", async () => {
    const g = pyodide.runPython("acc_async()");
    expect([await g.next(), await g.next(3), await g.next(4), await g.next(5)]).toEqual([
      { done: false, value: 2 },
      { done: false, value: 5 },
      { done: false, value: 6 },
      { done: true, value: undefined },
    ]);
    g.destroy();
    const run = async (code, f) => {
      const p = pyodide.runPython(code);
      try {
        return await f(p);
      } finally {
        p.destroy();
      }
    };
    expect(await run("ag1()", async (g) => [await g.next(), await g.return(5)])).toEqual([
      { done: false, value: 1 },
      { done: true, value: 5 },
    ]);
    expect(
      await run("ag2()", async (g) => [await g.next(), await g.return(5), await g.next()]),
    ).toEqual([
      { done: false, value: 1 },
      { done: false, value: 3 },
      { done: true, value: undefined },
    ]);
    expect(await run("ag3()", async (g) => [await g.next(), await g.return(5)])).toEqual([
      { done: false, value: 1 },
      { done: true, value: undefined },
    ]);
    const err = new TypeError("hi");
    await run("ag1()", async (g) => {
      await g.next();
      await expect(g.throw(err)).rejects.toBe(err);
    });
    expect(
      await run("ag2()", async (g) => [await g.next(), await g.throw(err), await g.next()]),
    ).toEqual([
      { done: false, value: 1 },
      { done: false, value: 3 },
      { done: true, value: undefined },
    ]);
  });

  test("awaitables: then, catch, finally; errors reject", async () => {
    const f = pyodide.globals.get("coro");
    expect(await f(21)).toBe(42);
    const seen = [];
    await f(1).finally(() => seen.push("finally"));
    expect(seen).toEqual(["finally"]);
    const fails = pyodide.globals.get("fails");
    await expect(fails()).rejects.toThrow(/ValueError: no/);
    expect(await fails().catch((e) => e.type)).toBe("ValueError");
    f.destroy();
    fails.destroy();
  });

  test("a destroyed async generator rejects instead of throwing", async () => {
    const g = pyodide.runPython("ag1()");
    g.destroy();
    await expect(g.next()).rejects.toThrow(/already been destroyed/);
  });
});

describe("destroy, Symbol.dispose and setDebug", () => {
  test("Symbol.dispose destroys; a second destroy does nothing", () => {
    const d = pyodide.runPython("{'a': 2}");
    expect(typeof d[Symbol.dispose]).toBe("function");
    d[Symbol.dispose]();
    expect(() => d.a).toThrow(/already been destroyed/);
    d.destroy();
  });

  test("destroy({message}) and its bad options", () => {
    const d = pyodide.runPython("[]");
    expect(() => d.destroy(5)).toThrow(/options must be an object/);
    expect(() => d.destroy({ message: 5 })).toThrow(/message must be a string/);
    d.destroy({ message: "gone for good" });
    expect(() => d.length).toThrow(/^gone for good/);
  });

  test("setDebug returns the old value; on, a destroyed proxy's error has its repr", () => {
    // (On an object of its own: Jest watches what is stored on globalThis.)
    const kept = {};
    globalThis.pyxisKeep = (x) => {
      kept.proxy = x;
    };
    expect(pyodide.setDebug(true)).toBe(false);
    try {
      const l = pyodide.runPython("[1, 'x']");
      l.destroy();
      expect(() => l.length).toThrow(
        /^Object has already been destroyed\nThe object was of type "list" and had repr "\[1, 'x'\]"$/,
      );
      pyodide.runPython("class BadRepr:\n    def __repr__(self): raise Exception('no')");
      const b = pyodide.runPython("BadRepr()");
      b.destroy();
      expect(() => b.type).toThrow(
        'The object was of type "BadRepr" and an error was raised when trying to generate its repr',
      );
      pyodide.runPython("from js import pyxisKeep; pyxisKeep([])");
      expect(() => kept.proxy.length).toThrow(
        /^This borrowed proxy was automatically destroyed at the end of a function call.*\nThe object was of type "list" and had repr "\[\]"/,
      );
      expect(pyodide.setDebug(false)).toBe(true);
      pyodide.runPython("pyxisKeep([])");
      expect(() => kept.proxy.length).toThrow(
        /^This borrowed proxy was automatically destroyed at the end of a function call.*\nFor more information about the cause of this error, use `pyodide.setDebug\(true\)`/,
      );
    } finally {
      pyodide.setDebug(false);
      delete globalThis.pyxisKeep;
    }
    expect(() => pyodide.setDebug("yes")).toThrow(/debug must be a boolean/);
    expect(pyodide.setDebug(false)).toBe(false);
  });
});

test("after all these misuses the runtime still works, without leaked proxies", () => {
  const before = pyodide._debug.liveCounts();
  withProxy("[3, 1, 2]", (l) => {
    expect(() => l.splice(1n)).toThrow(TypeError);
    expect(() => l.fill()).not.toThrow();
    expect(() => Object.getPrototypeOf(l).get.call({}, 0)).toThrow(/not a PyProxy/);
  });
  expect(pyodide.runPython("1 + 1")).toBe(2);
  expect(pyodide._debug.liveCounts()).toEqual(before);
});
