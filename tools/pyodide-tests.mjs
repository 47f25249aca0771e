// Runs Pyodide's own test suite (../shared/pyodide-tests, unchanged: FILES
// below) against the pyodide npm package (bench/node_modules/pyodide, pinned in
// bench/package.json) and against pyxis (dist/), the same way: pytest-pyodide's
// Node runtime (`--rt node-no-host`), host pytest in a venv of
// tests/pyodide-suite/requirements.txt (hash-pinned, made with the host's
// python3 — 3.11 here, pytest-pyodide's floor; $PYXIS_SUITE_PYTHON overrides —
// and cached under $PYXIS_CACHE/pyodide-suite/), and our pytest plugin
// tests/pyodide-suite/pyodide_suite_harness.py, which starts each runtime and
// keeps its state through the public API only. Each runtime gets a folder laid
// out as the Pyodide checkout the suite expects, build/pyodide-suite/<runtime>-root/:
// `src` (a symlink to the suite's) and `dist` (symlinks plus thin entry files
// the runner can load; for Pyodide also the PyPI wheels of the packages
// run_in_pyodide loads, which its npm package leaves to its CDN:
// tests/pyodide-suite/pyodide-wheels.txt). Pyodide's `pyodide` Python package,
// which the suite imports on the host, comes from the npm package's stdlib zip
// (build/pyodide-suite/host-py). One pytest run per file and runtime. Prints
// per file collected/passed/failed/skipped/xfailed/errors for both side by
// side, and the headline: public-behaviour tests (not in
// tests/pyodide-suite/internal-tests.txt) passing on Pyodide that pass on
// pyxis. Writes build/pyodide-suite/{pyodide,pyxis,summary}.json (every
// test's outcome and short failure reason) and logs/. Not part of `npm test`.
//   node tools/pyodide-tests.mjs [--files REGEX] [-k EXPR] [--quick]
//     [--only pyodide|pyxis] [--jobs 2] [--dist DIR]     (make pyodide-tests)
// --quick runs tests/pyodide-suite/quick-tests.txt; --only reruns one side
// and reuses the other's last results (restricted to what this run selected);
// --jobs 2 runs the two runtimes at the same time; --dist tests another
// pyxis dist folder than dist/ (a copy that a rebuild cannot change mid-run).
import { spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SHARED = process.env.PYODIDE_TESTS_DIR || path.join(ROOT, "..", "shared", "pyodide-tests");
const SUITE = path.join(ROOT, "tests", "pyodide-suite");
// Where results go ($PYODIDE_TESTS_OUT: another folder, e.g. the quick run of
// tests/pyodide-suite/quick.test.mjs, so it leaves the full run's alone).
const OUT = process.env.PYODIDE_TESTS_OUT || path.join(ROOT, "build", "pyodide-suite");
const CACHE = process.env.PYXIS_CACHE || path.join(os.homedir(), ".cache", "pyxis");
const PYTHON = process.env.PYXIS_SUITE_PYTHON || "python3"; // 3.11+ (pytest-pyodide's floor)
const PYODIDE_PKG = path.join(ROOT, "bench", "node_modules", "pyodide");
export const FILES = [
  "test_jsproxy.py",
  "test_pyproxy.py",
  "test_typeconversions.py",
  "test_pyodide.py",
  "test_asyncio.py",
  "test_stdlib_fixes.py",
  "test_filesystem.py",
  "test_streams.py",
  "test_python.py",
];
export const RUNTIMES = ["pyodide", "pyxis"];
const FILE_TIMEOUT_MS = 45 * 60 * 1000; // one file's pytest run, whole
const TEST_TIMEOUT_S = 300; // one test (pytest-timeout)

// --- pure logic (tests/pyodide-suite/pyodide_suite.test.mjs) ---------------

/** "id  # reason" lines (blank lines and whole-line comments skipped) -> Map id -> reason. */
export function parseList(text, { requireReason = true } = {}) {
  const out = new Map();
  for (const [i, raw] of text.split("\n").entries()) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const hash = line.indexOf("#");
    const id = (hash < 0 ? line : line.slice(0, hash)).trim();
    const reason = hash < 0 ? "" : line.slice(hash + 1).trim();
    if (!/^test_\w+\.py(::\w+)?$/.test(id)) throw new Error(`line ${i + 1}: not a test id: ${id}`);
    if (requireReason && !reason) throw new Error(`line ${i + 1}: ${id} has no "# reason"`);
    if (out.has(id)) throw new Error(`line ${i + 1}: ${id} listed twice`);
    out.set(id, reason);
  }
  return out;
}

