// The bad-input corpus: each row is input a user can send by mistake or on
// purpose. Each gets a clear error (a PythonError with the Python traceback
// in JS, a Python exception in Python) and afterwards the same runtime still
// runs Python, with earlier globals and files in the virtual FS intact.
// (The loader's rows, malformed lockfiles and bad downloads, are in
// tests/packages/.)
import { loadCaptured } from "../helpers.mjs";

let pyodide;
let runtimeOut;
beforeAll(async () => {
  const r = await loadCaptured();
  pyodide = r.pyodide;
  runtimeOut = r;
  pyodide.runPython(`
sentinel = {"kept": [1, 2, 3]}
with open("/home/pyodide/sentinel.txt", "w") as f:
    f.write("still here")
`);
});

// After every row: Python runs, and the globals and files made before are intact.
afterEach(() => {
  expect(pyodide.runPython("6 * 7")).toBe(42);
  expect(pyodide.runPython("sentinel['kept'][2]")).toBe(3);
  expect(pyodide.runPython("open('/home/pyodide/sentinel.txt').read()")).toBe("still here");
  expect(pyodide.FS.readFile("/home/pyodide/sentinel.txt", { encoding: "utf8" })).toBe(
    "still here",
  );
});

// The PythonError a call threw (fails the test if it did not throw).
function pyError(f) {
  try {
    f();
  } catch (err) {
    return err;
  }
  throw new Error("expected the call to throw");
}
async function pyErrorAsync(p) {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error("expected the promise to reject");
}

