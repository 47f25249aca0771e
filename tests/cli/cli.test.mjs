// The pyxis command behaves like `python`: -c, scripts with arguments, -m,
// stdin, real files in the current directory, CPython's exit statuses.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DIST, CONFIG } from "../helpers.mjs";

const CLI = path.join(DIST, "bin", "pyxis.mjs");
let tmp;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pyxis-cli-"));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

function pyxis(args, { input, cwd = tmp, env = process.env } = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { input, cwd, env, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("-c runs code; the issue's smoke test passes", () => {
  const r = pyxis([
    "-c",
    "import sys, zlib, bz2, lzma, sqlite3, ctypes, decimal, json; print(sys.version_info[:2], sys.platform)",
  ]);
  expect(r).toEqual({ status: 0, stdout: "(3, 13) emscripten\n", stderr: "" });
});

test("stdlib modules of the on-demand groups import, with and without -I", () => {
  const code =
    "import email.message, xml.dom.minidom, unittest, sys\n" +
    "print(email.message.__spec__.origin.split('/')[2], xml.dom.minidom.parseString('<a/>').documentElement.tagName)";
  for (const flags of [[], ["-I"], ["-S", "-E"]]) {
    const r = pyxis([...flags, "-c", code]);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: "" });
    expect(r.stdout).toBe(`${CONFIG.STDLIB_ZIP_NAME.replace(/\.zip$/, "-net.zip")} a\n`);
  }
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
  expect(pyxis(["-m", "no_such_module_xyz"])).toEqual({
    status: 1,
    stdout: "",
    stderr: "pyxis: No module named no_such_module_xyz\n",
  });
  fs.writeFileSync(path.join(tmp, "argv0.py"), "import sys\nprint(sys.argv[0])\n");
  expect(pyxis(["-m", "argv0", "x"]).stdout).toBe(`${path.join(tmp, "argv0.py")}\n`);
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
    'Traceback (most recent call last):\n  File "<string>", line 3, in <module>\n    f()\n    ~^^\n' +
      '  File "<string>", line 2, in f\n    1/0\n    ~^~\nZeroDivisionError: division by zero\n',
  );
  // -X no_debug_ranges: the same without the carets.
  expect(pyxis(["-X", "no_debug_ranges", "-c", "def f():\n    1/0\nf()"]).stderr).toBe(
    'Traceback (most recent call last):\n  File "<string>", line 3, in <module>\n    f()\n' +
      '  File "<string>", line 2, in f\n    1/0\nZeroDivisionError: division by zero\n',
  );
  expect(pyxis(["-c", "import os; os._exit(4)"]).status).toBe(4);
  // os._exit ends the process at once: no finally, no atexit (as in python;
  // in runPython it raises SystemExit instead).
  const code =
    "import atexit, os\natexit.register(print, 'atexit')\ntry:\n    os._exit(5)\nfinally:\n    print('finally')";
  expect(pyxis(["-c", code])).toEqual({ status: 5, stdout: "", stderr: "" });
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
  expect(pyxis(["--version"]).stdout).toBe(`Python ${CONFIG.PYTHON_PATCH_VERSION}\n`);
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

test("PYTHONMALLOC=debug and PYTHONDEVMODE=1 start (pre-initialisation comes first)", () => {
  const run = (env, code) =>
    spawnSync(process.execPath, [CLI, "-c", code], {
      env: { ...process.env, ...env },
      encoding: "utf8",
      cwd: tmp,
    });
  const debug = run({ PYTHONMALLOC: "debug" }, "import sys; print(sum(range(10)))");
  expect([debug.status, debug.stdout]).toEqual([0, "45\n"]);
  const dev = run({ PYTHONDEVMODE: "1" }, "import sys; print(sys.flags.dev_mode)");
  expect([dev.status, dev.stdout]).toEqual([0, "True\n"]);
});

// --- asyncio: asyncio.run in a script behaves as in python -----------------

test("asyncio's selector loop runs without sockets (tests/cli/test_selector_pipe.py)", () => {
  const here = path.dirname(new URL(import.meta.url).pathname);
  const r = pyxis(["-m", "pytest", "-q", "-p", "no:cacheprovider", "test_selector_pipe.py"], {
    cwd: here,
  });
  expect(r.stdout).toMatch(/\b4 passed\b/);
  expect(r.status).toBe(0);
});

test("a script's top-level asyncio.run: sleep, gather, queues, timeouts, output order", () => {
  fs.writeFileSync(
    path.join(tmp, "aio.py"),
    `import asyncio

async def worker(name, queue):
    while True:
        item = await queue.get()
        await asyncio.sleep(0.001 * item)
        print("done", name, item)
        queue.task_done()

async def main():
    queue = asyncio.Queue()
    for i in range(4):
        queue.put_nowait(i)
    workers = [asyncio.create_task(worker(f"w{i}", queue)) for i in range(2)]
    await queue.join()
    for w in workers:
        w.cancel()
    print(await asyncio.gather(asyncio.sleep(0.002, "a"), asyncio.sleep(0.001, "b")))
    try:
        async with asyncio.timeout(0.01):
            await asyncio.sleep(10)
    except TimeoutError:
        print("timeout")
    try:
        await asyncio.wait_for(asyncio.sleep(10), 0.01)
    except TimeoutError:
        print("wait_for")
    print("running loop:", asyncio.get_running_loop().is_running())
    return 42

try:
    asyncio.get_running_loop()
except RuntimeError as e:
    print("top level:", e)
print("before")
print(asyncio.run(main()))
print("after")
`,
  );
  const r = pyxis(["aio.py"]);
  expect(r.stderr).toBe("");
  expect(r.stdout).toBe(
    "top level: no running event loop\nbefore\n" +
      "done w0 0\ndone w1 1\ndone w0 2\ndone w1 3\n" +
      "['a', 'b']\ntimeout\nwait_for\nrunning loop: True\n42\nafter\n",
  );
  expect(r.status).toBe(0);
});

test("asyncio.run: exit statuses when the coroutine raises or calls sys.exit", () => {
  const raises = pyxis([
    "-c",
    "import asyncio\nasync def main():\n    await asyncio.sleep(0)\n    raise ValueError('boom')\nasyncio.run(main())",
  ]);
  expect(raises.status).toBe(1);
  expect(raises.stderr).toMatch(
    /^Traceback \(most recent call last\):\n {2}File "<string>", line 5/,
  );
  expect(raises.stderr).toMatch(
    /line 4, in main\n {4}raise ValueError\('boom'\)\nValueError: boom\n$/,
  );
  expect(raises.stderr).not.toMatch(/_pyxis/);
  const exits = pyxis([
    "-c",
    "import asyncio, sys\nasync def main():\n    await asyncio.sleep(0)\n    sys.exit(5)\nasyncio.run(main())\nprint('not reached')",
  ]);
  expect(exits).toEqual({ status: 5, stdout: "", stderr: "" });
  // Run twice in a row, with loop.run_until_complete too (new_event_loop).
  const twice = pyxis([
    "-c",
    "import asyncio\nasync def f(x):\n    await asyncio.sleep(0.001)\n    return x\n" +
      "print(asyncio.run(f(1)), asyncio.run(f(2)))\n" +
      "loop = asyncio.new_event_loop()\nprint(loop.run_until_complete(f(3)))\nloop.close()",
  ]);
  expect(twice).toEqual({ status: 0, stdout: "1 2\n3\n", stderr: "" });
});

test("asyncio.run: a coroutine that waits for nothing that can happen is an error, not a hang", () => {
  const r = pyxis(["-c", "import asyncio\nasyncio.run(asyncio.Event().wait())"]);
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/RuntimeError: the event loop has nothing left to run/);
  const js = pyxis([
    "-c",
    "import asyncio, js\nasync def main():\n    await js.Promise.resolve(1)\nasyncio.run(main())",
  ]);
  expect(js.status).toBe(1);
  expect(js.stderr).toMatch(/RuntimeError: cannot await a JS promise inside asyncio.run/);
});

