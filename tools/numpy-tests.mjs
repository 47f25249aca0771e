// Runs numpy's own test suite (numpy/_core, linalg, fft, random tests; not
// the "slow" ones) natively (the toolchain's python3.X + pip's numpy, pytest
// and hypothesis of the lockfile's versions, in a venv) and in pyxis (one
// fresh runtime per test file; a test that kills the runtime is recorded as
// "crashed" and the file is run again without it; a runtime that dies outside
// any test marks the whole file "crashed"), with
// tests/numpy-suite/expected-failures.txt marking the known wasm failures as
// xfail. Both sides record every test's outcome, every collector that did not
// collect (a file that fails to import: one error; a module-level skip: one
// skipped) and pytest's exit status (tests/numpy-suite/pyxis_suite.py). The
// headline: natively passing tests that pass in pyxis, over ALL natively
// passing tests. Prints the table and writes
// build/numpy-suite/{native,wasm,summary}.json. Not part of `npm test`.
//   node tools/numpy-tests.mjs [--files REGEX] [--skip-native]     (make numpy-tests)
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// tools/config.env's facts, as the build wrote them for the loader.
const { PYTHON_VERSION, SITE_PACKAGES } = await import(path.join(ROOT, "dist", "config.mjs"));
const PYTHON = `python${PYTHON_VERSION}`;
const OUT = path.join(ROOT, "build", "numpy-suite");
const SUITE = path.join(ROOT, "tests", "numpy-suite"); // the pytest plugin and the expected failures
const EXPECTED = path.join(SUITE, "expected-failures.txt");
const DIRS = ["_core/tests", "linalg/tests", "fft/tests", "random/tests"];
// --continue-on-collection-errors: a file that fails to import natively must
// not stop the other files' tests (its error is recorded by the plugin).
const PYTEST_ARGS = [
  "-q",
  "-p",
  "no:cacheprovider",
  "-p",
  "pyxis_suite",
  "-m",
  "not slow",
  "--continue-on-collection-errors",
];
// pytest's exit statuses that mean its run itself went wrong (interrupted,
// internal error, usage error), as opposed to 0 (all passed), 1 (some tests
// failed) and 5 (nothing collected: a module-level skip).
const BROKEN_EXIT = new Set([2, 3, 4]);
const VENV = "/tmp/pyxis-numpy-native"; // inside the toolchain chroot

function inToolchain(script, env = {}, okStatuses = []) {
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
  if (r.status === null || (r.status !== 0 && !okStatuses.includes(r.status))) {
    throw new Error(`in the toolchain: ${script}\nexit ${r.status}\n${r.stderr.slice(-3000)}`);
  }
  return r;
}

