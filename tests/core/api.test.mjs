// The JS API: globals, runPython with namespaces, pyimport, registerJsModule,
// toPy, the seed's examples, interrupts.
import { loadCaptured } from "../helpers.mjs";

let pyodide, out;
beforeAll(async () => {
  ({ pyodide, out } = await loadCaptured());
});
beforeEach(() => (out.length = 0));

describe("the JS API", () => {
  test("globals.get/set", () => {
    pyodide.globals.set("fromJs", 5);
    expect(pyodide.runPython("fromJs * 2")).toBe(10);
    pyodide.runPython("fromPy = 'hi'");
    expect(pyodide.globals.get("fromPy")).toBe("hi");
  });

  test("globals.get/has see the builtins, as a name in Python code does", () => {
    const dict = pyodide.globals.get("dict");
    const d = dict([["x", 7]]);
    expect(d.type).toBe("dict");
    expect(d.get("x")).toBe(7);
    expect([..."open globals absent_name".split(" ")].map((k) => pyodide.globals.has(k))).toEqual([
      true,
      true,
      false,
    ]);
    expect(() => pyodide.runPython("del open")).toThrow(/NameError/);
    expect(pyodide.globals.get("open").type).toBe("builtin_function_or_method");
    // a global shadows the builtin; the namespace itself is __main__'s dict
    pyodide.runPython("len = 5");
    expect(pyodide.globals.get("len")).toBe(5);
    pyodide.globals.delete("len");
    expect(pyodide.globals.get("len").type).toBe("builtin_function_or_method");
    expect(pyodide.runPython("import __main__; __main__.__dict__ is globals()")).toBe(true);
    expect(pyodide.globals.toJs({ depth: 1 }).fromPy).toBe("hi");
    for (const p of [dict, d]) p.destroy();
  });

  test("runPython with globals and locals", () => {
    const ns = pyodide.runPython("{}");
    pyodide.runPython("z = 1", { globals: ns });
    expect(ns.get("z")).toBe(1);
    expect(pyodide.runPython("'z' in globals()")).toBe(false);
    expect(() => pyodide.runPython("1", { globals: 5 })).toThrow(/must be dicts/);
    ns.destroy();
  });

  test("runPython and runPythonAsync dedent their code, as Pyodide does", async () => {
    const code = `
      def f(x):
          return x + 1
      f(1)`;
    expect(pyodide.runPython(code)).toBe(2);
    expect(await pyodide.runPythonAsync(code)).toBe(2);
    expect(() => pyodide.runPython("  a = 1\n b = 2")).toThrow(/IndentationError/);
    expect(() => pyodide.runPython(5)).toThrow(/code must be a str/);
  });

  test("a failed run leaves its error in sys.last_exc, as in Pyodide", () => {
    expect(() => pyodide.runPython("x = ValueError(77); raise x")).toThrow(/ValueError: 77/);
    expect(
      pyodide
        .runPython(
          `
        import sys
        [sys.last_exc is x, sys.last_value is x, sys.last_type is ValueError,
         sys.last_traceback is x.__traceback__]`,
        )
        .toJs(),
    ).toEqual([true, true, true, true]);
  });

  test.each(["runPython", "runPythonAsync"])(
    "%s: tracebacks start at the code and show its lines under its filename",
    async (run) => {
      const code = `
        def f1():
            f2()

        def f2():
            raise Exception("oops")

        f1()`;
      let message;
      try {
        await pyodide[run](code, { filename: "a.py" });
      } catch (e) {
        message = e.message;
      }
      expect(message).toMatch(/^Traceback \(most recent call last\):\n {2}File "a\.py", line 8/);
      expect(message).toContain('File "a.py", line 3, in f1\n    f2()');
      expect(message).toContain('raise Exception("oops")');
      expect(message).not.toContain("_pyxis");
    },
  );

  test("sys.path starts with the working directory, as in Pyodide", () => {
    expect(pyodide.runPython("import sys; sys.path[0]")).toBe("");
  });

  test("pyimport", () => {
    const json = pyodide.pyimport("json");
    expect(json.dumps(json.loads("[1, 2]"))).toBe("[1, 2]");
    json.destroy();
    expect(() => pyodide.pyimport("no_such_mod")).toThrow(/ModuleNotFoundError/);
  });

  test("registerJsModule / unregisterJsModule", () => {
    pyodide.registerJsModule("mymod", { answer: 42, sub: { deep: "yes" } });
    expect(
      pyodide.runPython("import mymod; from mymod.sub import deep; [mymod.answer, deep]").toJs(),
    ).toEqual([42, "yes"]);
    pyodide.unregisterJsModule("mymod");
    // As in Pyodide: an imported module stays in sys.modules; a new import fails.
    expect(pyodide.runPython("import mymod; mymod.answer")).toBe(42);
    pyodide.runPython("import sys; del sys.modules['mymod'], sys.modules['mymod.sub']");
    expect(() => pyodide.runPython("import mymod")).toThrow(/ModuleNotFoundError/);
    expect(() => pyodide.unregisterJsModule("mymod")).toThrow(
      /Cannot unregister 'mymod': no Javascript module with that name is registered/,
    );
  });

  test("from a JS module import *: its own enumerable names", () => {
    pyodide.registerJsModule("starmod", Object.preventExtensions({ a: 2, f: (x) => x + 1, _h: 1 }));
    expect(
      pyodide
        .runPython(
          `
g = {}
exec("from starmod import *", g)
[sorted(k for k in g if k != "__builtins__"), g["f"](9)]`,
        )
        .toJs(),
    ).toEqual([["a", "f"], 10]);
    pyodide.unregisterJsModule("starmod");
  });

  test("toPy", () => {
    const p = pyodide.toPy({ a: [1, 2, { b: new Map([["c", 3]]) }], s: new Set([1]) });
    expect(p.type).toBe("dict");
    expect(pyodide.runPython("lambda d: repr(d)")(p)).toBe(
      "{'a': [1, 2, {'b': {'c': 3}}], 's': {1}}",
    );
    expect(pyodide.toPy(5)).toBe(5);
    p.destroy();
  });

  test("the seed's examples: from js import ..., window.title, a Python global from JS", () => {
    globalThis.secret = "sesame";
    globalThis.window = globalThis;
    pyodide.runPython("from js import secret, window\nwindow.title = 'set from Python: ' + secret");
    expect(globalThis.title).toBe("set from Python: sesame");
    pyodide.runPython("answer = 42");
    expect(pyodide.globals.get("answer")).toBe(42);
    delete globalThis.window;
  });

  test("interrupts: writing 2 to the buffer raises KeyboardInterrupt", () => {
    const buf = new Int32Array(1);
    pyodide.setInterruptBuffer(buf);
    buf[0] = 2;
    expect(() => pyodide.checkInterrupt()).toThrow(/KeyboardInterrupt/);
    buf[0] = 2;
    expect(() => pyodide.runPython("while True: pass")).toThrow(/KeyboardInterrupt/);
    pyodide.setInterruptBuffer(undefined);
    expect(pyodide.runPython("1")).toBe(1);
    // any typed array of numbers will do
    const small = new Int8Array(1);
    pyodide.setInterruptBuffer(small);
    small[0] = 2;
    expect(() => pyodide.checkInterrupt()).toThrow(/KeyboardInterrupt/);
    pyodide.setInterruptBuffer(undefined);
    for (const bad of [new DataView(new ArrayBuffer(4)), new BigInt64Array(1), [2]])
      expect(() => pyodide.setInterruptBuffer(bad)).toThrow(/typed array of numbers/);
  });
});
