// Deep recursion in C (nested data) raises RecursionError instead of
// overflowing the JS engine's stack (cpython/patches/0001-...): the runtime
// stays usable. (CPython does not guard every recursive C path: hashing a
// tuple nested 20,000 deep still overflows, a fatal error as natively.)
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
