// Runs CPython's regression tests (the cpython-tests package: Lib/test of
// the runtime's CPython) natively (the toolchain's python3.X, the same test
// files first on its path) and in pyxis (the pyxis command), one test module
// per fresh process on each side, --jobs N processes at once, both sides
// interleaved in one run. The module list is regrtest's (findtests, with its
// split packages). tests/cpython-suite/cpython_suite.py runs a module and
// records every test's outcome. A test that kills the process (or runs
// longer than --timeout seconds, 300 by default) is recorded as "crashed"
// and the module run again without it. In pyxis, the modules in
// tests/cpython-suite/skip-modules.txt are not run (their natively passing
// tests still count against pyxis), and the failures
// tests/cpython-suite/expected-failures.txt lists (with reasons) are counted
// as xfailed. The headline: natively passing tests that pass in
// pyxis, over ALL natively passing tests. Prints the per-module table and
// the totals; writes build/cpython-suite/{summary.json,table.md}.
//   node tools/cpython-tests.mjs [--modules REGEX] [--jobs N] [--timeout S] [--skip-native]
//   node tools/cpython-tests.mjs --report   (the last run's figures, with the lists as they are)
//   (make cpython-tests)
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { inToolchain, summarize, tally } from "./package-suite.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SUITE = path.join(ROOT, "tests", "cpython-suite");
const OUT = path.join(ROOT, "build", "cpython-suite");
const RUNNER = path.relative(ROOT, path.join(SUITE, "cpython_suite.py"));
const { PYTHON_VERSION } = await import(path.join(ROOT, "dist", "config.mjs"));
const PYTHON = `python${PYTHON_VERSION}`;
const PACKAGE = "cpython-tests";
// A module run again after a crash, at most this often.
const MAX_ATTEMPTS = 12;

// A list file's lines that say something: {where (file:line), raw, fields};
// "#" starts a comment at a line's start or after a blank.
function* listLines(file) {
  for (const [i, raw] of fs.readFileSync(file, "utf8").split("\n").entries()) {
    const fields = raw
      .replace(/(^|\s)#.*/, "")
      .trim()
      .split(/\s+/)
      .filter(Boolean);
    if (fields.length) yield { where: `${file}:${i + 1}`, raw, fields };
  }
}

/** `MODULE REASON` lines (# comments): the modules pyxis does not run. */
export function readSkipModules(file = path.join(SUITE, "skip-modules.txt")) {
  const skips = new Map();
  for (const { where, fields } of listLines(file)) {
    const [name, ...reason] = fields;
    if (!reason.length) throw new Error(`${where}: ${name} has no reason`);
    if (skips.has(name)) throw new Error(`${where}: ${name} is listed twice`);
    skips.set(name, reason.join(" "));
  }
  return skips;
}

/**
 * `KIND PATTERN REASON` lines (# comments): KIND is `fail` (the test fails
 * or errors in pyxis) or `crash` (it kills or hangs the runtime: not run);
 * PATTERN a test id (or a module, for a module that does not load), where
 * `*` matches any run of characters. Returns [{kind, pattern, reason, re}].
 */
export function readExpectedFailures(file = path.join(SUITE, "expected-failures.txt")) {
  const entries = [];
  for (const { where, raw, fields } of listLines(file)) {
    const [kind, pattern, ...reason] = fields;
    if (!["fail", "crash"].includes(kind) || !pattern || !reason.length)
      throw new Error(`${where}: expected "fail|crash PATTERN REASON", got ${raw}`);
    if (kind === "crash" && pattern.includes("*"))
      throw new Error(`${where}: a crash entry names one test (no *): ${pattern}`);
    const re = new RegExp(
      "^" + pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*") + "$",
    );
    entries.push({ kind, pattern, reason: reason.join(" "), re });
  }
  return entries;
}

/** The test module a name of regrtest's list is (test_x or test.test_x.sub). */
export const moduleOf = (name) => (name.startsWith("test.") ? name : `test.${name}`);

/** The entry a test id (or module) matches, if any. */
export const expectedFor = (entries, id) => entries.find((e) => e.re.test(id));

// The last "PYXIS-START x" of a log with no "PYXIS-END x" after it.
export function runningWhenDied(log) {
  const marks = [...log.matchAll(/^PYXIS-(START|END) (\S+)$/gm)];
  const last = marks.at(-1);
  return last?.[1] === "START" ? last[2] : undefined;
}

// One run of a module in a fresh process: resolves to {status, log, results}.
function runOnce(side, name, excluded, timeout, lib, out) {
  const tag = `${side}/${name}`;
  const results = path.join(out, "results", `${tag}.json`);
  const excludeFile = path.join(out, "results", `${tag}.exclude`);
  fs.mkdirSync(path.dirname(results), { recursive: true });
  fs.rmSync(results, { force: true });
  const args = [RUNNER, name, path.relative(ROOT, results)];
  if (excluded.length) {
    fs.writeFileSync(excludeFile, excluded.join("\n") + "\n");
    args.push("--exclude-from", path.relative(ROOT, excludeFile));
  }
  const [cmd, argv] =
    side === "native"
      ? [path.join(ROOT, "tools", "in-toolchain"), ["env", `PYTHONPATH=${lib}`, PYTHON, ...args]]
      : [process.execPath, [path.join(ROOT, "dist", "bin", "pyxis.mjs"), ...args]];
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    const chunks = [];
    // --timeout is per test: the process is killed when no test has started
    // or ended for that long.
    let timedOut = false;
    let timer;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = true;
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {}
      }, timeout * 1000);
    };
    const take = (d) => {
      chunks.push(d);
      if (d.includes("PYXIS-")) arm();
    };
    child.stdout.on("data", take);
    child.stderr.on("data", take);
    arm();
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const log = Buffer.concat(chunks).toString("utf8");
      fs.mkdirSync(path.join(out, "logs", side), { recursive: true });
      fs.writeFileSync(path.join(out, "logs", `${tag}.log`), log);
      const ok = !timedOut && code === 0 && fs.existsSync(results);
      resolve({
        status: timedOut ? `timeout ${timeout} s` : (signal ?? code),
        log,
        results: ok ? JSON.parse(fs.readFileSync(results, "utf8")) : undefined,
      });
    });
  });
}

