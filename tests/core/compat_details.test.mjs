// Pyodide behaviours that JS code sees: attribute proxies borrowed from
// their parent, runPython through the current pyodide.code.eval_code,
// mountNodeFS's errors, FS.trackingDelegate, the event loop's report of a
// task's unretrieved exception, awaiting coroutines without leaks, plain
// objects from another realm, and stdlib details (ctypes.util.find_library,
// zoneinfo's C type, Windows folders on sys.path, multiprocessing's error).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import vm from "node:vm";
import { collectGarbage, loadCaptured } from "../helpers.mjs";

let pyodide, err;
beforeAll(async () => {
  ({ pyodide, err } = await loadCaptured());
});
beforeEach(() => (err.length = 0));

test("an attribute proxy goes with the proxy it was read from; copy() keeps one", () => {
  const outer = pyodide.runPython(`
class Inner:
    def f(self):
        return 7
class Outer:
    inner = Inner()
Outer`);
  const inner = outer.inner;
  expect(outer.inner).toBe(inner); // the same object: the same proxy, while it lives
  expect(inner.f).toBe(inner.f); // a method of it: the same function, the same proxy
  const kept = inner.copy();
  expect(inner.f()).toBe(7);
  outer.destroy();
  expect(kept.f()).toBe(7);
  expect(() => inner.f()).toThrow(
    /automatically destroyed in the process of destroying the proxy it was borrowed from/,
  );
  kept.destroy();
  // Destroyed, an attribute proxy is made anew (holding one reference).
  const holder = pyodide.runPython(`
import sys
class Holder:
    a = {}
Holder()`);
  const count = pyodide.runPython("lambda h: sys.getrefcount(type(h).a)");
  const base = count(holder);
  holder.a;
  expect(count(holder)).toBe(base + 1);
  holder.a.destroy();
  expect(count(holder)).toBe(base);
  holder.a;
  const other = holder.copy();
  holder.destroy(); // and with it, the attribute proxy
  expect(count(other)).toBe(base);
  other.destroy();
  count.destroy();
  // Items are not attributes: a dict's value read with get() stays.
  const d = pyodide.runPython("{'k': [1]}");
  const item = d.get("k");
  d.destroy();
  expect(item.length).toBe(1);
  item.destroy();
});

test("runPython calls pyodide.code.eval_code as it is at the time of the call", () => {
  pyodide.runPython(`
import pyodide
_old_eval_code = pyodide.code.eval_code
y = 3
def _eval_code(code, globals=None, locals=None):
    return [globals["y"], _old_eval_code(code, globals, locals)]
pyodide.code.eval_code = _eval_code`);
  try {
    expect(pyodide.runPython("y = 99; 5").toJs()).toEqual([3, 5]);
    expect(pyodide.runPython("7").toJs()).toEqual([99, 7]);
  } finally {
    pyodide.runPython("pyodide.code.eval_code = _old_eval_code");
  }
  expect(pyodide.runPython("1 + 1")).toBe(2);
});

test("mountNodeFS says what is wrong with its paths", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyxis-mount-"));
  const file = path.join(dir, "a");
  fs.writeFileSync(file, "xyz");
  pyodide.mountNodeFS("/mnt-compat/one", dir);
  expect(pyodide.FS.readFile("/mnt-compat/one/a", { encoding: "utf8" })).toBe("xyz");
  expect(() => pyodide.mountNodeFS("/mnt-compat/one", dir)).toThrow(
    "path '/mnt-compat/one' is already a file system mount point",
  );
  expect(() => pyodide.mountNodeFS("/mnt-compat/two", path.join(dir, "missing"))).toThrow(
    `hostPath '${path.join(dir, "missing")}' does not exist`,
  );
  expect(() => pyodide.mountNodeFS("/mnt-compat/three", file)).toThrow(
    `hostPath '${file}' is not a directory`,
  );
  pyodide.FS.unmount("/mnt-compat/one");
  fs.rmSync(dir, { recursive: true });
});

test("FS.trackingDelegate hears about files Python closes", () => {
  const closed = [];
  pyodide.FS.trackingDelegate.onCloseFile = (p) => closed.push(p);
  try {
    pyodide.runPython("with open('/tmp/tracked.txt', 'w') as f: f.write('x')");
  } finally {
    delete pyodide.FS.trackingDelegate.onCloseFile;
  }
  expect(closed).toContain("/tmp/tracked.txt");
});

test("a task's exception nobody retrieved is reported on stderr", async () => {
  await pyodide.runPythonAsync(`
import asyncio
async def _fails():
    1 / 0
asyncio.create_task(_fails())
await asyncio.sleep(0)
await asyncio.sleep(0)`);
  const text = err.join("\n");
  expect(text).toMatch(/Unhandled exception in event loop: Task exception was never retrieved/);
  expect(text).toMatch(/in _fails/);
  expect(text).toMatch(/ZeroDivisionError: division by zero/);
});

