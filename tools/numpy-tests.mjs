// Runs numpy's own test suite (numpy/_core, linalg, fft, random tests; not
// the "slow" ones) natively (the toolchain's python3.13 + pip's numpy of the
// same version, in a venv) and in pyxis (one fresh runtime per test file; a
// test that kills the runtime is recorded as "crashed" and the file is run
// again without it), with tests/numpy-suite/expected-failures.txt marking the
// known wasm failures as xfail. Prints the figures side by side and writes
// build/numpy-suite/{native,wasm,summary}.json. Not part of `npm test`.
//   node tools/numpy-tests.mjs [--files REGEX] [--skip-native]     (make numpy-tests)
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const OUT = path.join(ROOT, "build", "numpy-suite");
const SUITE = path.join(ROOT, "tests", "numpy-suite"); // the pytest plugin and the expected failures
const EXPECTED = path.join(SUITE, "expected-failures.txt");
const LOCK = JSON.parse(fs.readFileSync(path.join(ROOT, "dist", "pyodide-lock.json"), "utf8"));
const VERSION = LOCK.packages.numpy.version;
const DIRS = ["_core/tests", "linalg/tests", "fft/tests", "random/tests"];
const PYTEST_ARGS = ["-q", "-p", "no:cacheprovider", "-p", "pyxis_suite", "-m", "not slow"];
const VENV = "/tmp/pyxis-numpy-native"; // inside the toolchain chroot

const args = process.argv.slice(2);
const opt = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const fileFilter = new RegExp(opt("--files") || ".");
fs.mkdirSync(OUT, { recursive: true });

function inToolchain(script, env = {}) {
  const envs = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  const r = spawnSync(
    path.join(ROOT, "tools", "in-toolchain"),
    ["env", ...envs, "bash", "-c", script],
    {
      encoding: "utf8",
      cwd: ROOT,
      maxBuffer: 1 << 30,
    },
  );
  if (r.status !== 0 && r.status !== 1) {
    throw new Error(`in the toolchain: ${script}\nexit ${r.status}\n${r.stderr.slice(-3000)}`);
  }
  return r;
}

