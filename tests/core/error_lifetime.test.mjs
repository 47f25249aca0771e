// How long a PythonError keeps Python objects: the error keeps its exception
// (so crossing back into Python restores the same object), but the frames
// of its traceback are cleared when it is made (_pyxis.exception_for_js), so
// a PythonError that JS keeps does not keep the failed frames' locals alive.
import { loadCaptured } from "../helpers.mjs";

test("a PythonError kept by JS does not keep the failed frames' locals alive", async () => {
  const { pyodide } = await loadCaptured();
  pyodide.runPython(`
import weakref
class Big:
    pass
refs = []
def fail():
    big = Big()
    refs.append(weakref.ref(big))
    raise ValueError("kept")
`);
  let kept;
  try {
    pyodide.runPython("fail()");
  } catch (err) {
    kept = err;
  }
  expect(kept.type).toBe("ValueError");
  expect(pyodide.runPython("import gc; gc.collect(); refs[0]() is None")).toBe(true);
  // The error still carries its traceback text, and crossing back into
  // Python restores the same exception object.
  expect(kept.message).toMatch(/in fail\n(.*\n)?ValueError: kept/);
  globalThis.pyxisKept = () => {
    throw kept;
  };
  expect(
    pyodide
      .runPython(
        `
import js
try:
    js.pyxisKept()
except ValueError as e:
    r = (str(e), e.__traceback__ is not None)
r`,
      )
      .toJs(),
  ).toEqual(["kept", true]);
  delete globalThis.pyxisKept;
});