// --- packages: what the program imports is loaded first ---------------------

test("a script importing numpy (directly or through a local module) gets it loaded", () => {
  fs.writeFileSync(
    path.join(tmp, "helper.py"),
    "import numpy as np\ndef total():\n    return int(np.arange(5).sum())\n",
  );
  fs.writeFileSync(path.join(tmp, "s.py"), "import helper\nprint(helper.total())\n");
  const r = pyxis(["s.py"]);
  expect(r).toEqual({ status: 0, stdout: "10\n", stderr: "Loading numpy\nLoaded numpy\n" });
  const c = pyxis(["-c", "import numpy; print(numpy.__version__)"]);
  expect(c).toEqual({ status: 0, stdout: "2.3.5\n", stderr: "Loading numpy\nLoaded numpy\n" });
});

test("-m of a package module, stdin programs and zoneinfo load their packages", () => {
  const m = pyxis(["-m", "pytest", "--version"]);
  expect(m.status).toBe(0);
  expect(m.stdout).toMatch(/^pytest \d/);
  expect(m.stderr).toBe(
    "Loading iniconfig, packaging, pluggy, pytest\nLoaded iniconfig, packaging, pluggy, pytest\n",
  );
  const s = pyxis([], { input: "import test_ext\nprint(test_ext.greet('cli'))\n" });
  expect(s).toEqual({
    status: 0,
    stdout: "hello, cli\n",
    stderr: "Loading test-ext\nLoaded test-ext\n",
  });
  const z = pyxis([
    "-c",
    "from datetime import datetime\nfrom zoneinfo import ZoneInfo\n" +
      "print(datetime(2024, 7, 1, tzinfo=ZoneInfo('Europe/Paris')).utcoffset())",
  ]);
  expect(z).toEqual({ status: 0, stdout: "2:00:00\n", stderr: "Loading tzdata\nLoaded tzdata\n" });
});