// Node ids relative to numpy's folder ("_core/tests/test_x.py::test_y"): the
// rootdir pytest picks differs between the two sides.
const normalize = (res) =>
  Object.fromEntries(Object.entries(res).map(([k, v]) => [k.replace(/^(.*\/)?numpy\//, ""), v]));

// --- native --------------------------------------------------------------
function runNative(files) {
  inToolchain(
    `[ -x ${VENV}/bin/python ] || python3.13 -m venv ${VENV}; ` +
      `${VENV}/bin/pip install -q numpy==${VERSION} pytest==8.3.5 hypothesis==6.135.0 >&2`,
  );
  const site = inToolchain(
    `${VENV}/bin/python -c "import numpy, os; print(os.path.dirname(numpy.__file__))"`,
  ).stdout.trim();
  const results = path.join(OUT, "native.json");
  inToolchain(
    `cd /tmp && ${VENV}/bin/python -m pytest ${PYTEST_ARGS.map((a) => `'${a}'`).join(" ")} ` +
      files.map((f) => `${site}/${f}`).join(" ") +
      " > /dev/null",
    { PYTHONPATH: SUITE, PYXIS_SUITE_RESULTS: results },
  );
  // Node ids are relative to the rootdir (numpy's folder's parent): the same on both sides.
  return normalize(JSON.parse(fs.readFileSync(results, "utf8")));
}

// --- pyxis ---------------------------------------------------------------
async function newRuntime() {
  const { loadPyodide } = await import(path.join(ROOT, "dist", "pyxis.mjs"));
  const lines = [];
  const py = await loadPyodide({
    stdout: { batched: (l) => lines.push(l) },
    stderr: { batched: (l) => lines.push(l) },
  });
  await py.loadPackage(["numpy", "pytest", "hypothesis"], { messageCallback: () => {} });
  py.FS.mkdirTree("/tmp/suite");
  py.FS.writeFile("/tmp/suite/pyxis_suite.py", fs.readFileSync(path.join(SUITE, "pyxis_suite.py")));
  py.FS.writeFile("/tmp/suite/expected-failures.txt", fs.readFileSync(EXPECTED));
  py.runPython("import sys; sys.path.insert(0, '/tmp/suite')");
  return { py, lines };
}

async function runWasmFile(file) {
  const outcomes = {};
  const deselect = [];
  for (let attempt = 0; attempt < 30; attempt++) {
    const { py, lines } = await newRuntime();
    const site = "/lib/python3.13/site-packages/numpy";
    const argv = [
      ...PYTEST_ARGS,
      "--rootdir=/lib/python3.13/site-packages", // node ids start with numpy/
      ...deselect.flatMap((d) => ["--deselect", d]),
      `${site}/${file}`,
    ];
    py.runPython(`import os
os.environ["PYXIS_SUITE_RESULTS"] = "/tmp/suite/results.json"
os.environ["PYXIS_SUITE_EXPECTED"] = "/tmp/suite/expected-failures.txt"
os.chdir("/tmp")`);
    try {
      py.runPython(`import pytest; pytest.main(${JSON.stringify(argv)})`);
      Object.assign(
        outcomes,
        JSON.parse(py.FS.readFile("/tmp/suite/results.json", { encoding: "utf8" })),
      );
      return outcomes;
    } catch (e) {
      const started = lines.filter((l) => l.startsWith("PYXIS-START ")).map((l) => l.slice(12));
      const last = started.at(-1);
      if (!last || deselect.includes(last)) throw e;
      let partial = {};
      try {
        partial = JSON.parse(py.FS.readFile("/tmp/suite/results.json", { encoding: "utf8" }));
      } catch {}
      Object.assign(outcomes, partial);
      outcomes[last] = "crashed";
      console.error(`  crashed in ${last}: ${String(e.message).split("\n").slice(-2).join(" ")}`);
      deselect.push(last);
    }
  }
  return outcomes;
}

async function runWasm(files) {
  const all = {};
  for (const f of files) {
    const t = performance.now();
    const r = normalize(await runWasmFile(f));
    Object.assign(all, r);
    const n = Object.values(r);
    const count = (o) => n.filter((x) => x === o).length;
    console.error(
      `  ${f}: ${count("passed")} passed, ${count("failed") + count("error")} failed, ${count("skipped")} skipped, ` +
        `${count("xfailed")} xfailed, ${count("crashed")} crashed (${((performance.now() - t) / 1000).toFixed(0)} s)`,
    );
  }
  fs.writeFileSync(path.join(OUT, "wasm.json"), JSON.stringify(all));
  return all;
}

// --- main ----------------------------------------------------------------
const siteFiles = inToolchain(
  `cd "$(python3.13 -c 'import sys; print(sys.argv[1])' ${ROOT})" && ` +
    `python3.13 -c "import zipfile; z = zipfile.ZipFile('dist/${LOCK.packages.numpy.file_name}'); ` +
    `print('\\n'.join(n[6:] for n in z.namelist() if n.startswith('numpy/') and '/tests/test_' in n and n.endswith('.py')))"`,
).stdout;
const files = siteFiles
  .split("\n")
  .filter((f) => f && DIRS.some((d) => f.startsWith(d + "/")) && fileFilter.test(f))
  .sort();
console.error(`numpy ${VERSION}: ${files.length} test files`);

const tally = (res) => {
  const t = { passed: 0, failed: 0, skipped: 0, xfailed: 0, xpassed: 0, crashed: 0 };
  for (const o of Object.values(res))
    t[o === "error" ? "failed" : o] = (t[o === "error" ? "failed" : o] || 0) + 1;
  return t;
};
let native = {};
if (!args.includes("--skip-native")) {
  console.error("native run...");
  native = runNative(files);
} else if (fs.existsSync(path.join(OUT, "native.json"))) {
  native = normalize(JSON.parse(fs.readFileSync(path.join(OUT, "native.json"), "utf8")));
}
console.error("pyxis run (one runtime per file)...");
const wasm = await runWasm(files);

const nativePassed = Object.keys(native).filter((k) => native[k] === "passed" && k in wasm);
const alsoInWasm = nativePassed.filter((k) => wasm[k] === "passed" || wasm[k] === "xpassed");
const summary = {
  numpy: VERSION,
  files: files.length,
  native: tally(Object.fromEntries(Object.entries(native).filter(([k]) => k in wasm || true))),
  pyxis: tally(wasm),
  nativePassing: nativePassed.length,
  nativePassingAlsoPassInPyxis: alsoInWasm.length,
  ratio: nativePassed.length ? alsoInWasm.length / nativePassed.length : null,
  unexpectedFailures: Object.keys(wasm).filter((k) =>
    ["failed", "error", "crashed"].includes(wasm[k]),
  ),
};
fs.writeFileSync(path.join(OUT, "summary.json"), JSON.stringify(summary, null, 2));
console.log(
  `numpy ${VERSION} test suite (${DIRS.join(", ")}; -m "not slow"), ${files.length} files`,
);
console.log("| | passed | failed | skipped | xfailed | crashed |\n|---|---|---|---|---|---|");
for (const [name, t] of [
  ["native", summary.native],
  ["pyxis", summary.pyxis],
]) {
  console.log(
    `| ${name} | ${t.passed} | ${t.failed} | ${t.skipped} | ${t.xfailed} | ${t.crashed} |`,
  );
}
if (summary.ratio !== null) {
  console.log(
    `natively passing tests that pass in pyxis: ${alsoInWasm.length} / ${nativePassed.length} ` +
      `(${(100 * summary.ratio).toFixed(1)}%)`,
  );
}
if (summary.unexpectedFailures.length) {
  console.log(
    `${summary.unexpectedFailures.length} unexpected failures (build/numpy-suite/summary.json)`,
  );
}
process.exitCode = summary.unexpectedFailures.length ? 1 : 0;