/** The list entry covering a test id ("file::test[params]"), or undefined. */
export function listedAs(list, id) {
  const base = id.replace(/\[.*$/, "");
  if (list.has(base)) return base;
  const file = base.split("::")[0];
  return list.has(file) ? file : undefined;
}

/** "src/tests/test_x.py::test_y[node]" -> "test_x.py::test_y[node]". */
export const shortId = (nodeid) => nodeid.replace(/^(.*\/)?src\/tests\//, "");
export const fileOf = (id) => id.split("::")[0];

export const OUTCOMES = ["passed", "failed", "error", "skipped", "xfailed", "xpassed"];

/** Per-file counts for one runtime's results ({outcomes, collectors}). */
export function tallyByFile(result, files) {
  const zero = () => ({ collected: 0, ...Object.fromEntries(OUTCOMES.map((o) => [o, 0])) });
  const rows = Object.fromEntries(files.map((f) => [f, zero()]));
  const add = (id, outcome) => {
    if (!OUTCOMES.includes(outcome)) throw new Error(`unknown outcome ${outcome} of ${id}`);
    const row = (rows[fileOf(id)] ??= zero());
    row.collected++;
    row[outcome]++;
  };
  for (const [id, r] of Object.entries(result.outcomes)) add(id, r.outcome);
  // A collector that failed (a file that cannot be collected): one error.
  for (const [id, r] of Object.entries(result.collectors)) add(id, r.outcome);
  const total = zero();
  for (const row of Object.values(rows)) for (const k of Object.keys(total)) total[k] += row[k];
  return { rows, total };
}

/**
 * The figures: the headline is over the public-behaviour tests (not listed as
 * internal) that pass on Pyodide; a test pyxis did not run (its file crashed,
 * timed out or did not collect) counts as not passing. `files` are the files
 * this run selected.
 */
export function summarize(pyodide, pyxis, internal, files, { complete = true } = {}) {
  const isPass = (r) => r?.outcome === "passed";
  const pyodidePassing = Object.keys(pyodide.outcomes).filter((id) => isPass(pyodide.outcomes[id]));
  const publicPassing = pyodidePassing.filter((id) => !listedAs(internal, id));
  const internalIds = [
    ...new Set([...Object.keys(pyodide.outcomes), ...Object.keys(pyxis.outcomes)]),
  ]
    .filter((id) => listedAs(internal, id))
    .sort();
  const alsoPass = publicPassing.filter((id) => isPass(pyxis.outcomes[id]));
  const failing = publicPassing
    .filter((id) => !isPass(pyxis.outcomes[id]))
    .sort()
    .map((id) => ({
      id,
      outcome: pyxis.outcomes[id]?.outcome ?? "not run",
      reason: pyxis.outcomes[id]?.reason ?? pyxis.collectors[fileOf(id)]?.reason ?? "",
    }));
  // Listed entries that match no collected test (renamed upstream?), when
  // whole files ran.
  const stale = complete
    ? [...internal.keys()].filter(
        (k) =>
          files.includes(fileOf(k)) &&
          !Object.keys(pyodide.outcomes).some((id) => listedAs(new Map([[k, ""]]), id)),
      )
    : [];
  return {
    pyodide: tallyByFile(pyodide, files),
    pyxis: tallyByFile(pyxis, files),
    publicPassingOnPyodide: publicPassing.length,
    publicPassingAlsoOnPyxis: alsoPass.length,
    ratio: publicPassing.length ? alsoPass.length / publicPassing.length : null,
    internal: {
      tests: internalIds.length,
      passOnPyodide: internalIds.filter((id) => isPass(pyodide.outcomes[id])).length,
      passOnPyxis: internalIds.filter((id) => isPass(pyxis.outcomes[id])).length,
    },
    staleInternalEntries: stale,
    pyxisFailing: failing,
    passOnPyxisOnly: Object.keys(pyxis.outcomes)
      .filter((id) => isPass(pyxis.outcomes[id]) && !isPass(pyodide.outcomes[id]))
      .sort(),
  };
}

/** Failure reasons grouped by their gist (numbers, quoted names and addresses folded). */
export function groupReasons(failing) {
  const groups = new Map();
  for (const { id, reason } of failing) {
    const key =
      reason
        .replace(/^(setup|teardown): /, "")
        .replace(/0x[0-9a-f]+/gi, "\0")
        .replace(/(['"`]).*?\1/g, "$1…$1")
        .replace(/\d+/g, "N")
        .replace(/\0/g, "0x…")
        .slice(0, 110) || "(no reason)";
    if (!groups.has(key)) groups.set(key, { reason: key, example: reason, ids: [] });
    groups.get(key).ids.push(id);
  }
  return [...groups.values()]
    .map((g) => ({ ...g, count: g.ids.length }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}

// --- setup -----------------------------------------------------------------

const sha16 = (file) =>
  crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex").slice(0, 16);

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 1 << 28, ...opts });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(" ")}: exit ${r.status}\n${(r.stderr || "").slice(-3000)}`);
  }
  return r.stdout;
}

// A folder made once per key: built in a temporary name, marked complete last.
function cachedDir(dir, make) {
  if (fs.existsSync(path.join(dir, ".complete"))) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  make(dir);
  fs.writeFileSync(path.join(dir, ".complete"), "");
  return dir;
}

// The host side: a venv with requirements.txt (pip's configured index). A venv
// cannot move, so it is made in place and marked complete last.
function venv() {
  const req = path.join(SUITE, "requirements.txt");
  const dir = path.join(CACHE, "pyodide-suite", `venv-${sha16(req)}`);
  return cachedDir(dir, (d) => {
    console.error(`making the venv ${d}`);
    run(PYTHON, ["-m", "venv", d]);
    const pip = path.join(d, "bin", "pip");
    run(pip, ["install", "-q", "--no-deps", "--require-hashes", "-r", req]);
    run(path.join(d, "bin", "python"), ["-c", "import pytest_pyodide, pexpect, hypothesis, tblib"]);
  });
}

// The PyPI wheels of the packages run_in_pyodide loads into Pyodide.
function pyodideWheels(python) {
  const req = path.join(SUITE, "pyodide-wheels.txt");
  const dir = path.join(CACHE, "pyodide-suite", `pyodide-wheels-${sha16(req)}`);
  return cachedDir(dir, (d) => {
    fs.mkdirSync(d, { recursive: true });
    run(python, [
      "-m",
      "pip",
      "download",
      "-q",
      "--no-deps",
      "--only-binary=:all:",
      "--require-hashes",
      "-r",
      req,
      "-d",
      d,
    ]);
  });
}

function freshDir(dir) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
}

// <runtime>-root/{dist,src}: dist made empty, src the suite's.
function freshRoot(dist) {
  freshDir(dist);
  const src = path.join(path.dirname(dist), "src");
  fs.rmSync(src, { force: true });
  fs.symlinkSync(path.join(SHARED, "src"), src);
}

// build/pyodide-suite/pyodide-root/dist: the npm package's files as symlinks, its
// loaders copied (Pyodide finds its files and packages beside its loader, so
// they must live here), and the wheels under the lockfile's names.
function pyodideDist(python) {
  if (!fs.existsSync(path.join(PYODIDE_PKG, "pyodide.js"))) {
    throw new Error(`${PYODIDE_PKG} is missing: run \`cd bench && npm ci\``);
  }
  const dir = path.join(OUT, "pyodide-root", "dist");
  freshRoot(dir);
  for (const name of fs.readdirSync(PYODIDE_PKG)) {
    const src = path.join(PYODIDE_PKG, name);
    if (["pyodide.js", "pyodide.mjs", "package.json"].includes(name)) {
      fs.copyFileSync(src, path.join(dir, name));
    } else fs.symlinkSync(src, path.join(dir, name));
  }
  const lock = JSON.parse(fs.readFileSync(path.join(PYODIDE_PKG, "pyodide-lock.json"), "utf8"));
  const names = new Set(Object.values(lock.packages).map((p) => p.file_name));
  const wheels = pyodideWheels(python);
  for (const w of fs.readdirSync(wheels).filter((n) => n.endsWith(".whl"))) {
    if (!names.has(w)) throw new Error(`${w} is not a file of Pyodide's lockfile`);
    fs.symlinkSync(path.join(wheels, w), path.join(dir, w));
  }
  return {
    dir,
    version: JSON.parse(fs.readFileSync(path.join(PYODIDE_PKG, "package.json"))).version,
  };
}

// The upstream conftest puts Pyodide's Python sources (its src/py) on the
// host's sys.path, and test_pyodide.py and test_asyncio.py import `pyodide`
// on the host: the same `pyodide` and `_pyodide` packages, taken from the npm
// package's stdlib zip, into build/pyodide-suite/host-py (on PYTHONPATH).
function hostPy(python) {
  const dir = path.join(OUT, "host-py");
  freshDir(dir);
  run(python, [
    "-c",
    "import sys, zipfile\n" +
      "z = zipfile.ZipFile(sys.argv[1])\n" +
      "z.extractall(sys.argv[2], [n for n in z.namelist() if n.split('/')[0] in ('pyodide', '_pyodide')])",
    path.join(PYODIDE_PKG, "python_stdlib.zip"),
    dir,
  ]);
  return dir;
}

// build/pyodide-suite/pyxis-root/dist: dist/'s files as symlinks and the entry
// files the runner loads (`require(dist + "/pyodide")`).
async function pyxisDist(dist) {
  if (!fs.existsSync(path.join(dist, "index.cjs"))) throw new Error(`${dist} is missing: run make`);
  const dir = path.join(OUT, "pyxis-root", "dist");
  freshRoot(dir);
  for (const name of fs.readdirSync(dist)) {
    if (name === "pyodide.js" || name === "pyodide.mjs") continue;
    fs.symlinkSync(path.join(dist, name), path.join(dir, name));
  }
  // Pyodide's name for the stdlib archive (test_custom_python_stdlib_URL copies it).
  const { STDLIB_ZIP_NAME } = await import(path.join(dist, "config.mjs"));
  fs.symlinkSync(path.join(dist, STDLIB_ZIP_NAME), path.join(dir, "python_stdlib.zip"));
  fs.writeFileSync(
    path.join(dir, "pyodide.js"),
    '// Entry for pytest-pyodide\'s Node runner (tools/pyodide-tests.mjs).\nmodule.exports = require("./index.cjs");\n',
  );
  fs.writeFileSync(
    path.join(dir, "pyodide.mjs"),
    '// Entry for tests that import pyodide.mjs (tools/pyodide-tests.mjs).\nexport * from "./pyxis.mjs";\n',
  );
  const pkg = JSON.parse(fs.readFileSync(path.join(dist, "package.json"), "utf8"));
  return { dir, version: pkg.version };
}

// --- running ---------------------------------------------------------------

// One pytest run of one file (or of the quick list's tests in it) on one runtime.
function runFile(rt, distDir, file, { python, hostPyDir, k, ids }) {
  const hypothesisDir = path.join(OUT, `hypothesis-${rt}`);
  const results = path.join(OUT, "raw", `${rt}-${file}.json`);
  const log = path.join(OUT, "logs", `${rt}-${file}.log`);
  for (const d of [path.dirname(results), path.dirname(log)]) fs.mkdirSync(d, { recursive: true });
  fs.rmSync(results, { force: true });
  const target = path.join(SHARED, "src", "tests", file);
  const args = [
    "-m",
    "pytest",
    "-p",
    "pyodide_suite_harness",
    `--rootdir=${SHARED}`,
    "-c",
    path.join(SHARED, "pyproject.toml"),
    "-o",
    `cache_dir=${path.join(OUT, `cache-${rt}`)}`,
    "--rt",
    "node-no-host",
    `--dist-dir=${distDir}`,
    `--timeout=${TEST_TIMEOUT_S}`,
    `--basetemp=${path.join(OUT, `tmp-${rt}`)}`,
    "-v",
    "-rN",
    ...(k ? ["-k", k] : []),
    ...(ids ? ids.map((id) => `${target}::${id.split("::")[1]}`) : [target]),
  ];
  const fd = fs.openSync(log, "w");
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn(python, args, {
      // Tests open files relative to the checkout's root (./src/tests/...).
      cwd: path.dirname(distDir),
      env: {
        ...process.env,
        PYXIS_SUITE_ROOT: path.dirname(distDir),
        HYPOTHESIS_STORAGE_DIRECTORY: hypothesisDir,
        PYTHONPATH: [SUITE, hostPyDir].join(path.delimiter),
        PYTHONDONTWRITEBYTECODE: "1",
        PYXIS_SUITE_RESULTS: results,
      },
      stdio: ["ignore", fd, fd],
      detached: true, // its own process group, so that a timeout ends node too
    });
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {}
    }, FILE_TIMEOUT_MS);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      fs.closeSync(fd);
      const secs = (performance.now() - t0) / 1000;
      let r;
      if (fs.existsSync(results)) {
        r = JSON.parse(fs.readFileSync(results, "utf8"));
      } else {
        const tail = fs.readFileSync(log, "utf8").trim().split("\n").slice(-3).join(" | ");
        const why = signal ? `killed (${signal}) after ${secs.toFixed(0)} s` : `exit ${code}`;
        r = {
          outcomes: {},
          collectors: {
            [`src/tests/${file}`]: {
              outcome: "error",
              reason: `pytest ${why}: ${tail.slice(-300)}`,
            },
          },
          exitstatus: signal ? "killed" : code,
        };
      }
      const norm = (o) => Object.fromEntries(Object.entries(o).map(([id, v]) => [shortId(id), v]));
      resolve({
        outcomes: norm(r.outcomes),
        collectors: norm(r.collectors),
        exitstatus: r.exitstatus,
        secs,
      });
    });
  });
}

