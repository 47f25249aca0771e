// Standard streams: every handler form Pyodide documents for loadPyodide and
// setStdin/setStdout/setStderr, bad forms refused by name, and a handler's
// error carried into the Python OSError (the runtime works on afterwards).
import path from "node:path";
import { DIST, loadCaptured } from "../helpers.mjs";

const loader = () => import(path.join(DIST, "pyxis.mjs"));

let pyodide, out;
beforeAll(async () => {
  ({ pyodide, out } = await loadCaptured());
});
beforeEach(() => {
  out.length = 0;
  pyodide.setStdout({ batched: (line) => out.push(line) });
  pyodide.setStdin();
});

test("loadPyodide takes Pyodide's function forms for stdin, stdout and stderr", async () => {
  const { loadPyodide } = await loader();
  const lines = [];
  const errs = [];
  const input = ["first", "second"];
  const py = await loadPyodide({
    stdout: (line) => lines.push(line),
    stderr: (line) => errs.push(line),
    stdin: () => input.shift() ?? null,
  });
  py.runPython("import sys; print('to out'); print('to err', file=sys.stderr)");
  expect(lines).toEqual(["to out"]);
  expect(errs).toEqual(["to err"]);
  expect(py.runPython("input() + '|' + input()")).toBe("first|second");
  expect(() => py.runPython("input()")).toThrow(/EOFError/);
});

test("loadPyodide still takes the object forms", async () => {
  const { loadPyodide } = await loader();
  const bytes = [];
  const py = await loadPyodide({
    stdout: { raw: (b) => bytes.push(b), isatty: true },
    stdin: { read: () => 0 },
  });
  py.runPython("print('ok')");
  expect(bytes).toEqual([111, 107, 10]);
  expect(py.runPython("import sys; sys.stdout.isatty(), sys.stdin.read()").toJs()).toEqual([
    true,
    "",
  ]);
});

test("loadPyodide refuses a stream option of the wrong type, by name", async () => {
  const { loadPyodide } = await loader();
  await expect(loadPyodide({ stdout: "console" })).rejects.toThrow(
    /loadPyodide: option 'stdout' must be a function or a setStdout options object/,
  );
  // checked before anything is fetched (this indexURL does not exist)
  await expect(
    loadPyodide({ indexURL: "/no/such/dir/", stdin: { stdin: () => null, read: () => 0 } }),
  ).rejects.toThrow(/setStdin: give at most one of stdin, read, error/);
});

test("handlers are called with the options object as this (a class instance works)", () => {
  class Collector {
    constructor() {
      this.lines = [];
    }
    batched(line) {
      this.lines.push(line);
    }
  }
  const c = new Collector();
  pyodide.setStdout(c);
  pyodide.runPython("print('a'); print('b')");
  expect(c.lines).toEqual(["a", "b"]);
  class Source {
    constructor(items) {
      this.items = items;
    }
    stdin() {
      return this.items.shift() ?? null;
    }
  }
  pyodide.setStdin(new Source(["from a class"]));
  expect(pyodide.runPython("input()")).toBe("from a class");
});

test("setStdout/setStderr: bad option combinations are TypeErrors naming the option", () => {
  const f = () => {};
  expect(() => pyodide.setStdout({ raw: f, batched: f })).toThrow(/give at most one of/);
  expect(() => pyodide.setStdout({ batched: f, isatty: true })).toThrow(
    /isatty: true needs a raw or write handler/,
  );
  expect(() => pyodide.setStdout({ isatty: true })).toThrow(/needs a raw or write handler/);
  expect(() => pyodide.setStderr({ batchd: f })).toThrow(/setStderr: unknown option 'batchd'/);
  expect(() => pyodide.setStdout({ write: 5 })).toThrow(/write must be a function/);
  expect(() => pyodide.setStdout(f)).toThrow(/expected an object .* \(pass \{batched: fn\}\)/);
  expect(() => pyodide.setStdout({ batched: f, fsync: f })).toThrow(/fsync is only used with/);
  // none of them: the default handler again, as in Pyodide
  pyodide.setStdout({});
  pyodide.setStdout({ batched: (line) => out.push(line) });
  pyodide.runPython("print('still here')");
  expect(out).toEqual(["still here"]);
});

