// Deep recursion in C (nested data), recursion from C into Python, and
// Python <-> JS alternation raise RecursionError instead of overflowing the
// JS engine's stack (cpython/patches/0001-..., JS_CALL_C_STACK_UNITS in
// src/core/jsproxy.c): the runtime stays usable. (CPython does not guard
// every recursive C path: hashing a tuple nested 20,000 deep still
// overflows, a fatal error as natively.)
import { loadCaptured } from "../helpers.mjs";

test("deeply nested data raises RecursionError, and the runtime goes on", async () => {
  const { pyodide } = await loadCaptured();
  const result = pyodide.runPython(`
import copy, json, sys
sys.setrecursionlimit(100_000)
x = []; y = []; t = (); d = {}
for _ in range(20_000):
    x = [x]; y = [y]; t = (t,); d = {'k': d}
outcome = {}
for name, op in [('json', lambda: json.dumps(x)), ('repr', lambda: repr(x)), ('eq', lambda: x == y),
                 ('str', lambda: str(d)), ('deepcopy', lambda: copy.deepcopy(x))]:
    try:
        op()
        outcome[name] = 'ok'
    except RecursionError:
        outcome[name] = 'RecursionError'
json.dumps(outcome, sort_keys=True)`);
  const outcome = JSON.parse(result);
  // deepcopy recurses mostly in Python: finishing is fine too, crashing is not.
  expect(["ok", "RecursionError"]).toContain(outcome.deepcopy);
  delete outcome.deepcopy;
  expect(outcome).toEqual({
    eq: "RecursionError",
    json: "RecursionError",
    repr: "RecursionError",
    str: "RecursionError",
  });
  expect(pyodide.runPython("sys.setrecursionlimit(1000); 1 + 1")).toBe(2);
});

// Each of these recursed until V8's stack overflowed (a fatal error) before
// the C recursion accounting was sized for it.
test.each([
  [
    "a __repr__ calling repr",
    `class N:
    def __init__(self, c): self.c = c
    def __repr__(self): return f"N({self.c!r})"
x = None
for _ in range(5000): x = N(x)
repr(x)`,
  ],
  ["map into Python", "def f(n): return list(map(f, [n + 1]))\nf(0)"],
  ["sorted keys into Python", "def k(n): return sorted([n + 1], key=k)\nk(0)"],
  ["a generator chain", "def g(n): yield from g(n + 1)\nlist(g(0))"],
  [
    "Python -> JS -> Python alternation",
    "import js\ndef down(n): return js.pyxisTestUp(n + 1)\njs.pyxisTestDown = down\ndown(0)",
  ],
])("%s raises RecursionError and the runtime goes on", async (name, code) => {
  const { pyodide } = await loadCaptured();
  globalThis.pyxisTestUp = (n) => globalThis.pyxisTestDown(n);
  try {
    pyodide.runPython("import sys; sys.setrecursionlimit(100_000)");
    let err;
    try {
      pyodide.runPython(code);
    } catch (e) {
      err = e;
    }
    expect(err?.type).toBe("RecursionError");
    expect(pyodide.runPython("sys.setrecursionlimit(1000); 6 * 7")).toBe(42);
  } finally {
    delete globalThis.pyxisTestUp;
    delete globalThis.pyxisTestDown;
  }
});

test("150 Python <-> JS alternations work; deep C work inside them still raises cleanly", async () => {
  const { pyodide } = await loadCaptured();
  pyodide.runPython(`
import js, json
def down(n, limit, then):
    return then() if n >= limit else js.pyxisTestUp(n + 1, limit, then)
`);
  const down = pyodide.globals.get("down");
  globalThis.pyxisTestUp = (n, limit, then) => down(n, limit, then);
  try {
    expect(pyodide.runPython("down(0, 150, lambda: 'bottom')")).toBe("bottom");
    // At depth 120, C recursion and JS recursion get what is left, and stop cleanly.
    const deepJson = pyodide.runPython(`
x = []
for _ in range(50_000): x = [x]
def dump():
    try:
        json.dumps(x)
    except RecursionError:
        return "RecursionError"
down(0, 120, dump)`);
    expect(deepJson).toBe("RecursionError");
    globalThis.pyxisTestJsDeep = () => {
      const f = (n) => (n === 0 ? 0 : 1 + f(n - 1));
      return f(1e6); // overflows the stack in JS alone
    };
    const jsDeep = pyodide.runPython(`
def js_deep():
    try:
        js.pyxisTestJsDeep()
    except RecursionError as e:
        return str(e)
down(0, 120, js_deep)`);
    expect(jsDeep).toMatch(/maximum recursion depth exceeded in JavaScript/);
    expect(pyodide.runPython("down(0, 150, lambda: 6 * 7)")).toBe(42);
  } finally {
    down.destroy();
    delete globalThis.pyxisTestUp;
    delete globalThis.pyxisTestJsDeep;
  }
});
