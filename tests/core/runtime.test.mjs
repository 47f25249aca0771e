// The runtime boots in Node; runPython returns values; streams; errors.
import { collectGarbage, loadCaptured } from "../helpers.mjs";

let pyodide, out, err;
beforeAll(async () => {
  ({ pyodide, out, err } = await loadCaptured());
});
beforeEach(() => {
  out.length = 0;
  err.length = 0;
});

test("boots CPython 3.13 on emscripten", () => {
  expect(pyodide.runPython("import sys; sys.platform")).toBe("emscripten");
  expect(pyodide.runPython("sys.version_info[:2] == (3, 13)")).toBe(true);
});

test("objects come from mimalloc unless PYTHONMALLOC names another allocator", async () => {
  // CPython's own name for the allocator it runs on, read through ctypes.
  const allocator = (py) =>
    py.runPython(`
import ctypes
name = ctypes.pythonapi._PyMem_GetCurrentAllocatorName
name.restype = ctypes.c_char_p
name.argtypes = []
name().decode()`);
  expect(allocator(pyodide)).toBe("mimalloc");
  const libc = await loadCaptured({ env: { PYTHONMALLOC: "malloc" } });
  expect(allocator(libc.pyodide)).toBe("malloc");
  expect(libc.pyodide.runPython("sum(range(10**5))")).toBe(4999950000);
  // A name CPython does not know stops the start with CPython's own message.
  const lines = [];
  const wrong = loadCaptured({
    env: { PYTHONMALLOC: "nonsense" },
    stderr: { batched: (line) => lines.push(line) },
  });
  await expect(wrong).rejects.toThrow(/Python failed to start/);
  expect(lines.join("\n")).toMatch(/PYTHONMALLOC: unknown allocator/);
});

test("runPython converts basic values", () => {
  expect(pyodide.runPython("None")).toBeUndefined();
  expect(pyodide.runPython("True")).toBe(true);
  expect(pyodide.runPython("False")).toBe(false);
  expect(pyodide.runPython("6 * 7")).toBe(42);
  // Pyodide's rule: a number strictly between -(2**53 - 1) and 2**53 - 1.
  expect(pyodide.runPython("-(2**53 - 2)")).toBe(-(2 ** 53 - 2));
  expect(pyodide.runPython("2**53 - 2")).toBe(2 ** 53 - 2);
  expect(pyodide.runPython("-(2**53 - 1)")).toBe(-(2n ** 53n - 1n));
  expect(pyodide.runPython("2**53 - 1")).toBe(2n ** 53n - 1n);
  expect(pyodide.runPython("-(2**53)")).toBe(-(2n ** 53n));
  expect(pyodide.runPython("2**53 + 1")).toBe(2n ** 53n + 1n);
  expect(pyodide.runPython("-(2**80)")).toBe(-(2n ** 80n));
  expect(pyodide.runPython("1.5")).toBe(1.5);
  expect(pyodide.runPython("float('nan')")).toBeNaN();
  expect(pyodide.runPython("'héllo ☃ 𝄞'")).toBe("héllo ☃ 𝄞");
  expect(pyodide.runPython("'a\\0b'")).toBe("a\0b");
  expect(pyodide.runPython("x = 1\nx + 1")).toBe(2);
  expect(pyodide.runPython("x + 1;")).toBeUndefined(); // a trailing ; hides the value
  expect(pyodide.runPython("y = 5")).toBeUndefined();
});

test("state persists between calls in __main__", () => {
  pyodide.runPython("counter = 10");
  pyodide.runPython("counter += 1");
  expect(pyodide.runPython("counter")).toBe(11);
  expect(pyodide.runPython("__name__")).toBe("__main__");
});

test("stdout and stderr are captured separately", () => {
  pyodide.runPython(
    "import sys\nprint('to out')\nprint('to err', file=sys.stderr)\nprint('more', 1)",
  );
  expect(out).toEqual(["to out", "more 1"]);
  expect(err).toEqual(["to err"]);
});

test("a partial last line is not lost: it waits for its newline, a flush or a new handler", () => {
  pyodide.runPython("print('no newline', end='')");
  expect(out).toEqual([]); // line-buffered, as in Pyodide
  pyodide.runPython("import sys; sys.stdout.flush()");
  expect(out).toEqual(["no newline"]);
  pyodide.runPython("print('to the old handler', end='')");
  const later = [];
  pyodide.setStdout({ batched: (line) => later.push(line) });
  expect(out).toEqual(["no newline", "to the old handler"]);
  pyodide.runPython("print('to the new one')");
  expect(later).toEqual(["to the new one"]);
  pyodide.setStdout({ batched: (line) => out.push(line) });
});