test("a program importing no package loads none; a run-time import gets the CLI's hint", () => {
  expect(pyxis(["-c", "import json; print(1)"])).toEqual({ status: 0, stdout: "1\n", stderr: "" });
  const r = pyxis(["-c", "import importlib; importlib.import_module('numpy')"]);
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(
    /ModuleNotFoundError: No module named 'numpy'\. It is in the package 'numpy', which is not loaded yet: the pyxis command loads .*add `import numpy` to the script\.\n$/,
  );
});

// --- python's options ----------------------------------------------------------

const FLAGS = "import sys; f = sys.flags; print(";

test("-O, -OO, -b, -bb, -B, -d, -v, -q, -u, -R and joined flags such as -BsE set sys.flags", () => {
  const show = (...opts) =>
    pyxis([
      ...opts,
      "-c",
      FLAGS +
        "f.optimize, f.bytes_warning, f.dont_write_bytecode, f.no_user_site, f.ignore_environment, f.quiet, f.verbose, __debug__)",
    ]);
  expect(show().stdout).toBe("0 0 1 1 0 0 0 True\n");
  expect(show("-O").stdout).toBe("1 0 1 1 0 0 0 False\n");
  expect(show("-OO", "-bb").stdout).toBe("2 2 1 1 0 0 0 False\n");
  expect(show("-BsE", "-q", "-u", "-R", "-d", "-b").stdout).toBe("0 1 1 1 1 1 0 True\n");
  // -u: unbuffered stdout and stderr, as python -u (PYTHONUNBUFFERED is not left behind)
  const wt =
    "import os, sys; print(sys.stdout.write_through, sys.stderr.write_through, 'PYTHONUNBUFFERED' in os.environ)";
  const buffered = { ...process.env };
  delete buffered.PYTHONUNBUFFERED;
  expect(pyxis(["-u", "-c", wt], { env: buffered }).stdout).toBe("True True False\n");
  expect(pyxis(["-c", wt], { env: buffered }).stdout).toBe("False False False\n");
  expect(pyxis(["-c", wt], { env: { ...buffered, PYTHONUNBUFFERED: "1" } }).stdout).toBe(
    "True True True\n",
  );
  const v = show("-v");
  expect(v.stdout).toBe("0 0 1 1 0 0 1 True\n");
  // -OO drops docstrings; -b warns about str(bytes), -bb raises.
  expect(pyxis(["-OO", "-c", "def f():\n    'doc'\nprint(f.__doc__)"]).stdout).toBe("None\n");
  const b = pyxis(["-b", "-c", "print(str(b'x'))"]);
  expect(b.stdout).toBe("b'x'\n");
  expect(b.stderr).toMatch(/BytesWarning: str\(\) on a bytes instance/);
  expect(pyxis(["-bb", "-c", "str(b'x')"]).stderr).toMatch(/BytesWarning: str\(\) on a bytes/);
  expect(pyxis(["-bb", "-c", "str(b'x')"]).status).toBe(1);
});

