// Runs a package's own test suite (SUITES below: numpy's, pandas', a subset
// of matplotlib's; not the "slow" ones) natively (the toolchain's python3.X + pip's wheels of the
// lockfile's versions, in a venv) and in pyxis (one fresh runtime per test
// group of --group N test files (default 8), --jobs N processes at once; a
// test that kills the runtime is recorded as "crashed" and the group is run
// again without it; a runtime that dies outside any test runs the group's
// files one by one, and then marks that file "crashed"), with
// tests/package-suite/<package>-expected-failures.txt marking the known wasm
// failures as xfail. Both sides record every test's outcome, every collector
// that did not collect (a file that fails to import: one error; a
// module-level skip: one skipped) and pytest's exit status
// (tests/package-suite/pyxis_suite.py). The headline: natively passing tests
// that pass in pyxis, over ALL natively passing tests. Prints the table and
// writes build/<package>-suite/{native,wasm,summary}.json. Not part of `npm test`.
//   node tools/package-suite.mjs numpy|pandas|matplotlib [--files REGEX] [--skip-native] [--jobs N] [--group N]
//   (make numpy-tests, make pandas-tests)
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// tools/config.env's facts, as the build wrote them for the loader.
const { PYTHON_VERSION, SITE_PACKAGES } = await import(path.join(ROOT, "dist", "config.mjs"));
const PYTHON = `python${PYTHON_VERSION}`;
const SUITE = path.join(ROOT, "tests", "package-suite"); // the pytest plugin and the expected failures

// Each suite: the test folders run (relative to the package), the packages
// loaded in pyxis, the lockfile packages pip installs natively (same
// versions), and pytest's -m expression.
export const SUITES = {
  numpy: {
    dirs: ["_core/tests", "linalg/tests", "fft/tests", "random/tests"],
    load: ["numpy", "numpy-tests", "pytest", "hypothesis"],
    native: ["numpy", "pytest", "hypothesis"],
    marks: "not slow",
  },
  pandas: {
    dirs: [
      "tests/frame",
      "tests/series",
      "tests/groupby",
      "tests/indexing",
      "tests/reshape",
      "tests/arithmetic",
      "tests/window",
      "tests/tseries",
      "tests/io/parser",
    ],
    load: ["pandas", "pandas-tests", "pytest", "hypothesis"],
    native: ["pandas", "numpy", "python-dateutil", "tzdata", "pytest", "hypothesis"],
    // network: tests that reach the internet (neither side may); db: SQL
    // servers; single_cpu: tests pandas' CI runs apart.
    marks: "not slow and not network and not db and not single_cpu",
  },
  // A display-free subset, Agg on both sides; pandas on both sides too
  // (matplotlib's tests of plotting pandas objects import it).
  matplotlib: {
    dirs: ["tests"],
    only: /^tests\/test_(figure|axes|image|text|colors|ticker|dates|legend|contour|agg)\.py$/,
    load: ["matplotlib", "matplotlib-tests", "pytest", "pandas"],
    native: [
      "matplotlib",
      "pandas",
      "tzdata",
      "numpy",
      "contourpy",
      "cycler",
      "fonttools",
      "kiwisolver",
      "packaging",
      "pillow",
      "pyparsing",
      "python-dateutil",
      "pytest",
    ],
    marks: "not slow",
    env: { MPLBACKEND: "agg" },
    testsFromBundle: true,
  },
};
// --continue-on-collection-errors: a file that fails to import natively must
// not stop the other files' tests (its error is recorded by the plugin).
const pytestArgs = (suite) => [
  "-q",
  "-p",
  "no:cacheprovider",
  "-p",
  "pyxis_suite",
  "-m",
  suite.marks,
  "--continue-on-collection-errors",
];
// pytest's exit statuses that mean its run itself went wrong (interrupted,
// internal error, usage error), as opposed to 0 (all passed), 1 (some tests
// failed) and 5 (nothing collected: a module-level skip).
const BROKEN_EXIT = new Set([2, 3, 4]);
// The native venv, inside the toolchain chroot (numpy's is shared with bench/numpy).
const venv = (pkg) => `/tmp/pyxis-${pkg}-native`;