async function runRuntime(rt, distDir, files, opts) {
  const all = { outcomes: {}, collectors: {}, exitstatus: {}, seconds: {} };
  for (const file of files) {
    const ids = opts.quick ? [...opts.quick.keys()].filter((id) => fileOf(id) === file) : undefined;
    if (ids && !ids.length) continue;
    const r = await runFile(rt, distDir, file, { ...opts, ids });
    Object.assign(all.outcomes, r.outcomes);
    Object.assign(all.collectors, r.collectors);
    all.exitstatus[file] = r.exitstatus;
    all.seconds[file] = Math.round(r.secs);
    const t = tallyByFile(r, [file]).total;
    console.error(
      `  ${rt} ${file}: ${t.collected} collected, ${t.passed} passed, ${t.failed} failed, ` +
        `${t.skipped} skipped, ${t.xfailed} xfailed, ${t.error} errors; pytest exit ${r.exitstatus} (${r.secs.toFixed(0)} s)`,
    );
  }
  return all;
}

// pytest's exit statuses that mean its run went wrong (interrupted, internal
// error, usage error), as opposed to 0, 1 (some tests failed), 5 (none selected).
const BROKEN_EXIT = new Set([2, 3, 4, "killed"]);

function printTable(summary, files) {
  const cols = ["collected", "passed", "failed", "skipped", "xfailed", "error"];
  const head = (rt) => cols.map((c) => `${rt} ${c === "error" ? "errors" : c}`);
  console.log(`| file | ${[...head("Pyodide"), ...head("pyxis")].join(" | ")} |`);
  console.log(`|---|${"---|".repeat(cols.length * 2)}`);
  const cells = (row) =>
    cols.map((c) => row[c] + (c === "xfailed" && row.xpassed ? ` (+${row.xpassed} xpassed)` : ""));
  for (const f of [...files, "total"]) {
    const a = f === "total" ? summary.pyodide.total : summary.pyodide.rows[f];
    const b = f === "total" ? summary.pyxis.total : summary.pyxis.rows[f];
    if (!a || !b) continue;
    console.log(
      `| ${f === "total" ? "**total**" : f} | ${[...cells(a), ...cells(b)].join(" | ")} |`,
    );
  }
}