// Node ids relative to numpy's folder ("_core/tests/test_x.py::test_y"): the
// rootdir pytest picks differs between the two sides.
const normalize = (res) =>
  Object.fromEntries(Object.entries(res).map(([k, v]) => [k.replace(/^(.*\/)?numpy\//, ""), v]));

// --- native --------------------------------------------------------------
function runNative(files, LOCK) {
  const pins = ["numpy", "pytest", "hypothesis"].map((p) => `${p}==${LOCK.packages[p].version}`);
  inToolchain(
    `[ -x ${VENV}/bin/python ] || ${PYTHON} -m venv ${VENV}; ` +
      `${VENV}/bin/pip install -q ${pins.join(" ")} >&2`,
  );
  const site = inToolchain(
    `${VENV}/bin/python -c "import numpy, os; print(os.path.dirname(numpy.__file__))"`,
  ).stdout.trim();
  const results = path.join(OUT, "native-results.json");
  fs.rmSync(results, { force: true });
  // Any exit status: pytest's own is read from the results file.
  const r = inToolchain(
    `cd /tmp && ${VENV}/bin/python -m pytest ${PYTEST_ARGS.map((a) => `'${a}'`).join(" ")} ` +
      files.map((f) => `${site}/${f}`).join(" ") +
      " > /dev/null",
    { PYTHONPATH: SUITE, PYXIS_SUITE_RESULTS: results },
    [1, 2, 3, 4, 5],
  );
  if (!fs.existsSync(results)) {
    throw new Error(`native pytest (exit ${r.status}) wrote no results:\n${r.stderr.slice(-3000)}`);
  }
  const { outcomes, collectors, exitstatus } = JSON.parse(fs.readFileSync(results, "utf8"));
  // Node ids are relative to the rootdir (numpy's folder's parent): the same on both sides.
  return { outcomes: normalize(outcomes), collectors: normalize(collectors), exitstatus };
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

// One file in fresh runtimes: { outcomes, collectors, exitstatus } where
// exitstatus is pytest's (of the last, complete run) or "crashed" (the runtime
// died outside any test, e.g. while importing the file; the file is then a
// "crashed" collector).
async function runWasmFile(file) {
  const outcomes = {};
  const collectors = {};
  const crashed = () => {
    collectors[`numpy/${file}`] = "crashed";
    return { outcomes, collectors, exitstatus: "crashed" };
  };
  const deselect = [];
  const site = `${SITE_PACKAGES}/numpy`;
  for (let attempt = 0; attempt < 30; attempt++) {
    let runtime;
    try {
      runtime = await newRuntime();
    } catch (e) {
      console.error(`  ${file}: the runtime did not start: ${e.message}`);
      return crashed();
    }
    const { py, lines } = runtime;
    const argv = [
      ...PYTEST_ARGS,
      `--rootdir=${SITE_PACKAGES}`, // node ids start with numpy/
      ...deselect.flatMap((d) => ["--deselect", d]),
      `${site}/${file}`,
    ];
    try {
      py.runPython(`import os
os.environ["PYXIS_SUITE_RESULTS"] = "/tmp/suite/results.json"
os.environ["PYXIS_SUITE_EXPECTED"] = "/tmp/suite/expected-failures.txt"
os.chdir("/tmp")`);
      const status = py.runPython(`import pytest; int(pytest.main(${JSON.stringify(argv)}))`);
      const results = JSON.parse(py.FS.readFile("/tmp/suite/results.json", { encoding: "utf8" }));
      if (results.exitstatus !== status)
        throw new Error(`exit ${status}, plugin saw ${results.exitstatus}`);
      Object.assign(outcomes, results.outcomes);
      Object.assign(collectors, results.collectors);
      return { outcomes, collectors, exitstatus: status };
    } catch (e) {
      // The test running when the runtime died: started and not finished.
      // (pytest's progress letter may precede a mark on its line.)
      const marks = lines.map((l) => l.match(/PYXIS-(START|END) (.+)$/)).filter(Boolean);
      const last = marks.at(-1)?.[1] === "START" ? marks.at(-1)[2] : undefined;
      const why = String(e.message).split("\n").slice(-2).join(" ");
      if (!last || deselect.includes(last)) {
        console.error(`  ${file}: the runtime died outside a test: ${why}`);
        return crashed();
      }
      outcomes[last] = "crashed";
      console.error(`  crashed in ${last}: ${why}`);
      deselect.push(last);
    }
  }
  return crashed();
}

async function runWasm(files) {
  const all = {};
  const allCollectors = {};
  const exitstatus = {};
  for (const f of files) {
    const t = performance.now();
    const r = await runWasmFile(f);
    const outcomes = normalize(r.outcomes);
    const collectors = normalize(r.collectors);
    Object.assign(all, outcomes);
    Object.assign(allCollectors, collectors);
    exitstatus[f] = r.exitstatus;
    const c = tally({ outcomes, collectors });
    console.error(
      `  ${f}: ${c.passed} passed, ${c.failed} failed, ${c.error} errors, ${c.skipped} skipped, ` +
        `${c.xfailed} xfailed, ${c.crashed} crashed; pytest exit ${r.exitstatus} ` +
        `(${((performance.now() - t) / 1000).toFixed(0)} s)`,
    );
  }
  const result = { outcomes: all, collectors: allCollectors, exitstatus };
  fs.writeFileSync(path.join(OUT, "wasm.json"), JSON.stringify(result));
  return result;
}

const OUTCOMES = ["passed", "failed", "error", "skipped", "xfailed", "xpassed", "crashed"];
// Tests and collectors that collected nothing (one error, skip or crash per
// file or class) counted together.
export function tally({ outcomes, collectors }) {
  const t = Object.fromEntries(OUTCOMES.map((o) => [o, 0]));
  for (const o of [...Object.values(outcomes), ...Object.values(collectors)]) {
    if (!(o in t)) throw new Error(`unknown outcome ${o}`);
    t[o]++;
  }
  return t;
}

/**
 * The figures from both sides' results ({ outcomes, collectors, exitstatus };
 * pyxis's exitstatus per file). The headline `ratio` is over ALL natively
 * passing tests: a test that pyxis does not collect, or whose file fails to
 * import or crashes, counts as not passing.
 */
export function summarize(native, wasm) {
  // Tests one side ran and the other did not (parametrisations that differ by
  // platform, tests generated per CPU feature, files that failed to collect or
  // crashed on one side).
  const missing = (from, to) => Object.keys(from).filter((k) => !(k in to));
  const isPass = (o) => o === "passed" || o === "xpassed";
  const nativePassing = Object.keys(native.outcomes).filter((k) => native.outcomes[k] === "passed");
  const passInPyxis = nativePassing.filter((k) => isPass(wasm.outcomes[k]));
  const collectedInPyxis = nativePassing.filter((k) => k in wasm.outcomes);
  const row = (side, other) => ({
    ...tally(side),
    notCollected: missing(other.outcomes, side.outcomes).length,
  });
  return {
    native: { ...row(native, wasm), pytestExit: native.exitstatus },
    pyxis: { ...row(wasm, native), pytestExit: wasm.exitstatus },
    nativePassing: nativePassing.length,
    nativePassingAlsoPassInPyxis: passInPyxis.length,
    ratio: nativePassing.length ? passInPyxis.length / nativePassing.length : null,
    nativePassingCollectedInPyxis: collectedInPyxis.length,
    nativePassingNotCollectedInPyxis: nativePassing.filter((k) => !(k in wasm.outcomes)),
    unexpectedFailures: Object.entries({ ...wasm.outcomes, ...wasm.collectors })
      .filter(([, o]) => ["failed", "error", "crashed"].includes(o))
      .map(([k]) => k),
    brokenRuns: [
      ...(BROKEN_EXIT.has(native.exitstatus) ? [`native: exit ${native.exitstatus}`] : []),
      ...Object.entries(wasm.exitstatus)
        .filter(([, s]) => BROKEN_EXIT.has(s) || s === "crashed")
        .map(([f, s]) => `pyxis ${f}: ${s === "crashed" ? "crashed" : `exit ${s}`}`),
    ],
  };
}

// --- main ----------------------------------------------------------------
async function main(args) {
  const opt = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const fileFilter = new RegExp(opt("--files") || ".");
  fs.mkdirSync(OUT, { recursive: true });
  const LOCK = JSON.parse(fs.readFileSync(path.join(ROOT, "dist", "pyodide-lock.json"), "utf8"));
  const VERSION = LOCK.packages.numpy.version;
  const siteFiles = inToolchain(
    `cd "$(${PYTHON} -c 'import sys; print(sys.argv[1])' ${ROOT})" && ` +
      `${PYTHON} -c "import zipfile; z = zipfile.ZipFile('dist/${LOCK.packages.numpy.file_name}'); ` +
      `print('\\n'.join(n[6:] for n in z.namelist() if n.startswith('numpy/') and '/tests/test_' in n and n.endswith('.py')))"`,
  ).stdout;
  const files = siteFiles
    .split("\n")
    .filter((f) => f && DIRS.some((d) => f.startsWith(d + "/")) && fileFilter.test(f))
    .sort();
  console.error(`numpy ${VERSION}: ${files.length} test files`);

  let native = { outcomes: {}, collectors: {}, exitstatus: null };
  if (!args.includes("--skip-native")) {
    console.error("native run...");
    native = runNative(files, LOCK);
    fs.writeFileSync(path.join(OUT, "native.json"), JSON.stringify(native));
  } else if (fs.existsSync(path.join(OUT, "native.json"))) {
    native = JSON.parse(fs.readFileSync(path.join(OUT, "native.json"), "utf8"));
  }
  console.error("pyxis run (one runtime per file)...");
  const wasm = await runWasm(files);

  const summary = {
    numpy: VERSION,
    date: new Date().toISOString().slice(0, 10),
    command: `node tools/numpy-tests.mjs ${args.join(" ")}`.trim(),
    files: files.length,
    ...summarize(native, wasm),
  };
  fs.writeFileSync(path.join(OUT, "summary.json"), JSON.stringify(summary, null, 2));

  const pct = (a, b) => `${a} / ${b} (${b ? ((100 * a) / b).toFixed(1) : "n/a"}%)`;
  console.log(
    `numpy ${VERSION} test suite (${DIRS.join(", ")}; -m "not slow"), ${files.length} files, ${summary.date}`,
  );
  console.log(
    "| | passed | failed | errors | skipped | xfailed | crashed | not collected |\n" +
      "|---|---|---|---|---|---|---|---|",
  );
  for (const [name, t] of [
    ["native", summary.native],
    ["pyxis", summary.pyxis],
  ]) {
    console.log(
      `| ${name} | ${t.passed} | ${t.failed} | ${t.error} | ${t.skipped} | ${t.xfailed} | ` +
        `${t.crashed} | ${t.notCollected} |` +
        (t.xpassed ? ` (${t.xpassed} xpassed)` : ""),
    );
  }
  console.log(
    `natively passing tests that pass in pyxis: ${pct(summary.nativePassingAlsoPassInPyxis, summary.nativePassing)}`,
  );
  console.log(
    `  of those also collected in pyxis: ${pct(summary.nativePassingAlsoPassInPyxis, summary.nativePassingCollectedInPyxis)}; ` +
      `not collected in pyxis: ${summary.nativePassingNotCollectedInPyxis.length}`,
  );
  console.log(
    `pytest exit: native ${native.exitstatus}; pyxis per file: ` +
      Object.entries(
        Object.values(wasm.exitstatus).reduce((m, s) => ({ ...m, [s]: (m[s] || 0) + 1 }), {}),
      )
        .map(([s, n]) => `${n}× ${s}`)
        .join(", "),
  );
  for (const b of summary.brokenRuns) console.log(`broken run: ${b}`);
  if (summary.unexpectedFailures.length) {
    console.log(
      `${summary.unexpectedFailures.length} unexpected failures (build/numpy-suite/summary.json)`,
    );
  }
  process.exitCode = summary.unexpectedFailures.length || summary.brokenRuns.length ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main(process.argv.slice(2));
}