/**
 * A module on one side, run again without each test that crashed: resolves
 * to {outcomes, collectors, details, seconds, status}; status is "ok" or
 * "crashed" (the process died outside any test: the module is a crashed
 * collector). Its results and logs go under `out` (build/cpython-suite).
 */
export async function runModule(
  side,
  name,
  { timeout = 300, lib, preExcluded = [], out = OUT } = {},
) {
  const excluded = [...preExcluded];
  const crashed = {};
  const details = {};
  let seconds = 0;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const t = performance.now();
    const r = await runOnce(side, name, excluded, timeout, lib, out);
    seconds += (performance.now() - t) / 1000;
    if (r.results) {
      return {
        outcomes: { ...r.results.outcomes, ...crashed },
        collectors: r.results.collectors,
        details: { ...r.results.details, ...details },
        seconds,
        status: "ok",
      };
    }
    const last = runningWhenDied(r.log);
    const why = `${r.status}: ${
      r.log
        .split("\n")
        .filter((l) => l.trim() && !l.startsWith("PYXIS-"))
        .slice(-1)[0] ?? ""
    }`.slice(0, 300);
    const module = moduleOf(name);
    if (!last || last === module || excluded.includes(last)) {
      return {
        outcomes: crashed,
        collectors: { [module]: "crashed" },
        details: { ...details, [module]: why },
        seconds,
        status: "crashed",
      };
    }
    crashed[last] = "crashed";
    details[last] = why;
    excluded.push(last);
  }
  return { outcomes: crashed, collectors: {}, details, seconds, status: "crashed" };
}

/**
 * A module in pyxis, as runModule, with the expected failures' crash
 * entries: the tests they name are not run and count as crashed (which
 * applyExpected makes xfailed).
 */
