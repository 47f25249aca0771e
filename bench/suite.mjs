// The benchmark suite: each group's benchmark files timed in every runtime
// of the group in one run, interleaved (each round takes one sample of each
// runtime, in a rotating order), after warm-up samples; the loop count of a
// sample is calibrated on native CPython and the same everywhere. Writes
// bench/results/<date>[-quick][-<groups>][-vs-<builds>].{json,md,svg} (samples, medians and spread;
// the table; the figure of times slower than native) and prints the table.
// Numbers, not pass/fail: no test asserts a timing.
//   node bench/suite.mjs [--quick] [--group python|browser|numpy|pandas]... [--samples N]
//                        [--pyxis DIR]...   (more pyxis builds, each a dist folder)
//                        [--pyxis-env NAME=VALUE]...  (dist/ again, started with that
//                                           environment variable: e.g. PYTHONMALLOC=malloc)
//                        [--only REGEX]     (the benchmarks whose file path matches)
//   (make bench, make bench-quick, make bench-numpy, make bench-pandas)
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { figure } from "./figure.mjs";
import { summarize, table } from "./report.mjs";
import { chromiumRuntimes } from "./browser-runtimes.mjs";
import { nativeRuntime, pyodideRuntime, pyxisRuntime } from "./runtimes.mjs";

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(BENCH, "..");

// pyperformance's benchmarks that need no third-party package (their folder
// names without "bm_"); each file's first registered benchmark is timed.
const PYPERFORMANCE = [
  "chaos", "comprehensions", "coroutines", "deepcopy", "deltablue", "fannkuch", "float",
  "generators", "go", "hexiom", "json_dumps", "json_loads", "meteor_contest", "nbody",
  "nqueens", "pidigits", "pyflate", "raytrace", "regex_effbot", "regex_v8", "richards",
  "scimark", "spectral_norm", "unpack_sequence",
]; // prettier-ignore

// The subset the browser group runs (start-up and file copies cost more there).
const BROWSER = ["chaos", "deltablue", "float", "generators", "go", "json_dumps", "nbody",
  "raytrace", "regex_effbot", "richards", "spectral_norm"]; // prettier-ignore

const ours = (folder) =>
  fs
    .readdirSync(path.join(BENCH, folder))
    .filter((f) => f.endsWith(".py"))
    .sort()
    .map((f) => path.join(BENCH, folder, f));

// Each group: its files, the packages it needs, the runtimes that can run it
// (the pyodide npm package has no numpy or pandas here: it downloads them
// from a CDN this machine cannot reach).
const GROUPS = {
  python: {
    files: (src) => [
      ...PYPERFORMANCE.map((b) => path.join(src, "pyperformance", `bm_${b}`, "run_benchmark.py")),
      ...ours("programs"),
    ],
    packages: [],
    runtimes: ["native", "pyxis", "pyodide"],
  },
  // pyxis and Pyodide in headless Chromium (Debian's), on a subset.
  browser: {
    files: (src) =>
      BROWSER.map((b) => path.join(src, "pyperformance", `bm_${b}`, "run_benchmark.py")),
    packages: [],
    runtimes: ["native", "chromium"],
  },
  numpy: { files: () => ours("numpy"), packages: ["numpy"], runtimes: ["native", "pyxis"] },
  pandas: { files: () => ours("pandas"), packages: ["pandas"], runtimes: ["native", "pyxis"] },
};

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const option = (flag) => args.flatMap((a, i) => (a === flag ? [args[i + 1]] : []));
const groups = option("--group").length ? option("--group") : Object.keys(GROUPS);
for (const g of groups) if (!GROUPS[g]) throw new Error(`unknown group ${g}`);
const samples = Number(option("--samples")[0] || (quick ? 5 : 25));
const warmups = quick ? 1 : 3;
// A sample lasts at least this long natively (seconds); in wasm, 2-4x that.
const minTime = quick ? 0.02 : 0.1;

// The pinned pyperformance files, unpacked in the cache (bench/prepare.py).
const prep = spawnSync(path.join(ROOT, "tools", "in-toolchain"), ["python3", "bench/prepare.py"], {
  cwd: ROOT,
  encoding: "utf8",
  stdio: ["ignore", "pipe", "inherit"],
});
if (prep.status !== 0) throw new Error("bench/prepare.py failed");
const sources = prep.stdout.trim().split("\n").pop();