async function main(args) {
  const opt = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const fileFilter = new RegExp(opt("--files") || ".");
  const only = opt("--only");
  if (only && !RUNTIMES.includes(only)) throw new Error(`--only ${only}: one of ${RUNTIMES}`);
  const jobs = Number(opt("--jobs") || 1);
  const pyxisDistDir = path.resolve(opt("--dist") || path.join(ROOT, "dist"));
  const k = opt("-k");
  const quick = args.includes("--quick")
    ? parseList(fs.readFileSync(path.join(SUITE, "quick-tests.txt"), "utf8"), {
        requireReason: false,
      })
    : undefined;
  const internal = parseList(fs.readFileSync(path.join(SUITE, "internal-tests.txt"), "utf8"));
  const files = FILES.filter((f) => fileFilter.test(f));
  if (!files.length) throw new Error(`--files ${opt("--files")} matches none of ${FILES}`);
  if (!fs.existsSync(path.join(SHARED, "conftest.py")))
    throw new Error(
      `${SHARED} has no conftest.py: Pyodide's test suite is expected in ../shared/pyodide-tests ` +
        "beside the checkout (set PYODIDE_TESTS_DIR to its folder otherwise)",
    );
  fs.mkdirSync(OUT, { recursive: true });

  const venvDir = venv();
  const python = path.join(venvDir, "bin", "python");
  const runOpts = { python, hostPyDir: hostPy(python), k, quick };
  const sides = {};
  const versions = {};
  const todo = RUNTIMES.filter((rt) => !only || rt === only);
  const start = async (rt) => {
    const d = rt === "pyodide" ? pyodideDist(python) : await pyxisDist(pyxisDistDir);
    versions[rt] = d.version;
    console.error(`${rt} ${d.version}: ${files.length} files`);
    sides[rt] = await runRuntime(rt, d.dir, files, runOpts);
    fs.writeFileSync(
      path.join(OUT, `${rt}.json`),
      JSON.stringify({ version: d.version, ...sides[rt] }, null, 1),
    );
  };
  if (jobs > 1) await Promise.all(todo.map(start));
  else for (const rt of todo) await start(rt);
  // The side not run now: its last results, restricted to this run's selection.
  for (const rt of RUNTIMES.filter((r) => !todo.includes(r))) {
    const file = path.join(OUT, `${rt}.json`);
    if (!fs.existsSync(file)) throw new Error(`--only ${only}: no earlier ${file} to compare with`);
    const old = JSON.parse(fs.readFileSync(file, "utf8"));
    const ran = sides[only].outcomes;
    const keep = (id) => files.includes(fileOf(id)) && (!(k || quick) || id in ran);
    const pick = (o) => Object.fromEntries(Object.entries(o).filter(([id]) => keep(id)));
    sides[rt] = { ...old, outcomes: pick(old.outcomes), collectors: pick(old.collectors) };
    versions[rt] = old.version;
  }

  const s = summarize(sides.pyodide, sides.pyxis, internal, files, { complete: !(k || quick) });
  const groups = groupReasons(s.pyxisFailing);
  const summary = {
    date: new Date().toISOString().slice(0, 10),
    command: `node tools/pyodide-tests.mjs ${args.join(" ")}`.trim(),
    suite: fs.readFileSync(path.join(SHARED, "COMMIT"), "utf8").trim(),
    versions,
    files,
    ...s,
    pyxisFailureGroups: groups.map(({ reason, count, example }) => ({ reason, count, example })),
    exitstatus: { pyodide: sides.pyodide.exitstatus, pyxis: sides.pyxis.exitstatus },
  };
  fs.writeFileSync(path.join(OUT, "summary.json"), JSON.stringify(summary, null, 1));

  console.log(
    `Pyodide's test suite (${files.length} files${quick ? ", --quick" : ""}${k ? `, -k ${k}` : ""}), ` +
      `Node ${process.versions.node}, ${summary.date}: pyodide ${versions.pyodide} vs pyxis ${versions.pyxis}`,
  );
  printTable(s, files);
  const pct = s.ratio === null ? "n/a" : `${(100 * s.ratio).toFixed(1)}%`;
  console.log(
    `public-behaviour tests passing on Pyodide that pass on pyxis: ` +
      `${s.publicPassingAlsoOnPyxis} / ${s.publicPassingOnPyodide} (${pct}; target 95%)`,
  );
  console.log(
    `internal tests (tests/pyodide-suite/internal-tests.txt, not counted): ${s.internal.tests}, ` +
      `${s.internal.passOnPyodide} pass on Pyodide, ${s.internal.passOnPyxis} on pyxis`,
  );
  if (s.passOnPyxisOnly.length) console.log(`pass on pyxis only: ${s.passOnPyxisOnly.length}`);
  for (const e of s.staleInternalEntries)
    console.log(`internal-tests.txt entry matches no test: ${e}`);
  if (groups.length) {
    console.log(
      "pyxis failures of those tests, by reason (all in build/pyodide-suite/summary.json):",
    );
    for (const g of groups.slice(0, 15)) {
      console.log(`  ${String(g.count).padStart(4)}  ${g.example.slice(0, 150)}`);
    }
  }
  const broken = Object.entries(sides)
    .flatMap(([rt, side]) => Object.entries(side.exitstatus).map(([f, st]) => [rt, f, st]))
    .filter(([, , st]) => BROKEN_EXIT.has(st));
  for (const [rt, f, st] of broken) console.log(`broken run: ${rt} ${f}: pytest exit ${st}`);
  process.exitCode = broken.length ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main(process.argv.slice(2));
}