export async function runPyxisModule(name, entries, opts = {}) {
  const preExcluded = entries
    .filter((e) => e.kind === "crash" && e.pattern.startsWith(`${moduleOf(name)}.`))
    .map((e) => e.pattern);
  const r = await runModule("pyxis", name, { ...opts, preExcluded });
  for (const p of preExcluded) if (!(p in r.outcomes)) r.outcomes[p] = "crashed";
  return r;
}

// The native copy of the package (its .py files only: CPython compiles its
// own .pyc), unpacked again when the bundle changes.
function nativeLib(lock) {
  const entry = lock.packages[PACKAGE];
  const lib = path.join(OUT, "native-lib");
  const stamp = path.join(lib, ".sha256");
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === entry.sha256) return lib;
  fs.rmSync(lib, { recursive: true, force: true });
  fs.mkdirSync(lib, { recursive: true });
  inToolchain(
    `${PYTHON} -c "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); ` +
      `z.extractall(sys.argv[2], [n for n in z.namelist() if '__pycache__' not in n])" ` +
      `${path.join(ROOT, "dist", entry.file_name)} ${lib}`,
  );
  fs.writeFileSync(stamp, entry.sha256);
  return lib;
}

// regrtest's list of test modules (its split packages as their submodules).
function findTests(lib) {
  return inToolchain(
    `PYTHONPATH=${lib} ${PYTHON} -c "from test.libregrtest.findtests import findtests; ` +
      `print('\\n'.join(findtests()))"`,
  )
    .stdout.split("\n")
    .filter(Boolean);
}

/** The outcomes that count as failing (and that a list entry can explain). */
export const FAILING = ["failed", "error", "crashed"];

/**
 * Outcomes by test id with the expected failures applied: a listed test
 * that fails, errors or crashes is "xfailed". Returns the outcomes and the
 * set of entries that matched a failure (the others are stale: their test
 * passes now, or is gone).
 */
export function applyExpected(outcomes, entries, used = new Set()) {
  const out = {};
  for (const [id, o] of Object.entries(outcomes)) {
    const e = FAILING.includes(o) && expectedFor(entries, id);
    if (e) used.add(e);
    out[id] = e ? "xfailed" : o;
  }
  return { outcomes: out, used };
}

// The causes the README's breakdown groups the natively passing tests that
// do not pass in pyxis into, by the reason pyxis gives (a skip's reason, a
// listed failure's reason, the reason its module was skipped); the first
// that matches.
const CAUSES = [
  ["sockets and SSL (no network sockets in wasm)", /socket|ssl|network|http|smtp|ftp|imap/i],
  [
    "processes (subprocess, multiprocessing, fork, ...)",
    /subprocess|multiprocessing|fork|posix_spawn|process|openpty|waitpid|pidfd/i,
  ],
  ["threads and subinterpreters", /thread|subinterpreter|_interp/i],
  [
    "the stdlib as .pyc in zip archives (no sources); no .pyc written at run time",
    /\.pyc|zip archive|bytecode|without sources/i,
  ],
  ["failures no list explains", /^unlisted failure/],
];

/**
 * Where the natively passing tests that do not pass in pyxis go: per cause
 * (CAUSES, else "other"), and the reasons counted within each.
 */
export function lossByCause(native, pyxis, modules, entries) {
  const causes = {};
  for (const name of modules) {
    const n = native[name];
    const p = pyxis[name] ?? { outcomes: {}, collectors: {}, details: {} };
    if (!n) continue;
    const moduleReason = Object.keys(p.collectors).map((k) => p.details[k] ?? p.collectors[k])[0];
    for (const [id, o] of Object.entries(n.outcomes)) {
      if (o !== "passed") continue;
      const po = p.outcomes[id];
      if (po === "passed" || po === "xpassed") continue;
      let reason;
      if (po === undefined) reason = moduleReason ?? "not run (a class or variant pyxis skips)";
      else if (po === "skipped") reason = p.details[id] ?? "skipped";
      else reason = expectedFor(entries, id)?.reason ?? `unlisted failure: ${p.details[id] ?? po}`;
      reason = reason.replace(/^not run: /, "");
      const cause = CAUSES.find(([, re]) => re.test(reason))?.[0] ?? "other";
      causes[cause] ??= { tests: 0, reasons: {} };
      causes[cause].tests++;
      causes[cause].reasons[reason] = (causes[cause].reasons[reason] ?? 0) + 1;
    }
  }
  return causes;
}