test("-v traces imports on stderr", () => {
  const r = pyxis(["-v", "-c", "import fractions"]);
  expect(r.status).toBe(0);
  expect(r.stderr).toMatch(/^import 'fractions' # /m);
});

test("-W in its joined and separate forms, in python's order with -b: sys.warnoptions and effect", () => {
  const r = pyxis([
    "-Werror",
    "-W",
    "ignore::DeprecationWarning",
    "-b",
    "-c",
    "import sys, warnings; print(sys.warnoptions)\nwarnings.warn('deprecated', DeprecationWarning)\nwarnings.warn('boom')",
  ]);
  expect(r.stdout).toBe("['error', 'ignore::DeprecationWarning', 'default::BytesWarning']\n");
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/UserWarning: boom\n$/);
  const bad = pyxis(["-Wbogus", "-c", "print('runs')"]);
  expect(bad.stdout).toBe("runs\n");
  expect(bad.stderr).toBe("Invalid -W option ignored: invalid action: 'bogus'\n");
});

test("-X options: sys._xoptions and their effects; unknown names are kept as python does", () => {
  const r = pyxis([
    "-X",
    "dev",
    "-Xint_max_str_digits=700",
    "-X",
    "tracemalloc=3",
    "-X",
    "whatever=1",
    "-c",
    "import sys, tracemalloc, faulthandler\nprint(sys._xoptions)\n" +
      "print(sys.flags.dev_mode, sys.warnoptions, faulthandler.is_enabled(), tracemalloc.get_traceback_limit(), sys.get_int_max_str_digits())",
  ]);
  expect(r.stdout).toBe(
    "{'dev': True, 'int_max_str_digits': '700', 'tracemalloc': '3', 'whatever': '1'}\n" +
      "True ['default'] True 3 700\n",
  );
  expect(r.status).toBe(0);
  const utf8 = pyxis([
    "-X",
    "utf8",
    "-c",
    "import sys, os; print(sys.flags.utf8_mode, 'PYTHONUTF8' in os.environ)",
  ]);
  expect(utf8.stdout).toBe("1 False\n");
  const enc = pyxis([
    "-X",
    "warn_default_encoding",
    "-c",
    "open(__import__('os').devnull).close()",
  ]);
  expect(enc.stderr).toMatch(/EncodingWarning: 'encoding' argument not specified/);
  expect(pyxis(["-X", "importtime", "-c", "import fractions"]).stderr).toMatch(
    /^import time: self \[us\] \| cumulative \| imported package$/m,
  );
  const bad = pyxis(["-X", "int_max_str_digits=5", "-c", "print('not run')"]);
  expect(bad).toEqual({
    status: 1,
    stdout: "",
    stderr: "pyxis: -X int_max_str_digits: invalid limit; must be >= 640 or 0 for unlimited.\n",
  });
});

test("-E and -I ignore PYTHON* variables (still in os.environ); -I implies -E -P -s", () => {
  const env = { ...process.env, PYTHONWARNINGS: "error", PYTHONOPTIMIZE: "1" };
  const run = (...opts) =>
    spawnSync(
      process.execPath,
      [
        CLI,
        ...opts,
        "-c",
        "import os, sys; f = sys.flags\nprint(sys.warnoptions, f.optimize, f.ignore_environment, f.isolated, f.safe_path, os.environ['PYTHONWARNINGS'], repr(sys.path[0]))",
      ],
      { env, encoding: "utf8", cwd: tmp },
    ).stdout;
  expect(run()).toBe("['error'] 1 0 0 False error ''\n");
  expect(run("-E")).toBe("[] 0 1 0 False error ''\n");
  expect(run("-I")).toBe(`[] 0 1 1 True error '${CONFIG.STDLIB_ZIP}'\n`);
  expect(run("-P")).toBe(`['error'] 1 0 0 True error '${CONFIG.STDLIB_ZIP}'\n`);
});