export function inToolchain(script, env = {}, okStatuses = []) {
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

// Node ids relative to the package's folder ("_core/tests/test_x.py::test_y"):
// the rootdir pytest picks differs between the two sides.
const normalize = (pkg, res) => {
  const prefix = new RegExp(`^(.*/)?${pkg}/`);
  return Object.fromEntries(Object.entries(res).map(([k, v]) => [k.replace(prefix, ""), v]));
};

// --- native --------------------------------------------------------------
// The package's native venv with the lockfile's versions of `packages`
// installed by pip from PyPI (wheels); returns the venv's path.
export function nativeVenv(pkg, packages, LOCK) {
  const VENV = venv(pkg);
  const pins = packages.map((p) => `${p}==${LOCK.packages[p].version}`);
  inToolchain(
    `[ -x ${VENV}/bin/python ] || ${PYTHON} -m venv ${VENV}; ` +
      `${VENV}/bin/pip install -q ${pins.join(" ")} >&2`,
  );
  return VENV;
}

function runNative(run, files, LOCK) {
  const { pkg, suite, out } = run;
  const VENV = nativeVenv(pkg, suite.native, LOCK);
  const site = inToolchain(
    `${VENV}/bin/python -c "import ${pkg}, os; print(os.path.dirname(${pkg}.__file__))"`,
  ).stdout.trim();
  if (suite.testsFromBundle) {
    // PyPI's wheel has no test data (matplotlib's baseline images): the
    // same files as pyxis's <pkg>-tests bundle, unpacked over the wheel's.
    const bundle = path.join(ROOT, "dist", LOCK.packages[`${pkg}-tests`].file_name);
    inToolchain(
      `${VENV}/bin/python -c "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])" ` +
        `${bundle} ${path.dirname(site)}`,
    );
  }
  const results = path.join(out, "native-results.json");
  fs.rmSync(results, { force: true });
  // Any exit status: pytest's own is read from the results file.
  const r = inToolchain(
    `cd /tmp && ${VENV}/bin/python -m pytest ${pytestArgs(suite)
      .map((a) => `'${a}'`)
      .join(" ")} ` +
      files.map((f) => `${site}/${f}`).join(" ") +
      " > /dev/null",
    { PYTHONPATH: SUITE, PYXIS_SUITE_RESULTS: results, PYXIS_SUITE_PACKAGE: pkg, ...suite.env },
    [1, 2, 3, 4, 5],
  );
  if (!fs.existsSync(results)) {
    throw new Error(`native pytest (exit ${r.status}) wrote no results:\n${r.stderr.slice(-3000)}`);
  }
  const { outcomes, collectors, exitstatus } = JSON.parse(fs.readFileSync(results, "utf8"));
  return { outcomes: normalize(pkg, outcomes), collectors: normalize(pkg, collectors), exitstatus };
}

// --- pyxis ---------------------------------------------------------------
async function newRuntime({ suite, expected }) {
  const { loadPyodide } = await import(path.join(ROOT, "dist", "pyxis.mjs"));
  const lines = [];
  const py = await loadPyodide({
    stdout: { batched: (l) => lines.push(l) },
    stderr: { batched: (l) => lines.push(l) },
  });
  await py.loadPackage(suite.load, { messageCallback: () => {} });
  py.FS.mkdirTree("/tmp/suite");
  py.FS.writeFile("/tmp/suite/pyxis_suite.py", fs.readFileSync(path.join(SUITE, "pyxis_suite.py")));
  py.FS.writeFile("/tmp/suite/expected-failures.txt", fs.readFileSync(expected));
  py.runPython("import sys; sys.path.insert(0, '/tmp/suite')");
  return { py, lines };
}

// A group of files in one fresh runtime (again without a test that killed
// it): { outcomes, collectors, exitstatus } where exitstatus is pytest's (of
// the last, complete run) or "crashed" (the runtime died outside any test,
// e.g. while importing a file: a group of several files is then run file by
// file; a single file becomes a "crashed" collector).
async function runWasmFiles(run, files) {
  const { pkg, suite } = run;
  const outcomes = {};
  const collectors = {};
  const label = files.length === 1 ? files[0] : `${files[0]} (+${files.length - 1} files)`;
  const crashed = async () => {
    if (files.length > 1) {
      console.error(`  ${label}: running its files one by one`);
      const parts = [];
      for (const f of files) parts.push(await runWasmFiles(run, [f]));
      for (const r of parts) {
        Object.assign(outcomes, r.outcomes);
        Object.assign(collectors, r.collectors);
      }
      const statuses = parts.map((r) => r.exitstatus);
      return {
        outcomes,
        collectors,
        exitstatus: statuses.includes("crashed") ? "crashed" : Math.max(...statuses),
      };
    }
    collectors[`${pkg}/${files[0]}`] = "crashed";
    return { outcomes, collectors, exitstatus: "crashed" };
  };
  const deselect = [];
  const site = `${SITE_PACKAGES}/${pkg}`;
  for (let attempt = 0; attempt < 30; attempt++) {
    let runtime;
    try {
      runtime = await newRuntime(run);
    } catch (e) {
      console.error(`  ${label}: the runtime did not start: ${e.message}`);
      return crashed();
    }
    const { py, lines } = runtime;
    const argv = [
      ...pytestArgs(suite),
      `--rootdir=${SITE_PACKAGES}`, // node ids start with the package's folder
      ...deselect.flatMap((d) => ["--deselect", d]),
      ...files.map((f) => `${site}/${f}`),
    ];
    try {
      py.runPython(`import os
os.environ["PYXIS_SUITE_RESULTS"] = "/tmp/suite/results.json"
os.environ["PYXIS_SUITE_EXPECTED"] = "/tmp/suite/expected-failures.txt"
os.environ["PYXIS_SUITE_PACKAGE"] = ${JSON.stringify(pkg)}
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
        console.error(`  ${label}: the runtime died outside a test: ${why}`);
        return crashed();
      }
      outcomes[last] = "crashed";
      console.error(`  crashed in ${last}: ${why}`);
      deselect.push(last);
    }
  }
  return crashed();
}

async function runWasm(run, groups, resultFile) {
  const all = {};
  const allCollectors = {};
  const exitstatus = {};
  for (const g of groups) {
    const f = g.length === 1 ? g[0] : `${g[0]} (+${g.length - 1} files)`;
    const t = performance.now();
    const r = await runWasmFiles(run, g);
    const outcomes = normalize(run.pkg, r.outcomes);
    const collectors = normalize(run.pkg, r.collectors);
    Object.assign(all, outcomes);
    Object.assign(allCollectors, collectors);
    for (const file of g) exitstatus[file] = r.exitstatus;
    const c = tally({ outcomes, collectors });
    console.error(
      `  ${f}: ${c.passed} passed, ${c.failed} failed, ${c.error} errors, ${c.skipped} skipped, ` +
        `${c.xfailed} xfailed, ${c.crashed} crashed; pytest exit ${r.exitstatus} ` +
        `(${((performance.now() - t) / 1000).toFixed(0)} s)`,
    );
  }
  const result = { outcomes: all, collectors: allCollectors, exitstatus };
  fs.writeFileSync(resultFile, JSON.stringify(result));
  return result;
}

// The pyxis run split over `jobs` processes (this script with --shard i/N),
// groups dealt round-robin; their results merged.
async function runWasmSharded(run, groups, jobs, args) {
  if (jobs <= 1) return runWasm(run, groups, path.join(run.out, "wasm.json"));
  const passOn = args.filter(
    (a, i) => !["--jobs", "--shard"].includes(a) && !["--jobs", "--shard"].includes(args[i - 1]),
  );
  const shards = await Promise.all(
    Array.from({ length: jobs }, (_, i) => {
      const child = spawn(
        process.execPath,
        [fileURLToPath(import.meta.url), ...passOn, "--shard", `${i}/${jobs}`],
        {
          stdio: ["ignore", "ignore", "inherit"],
        },
      );
      return new Promise((resolve, reject) =>
        child.on("exit", (code) => {
          const file = path.join(run.out, `wasm-shard-${i}.json`);
          if (!fs.existsSync(file))
            reject(new Error(`shard ${i}/${jobs} (exit ${code}) wrote no results`));
          else resolve(JSON.parse(fs.readFileSync(file, "utf8")));
        }),
      );
    }),
  );
  const result = { outcomes: {}, collectors: {}, exitstatus: {} };
  for (const r of shards) for (const k of Object.keys(result)) Object.assign(result[k], r[k]);
  fs.writeFileSync(path.join(run.out, "wasm.json"), JSON.stringify(result));
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
  const isFailure = (o) => ["failed", "error", "crashed"].includes(o);
  const nativeAll = { ...native.outcomes, ...native.collectors };
  const pyxisFailures = Object.entries({ ...wasm.outcomes, ...wasm.collectors })
    .filter(([, o]) => isFailure(o))
    .map(([k]) => k);
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
    // Failures in pyxis of tests that do not fail natively (a test failing
    // on both sides, e.g. for a data file the sdist lacks, is counted apart).
    unexpectedFailures: pyxisFailures.filter((k) => !isFailure(nativeAll[k])),
    failingOnBothSides: pyxisFailures.filter((k) => isFailure(nativeAll[k])).length,
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
  const pkg = args[0];
  const suite = SUITES[pkg];
  if (!suite)
    throw new Error(`usage: package-suite.mjs ${Object.keys(SUITES).join("|")} [options]`);
  const run = {
    pkg,
    suite,
    out: path.join(ROOT, "build", `${pkg}-suite`),
    expected: path.join(SUITE, `${pkg}-expected-failures.txt`),
  };
  const fileFilter = new RegExp(opt("--files") || ".");
  fs.mkdirSync(run.out, { recursive: true });
  const LOCK = JSON.parse(fs.readFileSync(path.join(ROOT, "dist", "pyodide-lock.json"), "utf8"));
  const VERSION = LOCK.packages[pkg].version;
  const testsBundle = LOCK.packages[`${pkg}-tests`].file_name;
  const siteFiles = inToolchain(
    `cd "$(${PYTHON} -c 'import sys; print(sys.argv[1])' ${ROOT})" && ` +
      `${PYTHON} -c "import zipfile; z = zipfile.ZipFile('dist/${testsBundle}'); ` +
      `print('\\n'.join(n[${pkg.length + 1}:] for n in z.namelist() if n.startswith('${pkg}/') and '/test_' in n and n.endswith('.py')))"`,
  ).stdout;
  const all = siteFiles
    .split("\n")
    .filter((f) => f && suite.dirs.some((d) => f.startsWith(d + "/")) && fileFilter.test(f))
    .filter((f) => !suite.only || suite.only.test(f))
    .sort();
  // Consecutive files (so mostly of one folder) share a runtime.
  const size = Number(opt("--group") || 8);
  const groups = [];
  for (let k = 0; k < all.length; k += size) groups.push(all.slice(k, k + size));
  const shard = opt("--shard");
  if (shard) {
    // A child of runWasmSharded: its share of the groups, pyxis only.
    const [i, n] = shard.split("/").map(Number);
    const mine = groups.filter((_, k) => k % n === i);
    await runWasm(run, mine, path.join(run.out, `wasm-shard-${i}.json`));
    return;
  }
  const files = all;
  console.error(`${pkg} ${VERSION}: ${files.length} test files`);

  let native = { outcomes: {}, collectors: {}, exitstatus: null };
  const nativeFile = path.join(run.out, "native.json");
  if (!args.includes("--skip-native")) {
    console.error("native run...");
    native = runNative(run, files, LOCK);
    fs.writeFileSync(nativeFile, JSON.stringify(native));
  } else if (fs.existsSync(nativeFile)) {
    native = JSON.parse(fs.readFileSync(nativeFile, "utf8"));
  }
  const jobs = Number(opt("--jobs") || 1);
  console.error(`pyxis run (one runtime per ${size} files, ${jobs} at a time)...`);
  const wasm = await runWasmSharded(run, groups, jobs, args);

  const summary = {
    package: pkg,
    version: VERSION,
    date: new Date().toISOString().slice(0, 10),
    command: `node tools/package-suite.mjs ${args.join(" ")}`.trim(),
    files: files.length,
    ...summarize(native, wasm),
  };
  fs.writeFileSync(path.join(run.out, "summary.json"), JSON.stringify(summary, null, 2));

  const pct = (a, b) => `${a} / ${b} (${b ? ((100 * a) / b).toFixed(1) : "n/a"}%)`;
  console.log(
    `${pkg} ${VERSION} test suite (${suite.dirs.join(", ")}; -m "${suite.marks}"), ` +
      `${files.length} files, ${summary.date}`,
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
  if (summary.failingOnBothSides) {
    console.log(`${summary.failingOnBothSides} tests fail (or error) natively and in pyxis alike`);
  }
  if (summary.unexpectedFailures.length) {
    console.log(
      `${summary.unexpectedFailures.length} unexpected failures (build/${pkg}-suite/summary.json)`,
    );
  }
  process.exitCode = summary.unexpectedFailures.length || summary.brokenRuns.length ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main(process.argv.slice(2));
}
