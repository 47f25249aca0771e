// The pyxis command behaves like `python`: -c, scripts with arguments, -m,
// stdin, real files in the current directory, CPython's exit statuses.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DIST } from "../helpers.mjs";

const CLI = path.join(DIST, "bin", "pyxis.mjs");
let tmp;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pyxis-cli-"));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

function pyxis(args, { input, cwd = tmp } = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { input, cwd, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("-c runs code; the issue's smoke test passes", () => {
  const r = pyxis([
    "-c",
    "import sys, zlib, bz2, lzma, sqlite3, ctypes, decimal, json; print(sys.version_info[:2], sys.platform)",
  ]);
  expect(r).toEqual({ status: 0, stdout: "(3, 13) emscripten\n", stderr: "" });
});

test("-c sets sys.argv", () => {
  const r = pyxis(["-c", "import sys; print(sys.argv)", "a", "-b"]);
  expect(r.stdout).toBe("['-c', 'a', '-b']\n");
});

test("a script runs with its arguments and its folder on sys.path", () => {
  fs.writeFileSync(path.join(tmp, "helper.py"), "VALUE = 'from helper'\n");
  fs.writeFileSync(
    path.join(tmp, "script.py"),
    "import sys, helper\nprint(sys.argv)\nprint(helper.VALUE)\nprint(__name__, __file__)\n",
  );
  const r = pyxis(["script.py", "one", "two words"]);
  expect(r.stderr).toBe("");
  expect(r.stdout).toBe("['script.py', 'one', 'two words']\nfrom helper\n__main__ script.py\n");
  expect(r.status).toBe(0);
});

test("a script outside the current directory is found", () => {
  const other = fs.mkdtempSync(path.join(os.tmpdir(), "pyxis-other-"));
  try {
    fs.writeFileSync(path.join(other, "s.py"), "print('elsewhere')\n");
    const r = pyxis([path.join(other, "s.py")]);
    expect(r.stdout).toBe("elsewhere\n");
  } finally {
    fs.rmSync(other, { recursive: true, force: true });
  }
});

test("-m runs a module as __main__", () => {
  fs.writeFileSync(path.join(tmp, "mymod.py"), "import sys\nprint(__name__, sys.argv[1:])\n");
  expect(pyxis(["-m", "mymod", "x"]).stdout).toBe("__main__ ['x']\n");
  const r = pyxis(["-m", "json.tool"], { input: '{"b": [1, 2]}' });
  expect(r.stdout).toBe('{\n    "b": [\n        1,\n        2\n    ]\n}\n');
  expect(pyxis(["-m", "no_such_module_xyz"]).status).toBe(1);
});

test("reads the program from piped stdin, and stdin from a script", () => {
  expect(pyxis([], { input: "print(6 * 7)\n" }).stdout).toBe("42\n");
  expect(pyxis(["-"], { input: "import sys; print(sys.argv)\n" }).stdout).toBe("['-']\n");
  fs.writeFileSync(
    path.join(tmp, "echo.py"),
    "import sys\nfor line in sys.stdin: print(line.upper(), end='')\n",
  );
  expect(pyxis(["echo.py"], { input: "abc\ndef\n" }).stdout).toBe("ABC\nDEF\n");
  expect(pyxis(["-c", "print(input('? '))"], { input: "answer\n" }).stdout).toBe("? answer\n");
});

test("files written by Python appear on disk, and the reverse", () => {
  fs.writeFileSync(path.join(tmp, "in.txt"), "from the host");
  const r = pyxis([
    "-c",
    "import os\nos.makedirs('sub', exist_ok=True)\nopen('sub/out.txt','w').write(open('in.txt').read().upper())\nprint(os.getcwd())",
  ]);
  expect(r.stdout).toBe(`${tmp}\n`);
  expect(fs.readFileSync(path.join(tmp, "sub", "out.txt"), "utf8")).toBe("FROM THE HOST");
});

test("exit statuses are CPython's", () => {
  expect(pyxis(["-c", "pass"]).status).toBe(0);
  expect(pyxis(["-c", "import sys; sys.exit(3)"]).status).toBe(3);
  expect(pyxis(["-c", "raise SystemExit(None)"]).status).toBe(0);
  const msg = pyxis(["-c", "import sys; sys.exit('bye')"]);
  expect(msg.status).toBe(1);
  expect(msg.stderr).toBe("bye\n");
  const err = pyxis(["-c", "def f():\n    1/0\nf()"]);
  expect(err.status).toBe(1);
  expect(err.stdout).toBe("");
  expect(err.stderr).toBe(
    'Traceback (most recent call last):\n  File "<string>", line 3, in <module>\n' +
      '  File "<string>", line 2, in f\nZeroDivisionError: division by zero\n',
  );
  expect(pyxis(["-c", "import os; os._exit(4)"]).status).toBe(4);
});

test("atexit handlers run and output is flushed before exit", () => {
  const r = pyxis([
    "-c",
    "import atexit, sys\natexit.register(lambda: print('bye'))\nsys.stdout.write('partial')",
  ]);
  expect(r.stdout).toBe("partialbye\n");
});

test("a missing script, an unknown option, --version", () => {
  const r = pyxis(["missing.py"]);
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/can't open file 'missing.py'/);
  expect(pyxis(["--bogus"]).status).toBe(2);
  expect(pyxis(["--version"]).stdout).toBe("Python 3.13.5\n");
});

test("environment variables reach os.environ", () => {
  const r = spawnSync(
    process.execPath,
    [CLI, "-c", "import os; print(os.environ['PYXIS_TEST_VAR'])"],
    {
      env: { ...process.env, PYXIS_TEST_VAR: "yes" },
      encoding: "utf8",
      cwd: tmp,
    },
  );
  expect(r.stdout).toBe("yes\n");
});