test("setStdout with raw and write handlers", () => {
  const bytes = [];
  pyodide.setStdout({ raw: (b) => bytes.push(b) });
  pyodide.runPython("print('hi')");
  expect(bytes).toEqual([104, 105, 10]);
  const chunks = [];
  pyodide.setStdout({ write: (buf) => (chunks.push(Buffer.from(buf).toString()), buf.length) });
  pyodide.runPython("import sys; sys.stdout.write('abc'); sys.stdout.flush()");
  expect(chunks.join("")).toBe("abc");
  pyodide.setStdout({ batched: (line) => out.push(line) });
  expect(() => pyodide.setStdout({ raw: () => {}, batched: () => {} })).toThrow(/at most one of/);
  expect(() => pyodide.setStdout({ raw: 5 })).toThrow(TypeError);
});

test("a throwing stdout handler becomes an OSError in Python", () => {
  pyodide.setStdout({
    batched: () => {
      throw new Error("handler broke");
    },
  });
  expect(pyodide.runPython("try:\n print('x')\nexcept OSError as e:\n r = e.errno\nr")).toBe(29);
  pyodide.setStdout({ batched: (line) => out.push(line) });
  pyodide.runPython("print('fine again')");
  // the line the broken handler did not take was kept for the next one
  expect(out).toEqual(["x", "fine again"]);
});

test("setStdin feeds input()", () => {
  const lines = ["first", "second"];
  pyodide.setStdin({ stdin: () => lines.shift() ?? null });
  expect(pyodide.runPython("input() + '|' + input()")).toBe("first|second");
  expect(() => pyodide.runPython("input()")).toThrow(/EOFError/);
  expect(pyodide.runPython("import sys; sys.stdin.isatty()")).toBe(false);
  pyodide.setStdin({ stdin: () => null, isatty: true });
  expect(pyodide.runPython("sys.stdin.isatty()")).toBe(true);
  pyodide.setStdin();
  expect(pyodide.runPython("sys.stdin.isatty()")).toBe(false);
});

test("Python errors throw a PythonError with the traceback", () => {
  let error;
  try {
    pyodide.runPython("def f():\n    raise ValueError('bad value')\nf()");
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(Error);
  expect(error).toBeInstanceOf(pyodide.ffi.PythonError);
  expect(error.type).toBe("ValueError");
  expect(error.message).toMatch(/Traceback \(most recent call last\)/);
  expect(error.message).toMatch(/File "<exec>", line 2, in f/);
  expect(error.message).toMatch(/ValueError: bad value/);
  expect(error.message).not.toMatch(/_pyxis/);
});

test("syntax errors and bad arguments are clear errors; the runtime stays usable", () => {
  expect(() => pyodide.runPython("1 +")).toThrow(/SyntaxError/);
  expect(() => pyodide.runPython(42)).toThrow(TypeError);
  expect(() => pyodide.runPython("1", { nope: 1 })).toThrow(/unsupported option 'nope'/);
  expect(pyodide.runPython("'\\ud800'")).toBe("\ud800"); // lone surrogates pass through
  expect(() => pyodide.runPython("raise SystemExit(3)")).toThrow(/SystemExit/);
  expect(pyodide.runPython("1 + 1")).toBe(2);
});

test("the filename option names the code in tracebacks", () => {
  expect(() => pyodide.runPython("1/0", { filename: "mycode.py" })).toThrow(
    /File "mycode.py", line 1/,
  );
});

test("no hiwire handle leaks across many calls", async () => {
  const round = () => {
    pyodide.runPython("'s' * 3");
    pyodide.runPython("2**70");
    try {
      pyodide.runPython("raise KeyError(1)");
    } catch {}
  };
  // One round first (the KeyError replaces an earlier test's sys.last_exc,
  // which may hold a JS value), and earlier tests' garbage collected.
  round();
  await collectGarbage({ pyodide });
  const before = pyodide._debug.liveHandles();
  for (let i = 0; i < 2000; i++) round();
  expect(pyodide._debug.liveHandles()).toBe(before);
});

test("FS is emscripten's file system, shared with Python", () => {
  pyodide.FS.writeFile("/tmp/from-js.txt", "written by JS");
  expect(pyodide.runPython("open('/tmp/from-js.txt').read()")).toBe("written by JS");
  pyodide.runPython("open('/tmp/from-py.txt', 'w').write('written by Python')");
  expect(pyodide.FS.readFile("/tmp/from-py.txt", { encoding: "utf8" })).toBe("written by Python");
});

test("two runtimes are independent", async () => {
  const other = await loadCaptured();
  other.pyodide.runPython("shared = 'other'");
  expect(pyodide.runPython("'shared' in globals()")).toBe(false);
});