// The loops of a sample: doubled until a native sample lasts minTime.
async function calibrate(rt, file, inner) {
  let loops = 1;
  while ((await rt.sample(file, loops)) * loops * inner < minTime && loops < 1 << 20) loops *= 2;
  return loops;
}

async function runGroup(name) {
  const group = GROUPS[name];
  const runtimes = [];
  const closers = [];
  for (const r of group.runtimes) {
    if (r === "native") runtimes.push(await nativeRuntime(group.packages));
    else if (r === "chromium") {
      const [px, pd, close] = await chromiumRuntimes([sources]);
      runtimes.push(px, pd);
      closers.push(close);
    } else if (r === "pyodide") runtimes.push(await pyodideRuntime([sources], group.packages));
    else {
      runtimes.push(await pyxisRuntime([sources], group.packages));
      for (const dir of option("--pyxis"))
        runtimes.push(
          await pyxisRuntime(
            [sources],
            group.packages,
            path.resolve(dir),
            `pyxis:${path.basename(dir)}`,
          ),
        );
      for (const assignment of option("--pyxis-env")) {
        const [key, ...value] = assignment.split("=");
        if (!key || !value.length)
          throw new Error(`--pyxis-env wants NAME=VALUE, not ${assignment}`);
        runtimes.push(
          await pyxisRuntime([sources], group.packages, undefined, `pyxis:${assignment}`, {
            [key]: value.join("="),
          }),
        );
      }
    }
  }
  const results = [];
  const only = new RegExp(option("--only")[0] || "");
  for (const file of group.files(sources).filter((f) => only.test(f))) {
    const names = [];
    for (const rt of runtimes) names.push(await rt.load(file));
    const [[name0, inner]] = names;
    const label = file.includes("pyperformance")
      ? path.basename(path.dirname(file)).slice(3)
      : name0;
    const loops = await calibrate(runtimes[0], file, inner);
    for (const rt of runtimes) for (let i = 0; i < warmups; i++) await rt.sample(file, loops);
    const times = Object.fromEntries(runtimes.map((rt) => [rt.name, []]));
    for (let round = 0; round < samples; round++) {
      for (let k = 0; k < runtimes.length; k++) {
        const rt = runtimes[(round + k) % runtimes.length];
        times[rt.name].push(await rt.sample(file, loops));
      }
    }
    results.push({
      benchmark: label,
      file: path.relative(ROOT, file).startsWith("..")
        ? path.relative(sources, file)
        : path.relative(ROOT, file),
      loops,
      times,
    });
    process.stderr.write(`${name}: ${label} done\n`);
  }
  for (const rt of runtimes) rt.close();
  for (const close of closers) await close();
  return { runtimes: runtimes.map(({ name, version }) => ({ name, version })), results };
}

const date = new Date().toISOString().slice(0, 10);
const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], {
  cwd: ROOT,
  encoding: "utf8",
}).trim();
const dirty =
  execFileSync("git", ["status", "--porcelain"], { cwd: ROOT, encoding: "utf8" }).trim() !== "";
const run = {
  date,
  commit: commit + (dirty ? "+changes" : ""),
  machine: `${os.cpus()[0].model}, ${os.cpus().length} cores, ${os.platform()}, Node ${process.version}`,
  quick,
  samples,
  warmups,
  minTime,
  groups: {},
};
for (const g of groups) run.groups[g] = summarize(await runGroup(g));

const out = path.join(BENCH, "results");
fs.mkdirSync(out, { recursive: true });
const partial = groups.length < Object.keys(GROUPS).length ? "-" + groups.join("-") : "";
// Runs that add builds are named for them, so that they never overwrite the plain run.
const extra = [
  ...option("--pyxis").map((d) => path.basename(path.resolve(d))),
  ...option("--pyxis-env"),
];
const versus = extra.length ? "-vs-" + extra.join("-").replace(/[^A-Za-z0-9._-]+/g, "-") : "";
const stem = path.join(out, date + (quick ? "-quick" : "") + partial + versus);
const md = table(run);
fs.writeFileSync(stem + ".json", JSON.stringify(run, null, 1) + "\n");
fs.writeFileSync(stem + ".md", md);
fs.writeFileSync(stem + ".svg", figure(run));
console.log(md);
console.log(`written: ${path.relative(ROOT, stem)}.{json,md,svg}`);
process.exit(0);
