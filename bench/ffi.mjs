// FFI micro-benchmarks, run on pyxis (dist/) and, when bench/node_modules
// has it (`cd bench && npm install`), on the pyodide npm package, in the same
// process and the same way. Prints microseconds per operation. Not a test.
//   node bench/ffi.mjs [--n 200000]
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const N = Number(args[args.indexOf("--n") + 1] || 200000) || 200000;
const BIG = 10_000_000;

async function runtimes() {
  const list = [];
  const pyxis = await import(path.join(HERE, "..", "dist", "pyxis.mjs"));
  list.push(["pyxis", () => pyxis.loadPyodide()]);
  try {
    const pyodide = await import(path.join(HERE, "node_modules", "pyodide", "pyodide.mjs"));
    list.push(["pyodide " + pyodide.version, () => pyodide.loadPyodide()]);
  } catch {
    console.log(
      "(pyodide not installed in bench/node_modules: `cd bench && npm install` to compare)\n",
    );
  }
  return list;
}

function timeJs(f, n) {
  f(Math.min(n, 1000)); // warm up
  const t = performance.now();
  f(n);
  return ((performance.now() - t) * 1000) / n;
}

async function measure(py) {
  globalThis.benchFn = (x) => x;
  globalThis.benchObj = { x: 1 };
  const timePy = (setup, loop, n) =>
    py.runPython(`
import time
${setup}
def _bench(n):
${loop}
_bench(1000)
_t = time.perf_counter()
_bench(${n})
(time.perf_counter() - _t) * 1e6 / ${n}`);
  const r = {};
  r["Python -> JS call"] = timePy("from js import benchFn as f", "    for i in range(n): f(i)", N);
  r["JS attribute get from Python"] = timePy(
    "from js import benchObj as o",
    "    for i in range(n): o.x",
    N,
  );
  globalThis.benchObj.inner = {};
  r["JS attribute get from Python, an object (`o.inner`)"] = timePy(
    "from js import benchObj as o",
    "    for i in range(n): o.inner",
    N,
  );
  globalThis.benchKw = (x, kw) => x;
  r["Python -> JS call with 2 keywords"] = timePy(
    "from js import benchKw as f",
    "    for i in range(n): f(i, a=1, b=2)",
    N / 4,
  );
  globalThis.benchArr = [1, 2, 3];
  r["JS array item get + set from Python"] = timePy(
    "from js import benchArr as a",
    "    for i in range(n): a[1] = a[0]",
    N,
  );
  globalThis.benchMap = new Map([["k", 1]]);
  r["JS Map `in` + item get from Python"] = timePy(
    "from js import benchMap as m",
    "    for i in range(n): 'k' in m and m['k']",
    N,
  );
  r["iterating a JS array of 1000 from Python (per item)"] =
    timePy(
      "from js import Array; big = Array.from_(range(1000))",
      "    for _ in range(n):\n        for x in big: pass",
      N / 1000,
    ) / 1000;
  const f = py.runPython("lambda x: x");
  const g = py.runPython("lambda x, a=0, b=0: x + a + b");
  r["JS -> Python call"] = timeJs((n) => {
    for (let i = 0; i < n; i++) f(i);
  }, N);
  r["JS -> Python callKwargs (2 keywords)"] = timeJs((n) => {
    for (let i = 0; i < n; i++) g.callKwargs(i, { a: 1, b: 2 });
  }, N / 4);
  const o = py.runPython("class _O:\n    x = 1\n_O()");
  r["Python attribute get from JS"] = timeJs((n) => {
    for (let i = 0; i < n; i++) o.x;
  }, N);
  r["globals.set + globals.get"] = timeJs((n) => {
    for (let i = 0; i < n; i++) {
      py.globals.set("bench_v", i);
      py.globals.get("bench_v");
    }
  }, N / 4);
  o.destroy();
  g.destroy();
  f.destroy();
  globalThis.benchArray = new Float64Array(BIG).fill(1.5);
  r["10M float64 JS -> Python (ms)"] =
    timePy("from js import benchArray as a", "    for _ in range(n): m = a.to_memoryview()", 3) /
    1000;
  const arr = py.runPython(`import array; array.array('d', bytes(8 * ${BIG}))`);
  const t = performance.now();
  for (let i = 0; i < 3; i++) {
    const buf = arr.getBuffer();
    new Float64Array(buf.data); // a copy out of the view, as JS code would keep
    buf.release();
  }
  r["10M float64 Python -> JS (ms)"] = (performance.now() - t) / 3;
  arr.destroy();
  return r;
}

const results = {};
for (const [name, load] of await runtimes()) {
  results[name] = await measure(await load());
}
const names = Object.keys(results);
const rows = Object.keys(results[names[0]]);
console.log(`N = ${N}; µs per operation unless marked (ms)\n`);
console.log("benchmark".padEnd(50) + names.map((n) => n.padStart(16)).join(""));
for (const row of rows) {
  console.log(row.padEnd(50) + names.map((n) => results[n][row].toFixed(3).padStart(16)).join(""));
}
