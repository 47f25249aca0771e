// The suite's timing loop (bench/driver.py with bench/shim/pyperf.py) in
// pyxis: a pyperformance-style file's first registered benchmark and one of
// our run() files are loaded and timed (calls counted, seconds per inner
// loop), and a file that registers nothing is refused.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadCaptured, ROOT } from "../helpers.mjs";

const BENCH = path.join(ROOT, "bench");
let pyodide, dir;
beforeAll(async () => {
  ({ pyodide } = await loadCaptured());
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyxis-driver-"));
  fs.writeFileSync(
    path.join(dir, "bm_style.py"),
    `import builtins, pyperf
builtins.bm_calls = []
def work(n):
    builtins.bm_calls.append(n)
def timed(loops, n):
    t0 = pyperf.perf_counter()
    for _ in range(loops):
        builtins.bm_calls.append(n)
    return pyperf.perf_counter() - t0
if __name__ == "__main__":
    runner = pyperf.Runner()
    runner.argparser.add_argument("--size", type=int, default=7)
    args = runner.parse_args()
    runner.bench_func("first", work, args.size, inner_loops=2)
    runner.bench_time_func("second", timed, 1)
`,
  );
  fs.writeFileSync(
    path.join(dir, "ours.py"),
    "import builtins\nbuiltins.ours_calls = 0\ndef run():\n    builtins.ours_calls += 1\n",
  );
  fs.writeFileSync(path.join(dir, "empty.py"), "x = 1\n");
  for (const folder of [BENCH, dir]) {
    pyodide.FS.mkdirTree(folder);
    pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: folder }, folder);
  }
  pyodide.runPython(`import sys; sys.path.insert(0, ${JSON.stringify(BENCH)}); import driver`);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test("a pyperformance-style file: its first benchmark, its options at their defaults", () => {
  const file = path.join(dir, "bm_style.py");
  expect(pyodide.runPython(`driver.load(${JSON.stringify(file)})`).toJs()).toEqual(["first", 2]);
  const t = pyodide.runPython(`driver.sample(${JSON.stringify(file)}, 3)`);
  expect(t).toBeGreaterThan(0);
  // The benchmark ran 3 times with --size's default; the shim kept both registrations.
  expect(pyodide.runPython("import pyperf; [r[0] for r in pyperf.registered]").toJs()).toEqual([
    "first",
    "second",
  ]);
  expect(pyodide.runPython("sys.modules['pyperf'].registered[0][2]")).toBe(2);
  expect(pyodide.runPython("import builtins; builtins.bm_calls").toJs()).toEqual([7, 7, 7]);
});

test("one of our files: run() timed, called once per loop", () => {
  const file = path.join(dir, "ours.py");
  expect(pyodide.runPython(`driver.load(${JSON.stringify(file)})`).toJs()).toEqual(["ours", 1]);
  pyodide.runPython(`driver.sample(${JSON.stringify(file)}, 5)`);
  expect(pyodide.runPython("import builtins; builtins.ours_calls")).toBe(5);
});

test("a file that registers nothing and defines no run() is refused", () => {
  const file = path.join(dir, "empty.py");
  expect(() => pyodide.runPython(`driver.load(${JSON.stringify(file)})`)).toThrow(
    /registers no benchmark and defines no run\(\)/,
  );
});