test("-S: no site (no exit/quit builtins, site not imported); -x skips the first line", () => {
  const s = pyxis([
    "-S",
    "-c",
    "import sys, builtins; print(sys.flags.no_site, 'site' in sys.modules, hasattr(builtins, 'exit'))",
  ]);
  expect(s.stdout).toBe("1 False False\n");
  expect(
    pyxis([
      "-c",
      "import sys, builtins; print(sys.flags.no_site, 'site' in sys.modules, hasattr(builtins, 'exit'))",
    ]).stdout,
  ).toBe("0 True True\n");
  fs.writeFileSync(path.join(tmp, "x.py"), "this is not python\nprint('second line')\n");
  expect(pyxis(["-x", "x.py"])).toEqual({ status: 0, stdout: "second line\n", stderr: "" });
  expect(pyxis(["x.py"]).status).toBe(1);
});

test("-i enters the prompt after the script, also after an error or sys.exit", () => {
  const r = pyxis(["-i", "-c", "x = 5"], { input: "print('in the prompt', x)\n" });
  expect(r.stdout).toBe("in the prompt 5\n");
  expect(r.stderr).toBe(">>> >>> \n");
  expect(r.status).toBe(0);
  const exits = pyxis(["-i", "-c", "import sys; sys.exit(3)"], { input: "print('after')\n" });
  expect(exits.stdout).toBe("after\n");
  expect(exits.stderr).toMatch(/SystemExit: 3\n>>> /);
  expect(exits.status).toBe(0);
  // -i without a program: the prompt reads stdin, echoing values.
  const piped = pyxis(["-i"], { input: "1 + 1\nimport sys; sys.flags.inspect\n" });
  expect(piped.stdout).toBe("2\n1\n");
  expect(piped.stderr).toMatch(/^Python 3\.13\.5 .*\nType "help", .*\n>>> >>> >>> \n$/);
  const fromPrompt = pyxis(["-i", "-c", "pass"], { input: "raise SystemExit(4)\n" });
  expect(fromPrompt.status).toBe(4);
  const flags = pyxis(
    [
      "-i",
      "-q",
      "-c",
      "import sys; print(sys.flags.inspect, sys.flags.interactive, sys.flags.quiet)",
    ],
    { input: "" },
  );
  expect(flags.stdout).toBe("1 1 1\n");
});