describe("Python errors", () => {
  test("a syntax error", () => {
    const err = pyError(() => pyodide.runPython("x = = 1"));
    expect(err).toBeInstanceOf(pyodide.ffi.PythonError);
    expect(err.type).toBe("SyntaxError");
    expect(err.message).toMatch(/SyntaxError: invalid syntax/);
  });

  test("an indentation error", () => {
    const err = pyError(() => pyodide.runPython("if True:\nx = 1"));
    expect(err.type).toBe("IndentationError");
    expect(err.message).toMatch(/expected an indented block/);
  });

  test("an exception whose __str__ raises", () => {
    const err = pyError(() =>
      pyodide.runPython(`
class Nasty(Exception):
    def __str__(self):
        raise RuntimeError("no str for you")
raise Nasty()`),
    );
    expect(err.type).toBe("Nasty");
    expect(err.message).toMatch(/Nasty/);
  });

  test("an exception raised while the traceback is formatted", () => {
    const err = pyError(() =>
      pyodide.runPython(`
import traceback
_saved = traceback.format_exception
def _broken(*a, **k):
    raise RuntimeError("formatting failed")
traceback.format_exception = _broken
try:
    raise ValueError("the original")
finally:
    pass`),
    );
    pyodide.runPython("traceback.format_exception = _saved");
    expect(err.type).toBe("ValueError");
    expect(err.message).toMatch(/ValueError|could not be formatted/);
  });

  test("an exception with odd __notes__ and a cyclic __context__", () => {
    const err = pyError(() =>
      pyodide.runPython(`
a = ValueError("a"); b = KeyError("b")
a.__context__ = b; b.__context__ = a
a.__notes__ = [object(), 42]
raise a`),
    );
    expect(err.type).toBe("ValueError");
  });

  test("unbounded Python recursion", () => {
    const err = pyError(() => pyodide.runPython("def f(): return f()\nf()"));
    expect(err.type).toBe("RecursionError");
  });

  test.each([
    ["json.dumps", "json.dumps(x)"],
    ["repr", "repr(x)"],
    ["==", "x == y"],
  ])("deep C recursion (%s of data nested 100k deep)", (name, expr) => {
    const err = pyError(() =>
      pyodide.runPython(`
import json, sys
sys.setrecursionlimit(200_000)
x = []; y = []
for _ in range(100_000):
    x = [x]; y = [y]
try:
    ${expr}
finally:
    sys.setrecursionlimit(1000)`),
    );
    expect(err.type).toBe("RecursionError");
    pyodide.runPython("del x, y");
  });

  test("alternating Python <-> JS recursion", () => {
    pyodide.runPython(`
import js
def down(n):
    return js.pyxisTestUp(n + 1)
`);
    const down = pyodide.globals.get("down");
    globalThis.pyxisTestUp = (n) => down(n);
    try {
      const err = pyError(() => pyodide.runPython("down(0)"));
      expect(err.type).toBe("RecursionError");
      expect(err.message).toMatch(/RecursionError/);
    } finally {
      down.destroy();
      delete globalThis.pyxisTestUp;
    }
  });

  test("a destroyed proxy used again", () => {
    const d = pyodide.runPython("{'a': 1}");
    d.destroy();
    expect(() => d.get("a")).toThrow(/^Object has already been destroyed \(a PyProxy of a 'dict'/);
    expect(() => d.toString()).toThrow(/already been destroyed/);
  });

  test("a proxy kept after runPython threw still works", () => {
    const f = pyodide.runPython("def kept(x): return x * 2\nkept");
    expect(() => pyodide.runPython("raise ValueError('boom')")).toThrow(/ValueError: boom/);
    expect(f(21)).toBe(42);
    f.destroy();
  });

  test.each([
    ["sys.exit()", "import sys; sys.exit()", /SystemExit/],
    ["sys.exit(3)", "import sys; sys.exit(3)", /SystemExit: 3/],
    ["SystemExit('a message')", "raise SystemExit('a message')", /SystemExit: a message/],
    ["SystemExit(2**70)", "raise SystemExit(2**70)", /SystemExit: 1180591620717411303424/],
    ["SystemExit([1])", "raise SystemExit([1])", /SystemExit: \[1\]/],
    ["os._exit(5)", "import os; os._exit(5)", /SystemExit: 5/],
  ])("%s from runPython", (name, code, message) => {
    const err = pyError(() => pyodide.runPython(code));
    expect(err.type).toBe("SystemExit");
    expect(err.message).toMatch(message);
  });
});

describe("errors thrown from JS", () => {
  const cases = [
    ["throw 42", () => 42, /42/],
    ["throw undefined", () => undefined, /undefined/],
    ["throw null", () => null, /null/],
    ["throw 'a string'", () => "a string", /a string/],
    [
      "a thrown revoked Proxy",
      () => {
        const { proxy, revoke } = Proxy.revocable({}, {});
        revoke();
        return proxy;
      },
      /JsException/,
    ],
    [
      "an object whose every conversion to text throws",
      () => {
        const hostile = {};
        for (const key of [
          "name",
          "message",
          "toString",
          "valueOf",
          Symbol.toStringTag,
          Symbol.toPrimitive,
        ]) {
          Object.defineProperty(hostile, key, {
            get() {
              throw new Error("hostile");
            },
          });
        }
        return hostile;
      },
      /JsException/,
    ],
    [
      "an error whose toString and name getters throw",
      () => {
        const e = new Error("hostile");
        Object.defineProperty(e, "name", {
          get() {
            throw new Error("no name");
          },
        });
        return e;
      },
      /JsException/,
    ],
  ];
  test.each(cases)("%s becomes a catchable JsException", (name, make, message) => {
    globalThis.pyxisTestThrow = () => {
      throw make();
    };
    try {
      const result = pyodide.runPython(`
from pyodide.ffi import JsException
import js
try:
    js.pyxisTestThrow()
    outcome = "no error"
except JsException as e:
    outcome = "JsException: " + str(e)
outcome`);
      expect(result).toMatch(message);
      // Uncaught, it comes back to JS as the very value thrown.
      const thrown = pyError(() => pyodide.runPython("js.pyxisTestThrow()"));
      if (name.startsWith("throw ")) expect(thrown).toBe(make());
    } finally {
      delete globalThis.pyxisTestThrow;
    }
  });

  test("a JS function returning a thenable whose then throws, with borrowed proxies", () => {
    globalThis.pyxisTestThenable = () => ({
      then() {
        throw new Error("then exploded");
      },
    });
    // (Kept in a closure: Jest's teardown walks what globalThis holds.)
    let kept;
    globalThis.pyxisTestKeep = (p) => {
      kept = p;
      return p.length;
    };
    try {
      pyodide.runPython("import js\nfrom pyodide.ffi import JsException");
      const before = pyodide._debug.liveCounts();
      const result = pyodide.runPython(`
try:
    js.pyxisTestThenable({"a": 1})   # a dict: a borrowed PyProxy argument
    outcome = "no error"
except JsException as e:
    outcome = str(e)
outcome`);
      expect(result).toMatch(/then exploded/);
      // The borrowed proxy was released and the borrow count is in step:
      // the next call's borrowed argument is destroyed when it returns.
      expect(pyodide._debug.liveCounts()).toEqual(before);
      expect(pyodide.runPython("js.pyxisTestKeep([1, 2, 3])")).toBe(3);
      expect(() => kept.length).toThrow(/borrowed proxy was automatically destroyed/);
      expect(pyodide._debug.liveCounts()).toEqual(before);
    } finally {
      delete globalThis.pyxisTestThenable;
      delete globalThis.pyxisTestKeep;
    }
  });
});

describe("wrong arguments from JS", () => {
  test.each([
    ["runPython(42)", () => pyodide.runPython(42), TypeError],
    ["runPython(code, 5)", () => pyodide.runPython("1", 5), TypeError],
    ["runPython(code, {unknown})", () => pyodide.runPython("1", { nope: 1 }), /nope/],
    ["pyimport(undefined)", () => pyodide.pyimport(undefined), TypeError],
    ["pyimport('no_such_module')", () => pyodide.pyimport("no_such_module"), /ModuleNotFoundError/],
    ["setInterruptBuffer('x')", () => pyodide.setInterruptBuffer("x"), TypeError],
    ["registerJsModule(5, {})", () => pyodide.registerJsModule(5, {}), /not a valid module name/],
    ["callKwargs without an object", () => pyodide.runPython("len").callKwargs(1), TypeError],
    [
      "a PyProxy called with too many arguments",
      () => pyodide.runPython("len")(1, 2, 3),
      /TypeError/,
    ],
    // A list has no buffer, so its proxy has no getBuffer.
    ["getBuffer of an object without one", () => pyodide.runPython("[1]").getBuffer(), TypeError],
    [
      "getBuffer with an unknown type",
      () => pyodide.runPython("b'ab'").getBuffer("i7"),
      /unknown type/,
    ],
  ])("%s", (name, f, what) => {
    expect(f).toThrow(what);
  });
});

test("globals.get() of a missing name is undefined", () => {
  expect(pyodide.globals.get("surely_missing")).toBeUndefined();
});

describe("resources", () => {
  test("a long loop interrupted through the interrupt buffer", () => {
    const buffer = new Int32Array(new SharedArrayBuffer(4));
    pyodide.setInterruptBuffer(buffer);
    let n = 0;
    globalThis.pyxisTestTick = () => {
      if (++n === 10_000) buffer[0] = 2; // SIGINT
    };
    try {
      const err = pyError(() =>
        pyodide.runPython("import js\nwhile True:\n    js.pyxisTestTick()"),
      );
      expect(err.type).toBe("KeyboardInterrupt");
      expect(n).toBeGreaterThanOrEqual(10_000);
      expect(buffer[0]).toBe(0); // consumed
    } finally {
      pyodide.setInterruptBuffer(undefined);
      delete globalThis.pyxisTestTick;
    }
  });

  test("100 MB strings and bytes, both ways", () => {
    const n = 100 * 1024 * 1024;
    const s = pyodide.runPython(`big = "x" * ${n} + "é"; big`);
    expect(s.length).toBe(n + 1);
    expect(s.endsWith("xé")).toBe(true);
    const back = pyodide.runPython("len")("y".repeat(n) + "\ud800");
    expect(back).toBe(n + 1);
    const bytes = pyodide.runPython(`
from pyodide.ffi import to_js
to_js(bytes(range(256)) * ${n / 256})`);
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(bytes.length).toBe(n);
    expect(bytes[n - 1]).toBe(255);
    const toBytes = pyodide.runPython(
      "def to_bytes(x):\n    b = x.to_bytes()\n    return [len(b), b[-1]]\nto_bytes",
    );
    const result = toBytes(new Uint8Array(n).fill(7));
    expect(result.toJs()).toEqual([n, 7]);
    result.destroy();
    toBytes.destroy();
    pyodide.runPython("del big");
  });

  test("cyclic structures through to_js and toPy", () => {
    const a = pyodide.runPython(`
from pyodide.ffi import to_js
cyc = [1]; cyc.append(cyc)
to_js(cyc)`);
    expect(a[0]).toBe(1);
    expect(a[1]).toBe(a);
    const o = { n: 1 };
    o.self = o;
    const py = pyodide.toPy(o);
    expect(pyodide.runPython("lambda d: d['self'] is d")(py)).toBe(true);
    py.destroy();
  });

  test("very deep structures through to_js and toPy raise RecursionError", () => {
    const err = pyError(() =>
      pyodide.runPython(`
from pyodide.ffi import to_js
deep = []
for _ in range(100_000):
    deep = [deep]
to_js(deep)`),
    );
    expect(err.type).toBe("RecursionError");
    let deep = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const err2 = pyError(() => pyodide.toPy(deep));
    expect(err2.message).toMatch(/RecursionError/);
    pyodide.runPython("del deep");
  });
});

describe("memory exhaustion (a runtime of its own)", () => {
  test("bytearray(3 * 2**30) and a list that grows without end raise MemoryError", async () => {
    const { pyodide: py } = await loadCaptured();
    py.runPython("kept = 'before'");
    // wasm32 is a 32-bit platform: a size beyond 2**31 - 1 does not fit
    // Py_ssize_t, an OverflowError as on any 32-bit CPython; below it, wasm
    // memory (2 GB at most) runs out: MemoryError.
    const over = pyError(() => py.runPython("bytearray(3 * 2**30)"));
    expect(over.type).toBe("OverflowError");
    expect(over.message).toMatch(/cannot fit 'int' into an index-sized integer/);
    const big = pyError(() => py.runPython("bytearray(2**31 - 1)"));
    expect(big.type).toBe("MemoryError");
    const grow = pyError(() =>
      py.runPython(`
chunks = []
while True:
    chunks.append(bytearray(16 * 2**20))`),
    );
    expect(grow.type).toBe("MemoryError");
    py.runPython("del chunks");
    expect(py.runPython("len(bytearray(50 * 2**20)) + len([0] * 10**6)")).toBe(
      50 * 2 ** 20 + 10 ** 6,
    );
    expect(py.runPython("kept")).toBe("before");
  });
});