test("awaiting a coroutine proxy from JS keeps nothing alive", async () => {
  pyodide.runPython("_d = 888.888\nasync def _ret(): return _d");
  const once = async () => {
    const t = pyodide.runPython("_ret()");
    expect(await t).toBe(888.888);
    t.destroy();
  };
  await once();
  const before = pyodide.runPython("import sys; sys.getrefcount(_d)");
  for (let i = 0; i < 4; i++) await once();
  expect(pyodide.runPython("sys.getrefcount(_d)")).toBe(before);
});

test("a plain object made in another realm converts as a plain object", () => {
  const obj = vm.runInNewContext("({x: 2, y: [1, 2], z: Object.create(null)})");
  const toPy = pyodide.runPython("lambda o: o.to_py()");
  const d = toPy(obj);
  expect(d.toJs({ dict_converter: Object.fromEntries })).toEqual({ x: 2, y: [1, 2], z: {} });
  d.destroy();
  toPy.destroy();
  // A class instance (from any realm) is not a plain object.
  expect(
    pyodide.runPython(
      "from pyodide.code import run_js\nrun_js('new (class A {})()').to_py().__class__.__name__",
    ),
  ).toMatch(/JsProxy/);
});

test("stdlib details: find_library, zoneinfo's C type, Windows folders on sys.path, multiprocessing", () => {
  pyodide.runPython(`
import os, sys, importlib, tempfile
from ctypes.util import find_library
with tempfile.TemporaryDirectory() as tmp:
    with open(os.path.join(tmp, "libfoo.so"), "wb") as f:
        f.write(b"\\x00asm\\x01\\x00\\x00\\x00")
    with open(os.path.join(tmp, "libnotwasm.so"), "wb") as f:
        f.write(b"ELF")
    os.environ["LD_LIBRARY_PATH"] = tmp
    try:
        assert find_library("foo") == os.path.join(tmp, "libfoo.so"), find_library("foo")
        assert find_library("notwasm") is None
        assert find_library("baz") is None
    finally:
        del os.environ["LD_LIBRARY_PATH"]

import _zoneinfo, zoneinfo, importlib.util
assert zoneinfo.ZoneInfo is _zoneinfo.ZoneInfo
# The pure-Python fallback is there, as in CPython (pandas imports it).
from zoneinfo._zoneinfo import ZoneInfo as PyZoneInfo
assert PyZoneInfo is not zoneinfo.ZoneInfo

os.makedirs("/tmp/win/mods", exist_ok=True)
with open("/tmp/win/mods/winmod_compat.py", "w") as f:
    f.write("VALUE = 456")
sys.path.append("C:\\\\tmp\\\\win\\\\mods")
importlib.invalidate_caches()
import winmod_compat
assert winmod_compat.VALUE == 456
assert winmod_compat.__file__ == "/tmp/win/mods/winmod_compat.py"
sys.path.pop()

import multiprocessing
assert multiprocessing.cpu_count() > 0
try:
    multiprocessing.Process(target=print).start()
except ModuleNotFoundError as e:
    assert "No module named '_multiprocessing'" in str(e), e
else:
    raise AssertionError("a process started")
`);
});

test("a Python exception back from JS is Python's again: the JS error lets go of it", () => {
  globalThis.pyxisRaiser = () => pyodide.runPython("_err = Exception('hi')\nraise _err");
  pyodide.runPython(`
import sys
from js import pyxisRaiser
try:
    pyxisRaiser()
except Exception as e:
    assert e is _err and e is sys.last_exc
finally:
    del _err
# sys.last_exc, sys.last_value and getrefcount's argument: nothing in JS.
assert sys.getrefcount(sys.last_exc) == 3, sys.getrefcount(sys.last_exc)
`);
  delete globalThis.pyxisRaiser;
});

test("json writes jsnull as null, as a value and as a dict key", () => {
  expect(
    pyodide
      .runPython(
        `
import json
from pyodide.ffi import jsnull
[json.dumps([jsnull, {jsnull: 1, 1: jsnull}]), json.dumps({jsnull: 2}, indent=1)]`,
      )
      .toJs(),
  ).toEqual(['[null, {"null": 1, "1": null}]', '{\n "null": 2\n}']);
});

test("a JS async generator keeps its arguments and what asend sends until it finishes", async () => {
  const live = () =>
    pyodide.runPython("import _pyxis_core; _pyxis_core.live_counts()['pyproxies']");
  // Proxies other tests forgot are released by the FinalizationRegistry
  // whenever V8 collects them: collect those first, then count.
  await collectGarbage();
  const before = live();
  const result = await pyodide.runPythonAsync(`
from pyodide.code import run_js
f = run_js("""(async function *(x) {
    const l = [x];
    l.push(yield);
    l.push(yield);
    return l.map((v) => v.toString()).join(" ");
})""")
g = f({1})
await g.asend(None)
await g.asend({2})
try:
    await g.asend({3})
    got = "no StopAsyncIteration"
except StopAsyncIteration:
    got = "finished"
del f, g
got`);
  expect(result).toBe("finished");
  // All three proxies went when the generator finished (the join read them):
  // released, not left to the garbage collector.
  expect(live()).toBe(before);
});