test("the prompt runs PYTHONSTARTUP first (from the host; not with -E)", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyxis-startup-"));
  try {
    fs.writeFileSync(path.join(dir, "startup.py"), "greeting = 'from startup'\n");
    const env = { ...process.env, PYTHONSTARTUP: path.join(dir, "startup.py") };
    const run = (...args) =>
      spawnSync(process.execPath, [CLI, ...args], {
        env,
        cwd: tmp,
        encoding: "utf8",
        input: "print(globals().get('greeting'))\n",
      }).stdout;
    expect(run("-i", "-q")).toBe("from startup\n");
    expect(run("-i", "-q", "-E")).toBe("None\n");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("at the prompt, a statement importing a lockfile package loads it before it runs", () => {
  const r = pyxis(["-i", "-c", "print('script')"], {
    input:
      "x = 1\nimport numpy as np\nprint(np.arange(3) + x)\nfor i in range(2):\n    print(i)\n\n1/0\nexit(3)\n",
  });
  expect(r.stdout).toBe("script\n[1 2 3]\n0\n1\n");
  expect(r.stderr).toMatch(
    /^>>> >>> Loading numpy\nLoaded numpy\n>>> >>> \.\.\. \.\.\. >>> Traceback/,
  );
  expect(r.stderr).toMatch(/ZeroDivisionError: division by zero\n>>> $/);
  expect(r.status).toBe(3);
});

test("a folder or zip file with __main__.py runs as in python; PYTHONPATH (not with -E)", () => {
  const lib = fs.mkdtempSync(path.join(os.tmpdir(), "pyxis-lib-"));
  try {
    fs.writeFileSync(path.join(lib, "mylib.py"), "X = 'from PYTHONPATH'\n");
    fs.mkdirSync(path.join(tmp, "app"));
    fs.writeFileSync(
      path.join(tmp, "app", "__main__.py"),
      "import sys, mylib\nprint(sys.argv, sys.path[0] == sys.argv[0] or sys.path[0], mylib.X)\n",
    );
    const env = { ...process.env, PYTHONPATH: lib };
    const run = (...args) =>
      spawnSync(process.execPath, [CLI, ...args], { env, cwd: tmp, encoding: "utf8" });
    expect(run("app", "a").stdout).toBe(`['app', 'a'] ${path.join(tmp, "app")} from PYTHONPATH\n`);
    pyxis([
      "-c",
      "import zipfile\nwith zipfile.ZipFile('app.pyz', 'w') as z: z.write('app/__main__.py', '__main__.py')",
    ]);
    expect(run("app.pyz").stdout).toBe(
      `['app.pyz'] ${path.join(tmp, "app.pyz")} from PYTHONPATH\n`,
    );
    expect(run("-E", "-c", "import mylib").stderr).toMatch(/No module named 'mylib'/);
    fs.mkdirSync(path.join(tmp, "empty"));
    expect(run("empty")).toMatchObject({
      status: 1,
      stderr: `pyxis: can't find '__main__' module in '${path.join(tmp, "empty")}'\n`,
    });
  } finally {
    fs.rmSync(lib, { recursive: true, force: true });
  }
});

test("-cCODE, -- and -V/-VV; bad options are refused by name with status 2", () => {
  expect(pyxis(["-cprint('joined')", "a"]).stdout).toBe("joined\n");
  expect(pyxis(["-Bc", "import sys; print(sys.argv)", "a"]).stdout).toBe("['-c', 'a']\n");
  fs.writeFileSync(path.join(tmp, "-s.py"), "print('dash script')\n");
  expect(pyxis(["--", "-s.py"]).stdout).toBe("dash script\n");
  expect(pyxis(["-V"]).stdout).toBe(`Python ${CONFIG.PYTHON_PATCH_VERSION}\n`);
  expect(pyxis(["-VV"]).stdout).toMatch(/^Python 3\.13\.5 \(main, .*\) \[Clang /);
  const usage =
    "usage: pyxis [option] ... [-c cmd | -m mod | file | -] [arg] ...\nTry `pyxis -h' for more information.\n";
  for (const [args, message] of [
    [["-Z"], "Unknown option: -Z"],
    [["-bZ", "-c", "pass"], "Unknown option: -Z"],
    [["--bogus"], "unknown option --bogus"],
    [["-c"], "Argument expected for the -c option"],
    [["-W"], "Argument expected for the -W option"],
    [["-X"], "Argument expected for the -X option"],
    [["-m"], "Argument expected for the -m option"],
    [["-J"], "-J is reserved for Jython"],
    [
      ["-X", "perf", "-c", "pass"],
      "-X perf is not supported by pyxis: there is no perf profiler for WebAssembly",
    ],
  ]) {
    expect({ args, ...pyxis(args) }).toEqual({
      args,
      status: 2,
      stdout: "",
      stderr: `${message}\n${usage}`,
    });
  }
  const help = pyxis(["-h"]);
  expect(help.status).toBe(0);
  expect(help.stdout).toMatch(/^usage: pyxis .*\n[^]*-W arg : warning control/);
});

test("a script may await at its top level: JS promises settle, errors and exits as usual", () => {
  fs.writeFileSync(
    path.join(tmp, "awaits.py"),
    [
      "import asyncio, js",
      "await asyncio.sleep(0.01)",
      "value = await js.Promise.resolve(42)",
      "print('got', value, __name__)",
      "import sys",
      "sys.exit(int(sys.argv[1]))",
    ].join("\n") + "\n",
  );
  expect(pyxis(["awaits.py", "3"])).toEqual({ status: 3, stdout: "got 42 __main__\n", stderr: "" });
  const failing = pyxis(["-c", "import js\nawait js.Promise.reject(js.Error.new('no'))"]);
  expect(failing.status).toBe(1);
  expect(failing.stderr).toMatch(/Traceback[\s\S]*JsException: Error: no/);
  // with -i, the prompt follows the awaited program
  const inspect = pyxis(["-i", "-c", "import asyncio\nawait asyncio.sleep(0)\nx = 7"], {
    input: "print(x * 6)\n",
  });
  expect(inspect.stdout).toContain("42");
});