// A pool: at most `jobs` of the tasks at once.
async function pool(tasks, jobs) {
  const queue = [...tasks];
  await Promise.all(
    Array.from({ length: jobs }, async () => {
      while (queue.length) await queue.shift()();
    }),
  );
}

const key = (name, id) => `${name}::${id}`;

async function main(args) {
  const opt = (n) => (args.includes(n) ? args[args.indexOf(n) + 1] : undefined);
  const filter = new RegExp(opt("--modules") || ".");
  const jobs = Number(opt("--jobs") || Math.max(1, os.cpus().length));
  const timeout = Number(opt("--timeout") || 300);
  const skipNative = args.includes("--skip-native");
  const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "dist", "pyodide-lock.json"), "utf8"));
  if (!lock.packages[PACKAGE]) throw new Error(`dist/'s lockfile has no ${PACKAGE} (run make)`);
  fs.mkdirSync(OUT, { recursive: true });
  const lib = nativeLib(lock);
  const skips = readSkipModules();
  const expected = readExpectedFailures();
  const all = findTests(lib);
  for (const name of skips.keys()) {
    if (!all.includes(name)) throw new Error(`skip-modules.txt: ${name} is not a test module`);
  }
  const modules = all.filter((m) => filter.test(m));
  if (!modules.length) throw new Error(`--modules ${filter.source} matches no test module`);
  const version = lock.packages[PACKAGE].version;
  console.error(
    `CPython ${version} regression tests: ${modules.length} modules, ${jobs} processes at once`,
  );

  const nativeFile = path.join(OUT, "native.json");
  const pyxisFile = path.join(OUT, "pyxis.json");
  const results = { native: {}, pyxis: {} };
  // A module skip-modules.txt lists: not run in pyxis.
  const listed = (name) => ({
    outcomes: {},
    collectors: { [moduleOf(name)]: "skipped" },
    details: { [moduleOf(name)]: `not run: ${skips.get(name)}` },
    seconds: 0,
    status: "listed",
  });
  const read = (file) => (fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {});
  if (args.includes("--report")) {
    // The last run's results again, with the lists as they are now.
    results.native = read(nativeFile);
    results.pyxis = read(pyxisFile);
    for (const name of modules) if (skips.has(name)) results.pyxis[name] = listed(name);
  } else {
    const tasks = [];
    for (const name of modules) {
      if (!skipNative) {
        tasks.push(async () => {
          results.native[name] = await runModule("native", name, { timeout, lib });
        });
      }
      tasks.push(async () => {
        if (skips.has(name)) {
          results.pyxis[name] = listed(name);
          return;
        }
        const r = await runPyxisModule(name, expected, { timeout });
        results.pyxis[name] = r;
        const c = tally(r);
        console.error(
          `  ${name}: ${c.passed} passed, ${c.failed} failed, ${c.error} errors, ` +
            `${c.skipped} skipped, ${c.crashed} crashed (${r.seconds.toFixed(0)} s)`,
        );
      });
    }
    await pool(tasks, jobs);
    // The files keep every module's last results (a --modules run updates
    // its modules). --skip-native: the native results of an earlier run
    // (read once the pyxis run is done, so they may come from a run beside it).
    results.native = { ...read(nativeFile), ...results.native };
    results.pyxis = { ...read(pyxisFile), ...results.pyxis };
    fs.writeFileSync(nativeFile, JSON.stringify(results.native));
    fs.writeFileSync(pyxisFile, JSON.stringify(results.pyxis));
  }

  // pyxis's results with the expected failures applied, once; then both
  // sides merged, keyed module::test id.
  const used = new Set();
  const applied = {};
  for (const name of modules) {
    const r = results.pyxis[name];
    if (!r) continue;
    applied[name] = {
      ...r,
      outcomes: applyExpected(r.outcomes, expected, used).outcomes,
      collectors: applyExpected(r.collectors, expected, used).outcomes,
    };
  }
  const merge = (side) => {
    const m = { outcomes: {}, collectors: {}, exitstatus: {} };
    for (const name of modules) {
      const r = side[name];
      if (!r) continue;
      for (const [id, o] of Object.entries(r.outcomes)) m.outcomes[key(name, id)] = o;
      for (const [id, o] of Object.entries(r.collectors)) m.collectors[key(name, id)] = o;
      m.exitstatus[name] = r.status === "crashed" ? "crashed" : 0;
    }
    return m;
  };
  const native = merge(results.native);
  const pyxis = merge(applied);
  const summary = {
    version,
    date: new Date().toISOString().slice(0, 10),
    command: `node tools/cpython-tests.mjs ${args.join(" ")}`.trim(),
    modules: modules.length,
    skippedModules: modules.filter((m) => skips.has(m)).length,
    ...summarize({ ...native, exitstatus: 0 }, pyxis),
    staleExpectedFailures:
      modules.length === all.length
        ? expected.filter((e) => !used.has(e)).map((e) => e.pattern)
        : [],
  };
  summary.lossByCause = lossByCause(results.native, results.pyxis, modules, expected);
  fs.writeFileSync(path.join(OUT, "summary.json"), JSON.stringify(summary, null, 2));

  const row = (t) =>
    `${t.passed} | ${t.failed} | ${t.error} | ${t.skipped} | ${t.xfailed} | ${t.crashed}`;
  const lines = [
    `CPython ${version} regression tests (${modules.length} modules, regrtest's defaults: ` +
      `no -u resources), native ${PYTHON} and pyxis, ${summary.date}`,
    "",
    "| module | native: passed | failed | errors | skipped | xfailed | crashed | pyxis: passed | failed | errors | skipped | xfailed | crashed |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
  ];
  const sub = (side, name) => {
    const r = side[name] ?? { outcomes: {}, collectors: {} };
    return tally(r);
  };
  for (const name of modules) {
    if (!applied[name]) continue;
    const skipped = skips.has(name) ? ` (not run: ${skips.get(name)})` : "";
    lines.push(
      `| ${name}${skipped} | ${row(sub(results.native, name))} | ${row(sub(applied, name))} |`,
    );
  }
  lines.push(
    `| **total** | ${row(summary.native)} | ${row(summary.pyxis)} |`,
    "",
    `Natively passing tests that pass in pyxis: ${summary.nativePassingAlsoPassInPyxis} / ` +
      `${summary.nativePassing} (${summary.ratio === null ? "n/a" : (100 * summary.ratio).toFixed(1)}%).`,
  );
  lines.push(
    "",
    "Natively passing tests that do not pass in pyxis, by cause (the reasons pyxis gives):",
    "",
    "| cause | tests | main reasons |",
    "|---|---|---|",
  );
  const byCount = (o) => Object.entries(o).sort((a, b) => b[1] - a[1]);
  for (const [cause, c] of Object.entries(summary.lossByCause).sort(
    (a, b) => b[1].tests - a[1].tests,
  )) {
    const top = byCount(c.reasons)
      .slice(0, 4)
      .map(([r, k]) => `${r.replace(/\|/g, "/").slice(0, 90)} (${k})`);
    lines.push(`| ${cause} | ${c.tests} | ${top.join("; ")} |`);
  }
  fs.writeFileSync(path.join(OUT, "table.md"), lines.join("\n") + "\n");
  console.log(lines.join("\n"));
  if (summary.unexpectedFailures.length) {
    console.log(
      `${summary.unexpectedFailures.length} unexpected failures in pyxis (build/cpython-suite/summary.json)`,
    );
  }
  if (summary.staleExpectedFailures.length) {
    console.log(`stale expected-failures entries: ${summary.staleExpectedFailures.join(", ")}`);
  }
  process.exitCode =
    summary.unexpectedFailures.length || summary.staleExpectedFailures.length ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main(process.argv.slice(2));
}