test("setStdin: bad option combinations are TypeErrors naming the option", () => {
  const f = () => null;
  expect(() => pyodide.setStdin({ stdin: f, error: true })).toThrow(/give at most one of/);
  expect(() => pyodide.setStdin({ read: () => 0, autoEOF: false })).toThrow(
    /autoEOF can only be used with a stdin handler/,
  );
  expect(() => pyodide.setStdin({ autoEOF: true })).toThrow(/autoEOF can only be used/);
  expect(() => pyodide.setStdin({ stdn: f })).toThrow(/setStdin: unknown option 'stdn'/);
  expect(() => pyodide.setStdin({ stdin: f, isatty: "yes" })).toThrow(/isatty must be a boolean/);
  expect(() => pyodide.setStdin(42)).toThrow(TypeError);
});

test("setStdin({error: true}): every read is an OSError saying so", () => {
  pyodide.setStdin({ error: true });
  expect(() => pyodide.runPython("input()")).toThrow(
    /OSError: \[Errno 29\] I\/O error \(stdin handler raised: Error: stdin is set to fail/,
  );
  pyodide.setStdin({ stdin: () => "fine" });
  expect(pyodide.runPython("input()")).toBe("fine");
});

test("stdin() may return strings, bytes, ArrayBuffers and numbers", () => {
  const items = [
    "text",
    new Uint8Array([98, 121, 116, 101, 115, 10]),
    new Uint8Array([97, 98, 10]).buffer,
    104,
    105,
    10,
    null,
  ];
  pyodide.setStdin({ stdin: () => items.shift() ?? null });
  expect(pyodide.runPython("[input(), input(), input(), input()]").toJs()).toEqual([
    "text",
    "bytes",
    "ab",
    "hi",
  ]);
  pyodide.setStdin({ stdin: () => new Float64Array(1) });
  expect(() => pyodide.runPython("input()")).toThrow(
    /stdin handler raised: TypeError: the stdin handler must return a string/,
  );
  pyodide.setStdin({ stdin: () => 300 });
  expect(() => pyodide.runPython("input()")).toThrow(/a number must be a byte/);
});

test("autoEOF: a chunk without a newline ends with an end of file; autoEOF: false reads on", () => {
  const chunks = () => [new Uint8Array([97, 98]), new Uint8Array([99, 10]), null];
  let items = chunks();
  pyodide.setStdin({ stdin: () => items.shift() ?? null });
  // "ab" is followed by an EOF, so read() stops there; the next read goes on.
  expect(pyodide.runPython("import sys; sys.stdin.read()")).toBe("ab");
  expect(pyodide.runPython("sys.stdin.read()")).toBe("c\n");
  items = chunks();
  pyodide.setStdin({ stdin: () => items.shift() ?? null, autoEOF: false });
  expect(pyodide.runPython("sys.stdin.read()")).toBe("abc\n");
});

test("a read or write handler that returns nonsense is an OSError saying so, and a warning", () => {
  const warnings = [];
  const warn = console.warn;
  console.warn = (text) => warnings.push(text);
  try {
    pyodide.setStdin({ read: () => "x" });
    expect(() => pyodide.runPython("input()")).toThrow(
      /stdin handler raised: TypeError: the stdin read handler must return the number of bytes/,
    );
    pyodide.setStdin({ read: () => {} });
    expect(() => pyodide.runPython("input()")).toThrow(/OSError: \[Errno 29\] I\/O error/);
    pyodide.setStdout({ write: () => {} });
    expect(() => pyodide.runPython("print('hi')")).toThrow(/OSError: \[Errno 29\] I\/O error/);
    pyodide.setStdout({ batched: () => {} }); // takes the line the broken one did not
  } finally {
    console.warn = warn;
  }
  // Pyodide's words
  expect(warnings).toEqual([
    "read returned x; a correct implementation must return a number",
    "read returned undefined; a correct implementation must return a number",
    "write returned undefined; a correct implementation must return a number",
    "write returned undefined; a correct implementation must return a number",
  ]);
});

test("handlers see bytes as a Uint8Array: raw gets 0-255, read and write get Uint8Arrays", () => {
  const codes = [];
  pyodide.setStdout({ raw: (c) => codes.push(c) });
  pyodide.runPython("import sys; sys.stdout.write('é\\n'); sys.stdout.flush()");
  expect(codes).toEqual([0xc3, 0xa9, 10]);
  const kinds = [];
  pyodide.setStdout({
    write: (bytes) => {
      kinds.push(Object.prototype.toString.call(bytes));
      return bytes.length;
    },
  });
  pyodide.runPython("print('x')");
  expect(kinds.length).toBeGreaterThan(0);
  expect(new Set(kinds)).toEqual(new Set(["[object Uint8Array]"]));
  kinds.length = 0;
  let sent = false;
  pyodide.setStdin({
    read: (buffer) => {
      kinds.push(Object.prototype.toString.call(buffer));
      if (sent) return 0;
      sent = true;
      buffer.set([0xc3, 0xa9, 10]);
      return 3;
    },
  });
  expect(pyodide.runPython("input()")).toBe("é");
  expect(kinds.length).toBeGreaterThan(0);
  expect(new Set(kinds)).toEqual(new Set(["[object Uint8Array]"]));
});

test("write handlers with fsync; os.fsync reaches it", () => {
  const chunks = [];
  let synced = 0;
  pyodide.setStdout({
    write: (buf) => (chunks.push(Buffer.from(buf).toString()), buf.length),
    fsync: () => synced++,
  });
  pyodide.runPython("import os, sys; sys.stdout.write('abc'); sys.stdout.flush(); os.fsync(1)");
  expect(chunks.join("")).toBe("abc");
  expect(synced).toBe(1);
});

describe("a handler that throws: the OSError carries its message", () => {
  // Output is buffered: what a failing handler did not take stays in Python's
  // buffer and goes to the next handler (nothing is lost). Each test ends
  // with that buffer empty.
  afterEach(() => {
    pyodide.setStdout({ batched: () => {} });
    pyodide.runPython("import sys; sys.stdout.flush()");
  });

  test("stdout, from print()", () => {
    pyodide.setStdout({
      batched: () => {
        throw new Error("boom");
      },
    });
    expect(pyodide.runPython("try:\n    print('x')\nexcept OSError as e:\n    r = str(e)\nr")).toBe(
      "[Errno 29] I/O error (stdout handler raised: Error: boom)",
    );
    pyodide.setStdout({ batched: (line) => out.push(line) });
    pyodide.runPython("print('fine again')");
    expect(out).toEqual(["x", "fine again"]);
  });

  test("stdout, from sys.stdout.write, uncaught: the PythonError says it", () => {
    pyodide.setStdout({
      write: () => {
        throw new RangeError("disk full");
      },
    });
    expect(() => pyodide.runPython("import sys; sys.stdout.write('abc\\n')")).toThrow(
      "OSError: [Errno 29] I/O error (stdout handler raised: RangeError: disk full)",
    );
  });

  test("stderr", () => {
    pyodide.setStderr({
      raw: () => {
        throw new Error("stderr broke");
      },
    });
    try {
      expect(() =>
        pyodide.runPython("import sys; sys.stderr.write('x'); sys.stderr.flush()"),
      ).toThrow("OSError: [Errno 29] I/O error (stderr handler raised: Error: stderr broke)");
    } finally {
      pyodide.setStderr({ batched: () => {} });
    }
  });

  test("stdin, and thrown non-Error values", () => {
    pyodide.setStdin({
      stdin: () => {
        throw "plain string"; // eslint-disable-line no-throw-literal
      },
    });
    expect(() => pyodide.runPython("input()")).toThrow(
      "OSError: [Errno 29] I/O error (stdin handler raised: plain string)",
    );
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    pyodide.setStdin({
      stdin: () => {
        throw revoked.proxy;
      },
    });
    expect(() => pyodide.runPython("input()")).toThrow(/stdin handler raised: /);
  });

  test("the runtime keeps working, state intact", () => {
    pyodide.runPython("kept = [1, 2, 3]");
    pyodide.setStdout({
      batched: () => {
        throw new Error("again");
      },
    });
    for (let i = 0; i < 3; i++) expect(() => pyodide.runPython("print(1)")).toThrow(/again/);
    pyodide.setStdout({ batched: (line) => out.push(line) });
    pyodide.runPython("print(sum(kept))");
    expect(out).toEqual(["1", "1", "1", "6"]);
  });
});

test("getTerminalSize gives a terminal's size to os.get_terminal_size; bad sizes are errors", () => {
  const write = (bytes) => bytes.length;
  pyodide.setStdout({ isatty: true, write, getTerminalSize: () => ({ rows: 80, columns: 150 }) });
  expect(pyodide.runPython("import shutil; str(shutil.get_terminal_size())")).toBe(
    "os.terminal_size(columns=150, lines=80)",
  );
  // a terminal without a size: 0x0, and shutil falls back to its default
  pyodide.setStdout({ isatty: true, write });
  expect(pyodide.runPython("import os; tuple(os.get_terminal_size(1))").toJs()).toEqual([0, 0]);
  pyodide.setStdout({ isatty: true, write, getTerminalSize: () => ({ rows: -1, columns: 3 }) });
  expect(() => pyodide.runPython("os.get_terminal_size(1)")).toThrow(
    /OSError: \[Errno 29\] I\/O error/,
  );
  // not a terminal: no size at all
  pyodide.setStdout({ batched: (line) => out.push(line) });
  expect(() => pyodide.runPython("os.get_terminal_size(1)")).toThrow(/OSError: \[Errno \d+\]/);
  expect(() => pyodide.setStdout({ write, getTerminalSize: () => ({}) })).toThrow(
    /setStdout: getTerminalSize is only used with isatty: true/,
  );
  expect(() => pyodide.setStdout({ isatty: true, write, getTerminalSize: 5 })).toThrow(
    /setStdout: getTerminalSize must be a function/,
  );
  pyodide.runPython("print('fine')");
  expect(out).toEqual(["fine"]);
});

test("output is line-buffered: a partial line waits for its newline or a flush", () => {
  const codes = [];
  pyodide.setStdout({ raw: (c) => codes.push(c) });
  const text = () => new TextDecoder().decode(new Uint8Array(codes));
  pyodide.runPython("print('whole'); print('partial', end='')");
  expect(text()).toBe("whole\n");
  pyodide.runPython("import sys; sys.stdout.flush()");
  expect(text()).toBe("whole\npartial");
  // _flushStreams (the console page and the CLI) flushes Python's buffers too
  pyodide.runPython("print('more', end='')");
  pyodide._flushStreams();
  expect(text()).toBe("whole\npartialmore");
});

test("PYTHONUNBUFFERED: every write reaches the handler at once", async () => {
  const { loadPyodide } = await loader();
  const codes = [];
  const py = await loadPyodide({
    env: { PYTHONUNBUFFERED: "1" },
    stdout: { raw: (c) => codes.push(c) },
  });
  py.runPython("print('partial', end='')");
  expect(new TextDecoder().decode(new Uint8Array(codes))).toBe("partial");
});
