// Start-up time in Node, each run in a fresh process: `loadPyodide()` from
// the import of dist/pyxis.mjs until the runtime is ready, and the whole
// command `node dist/bin/pyxis.mjs -c pass`, beside two references measured
// in the same run, interleaved: a bare `node -e 0` and the host's native
// `python3 -c pass`. Prints the best and the median of N runs (ms) and the
// ratios of the medians. Not a test: numbers, which depend on the machine's
// load (compare the ratios).
//   node bench/startup.mjs [--runs N] [--native PYTHON]
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const i = args.indexOf("--runs");
const runs = i >= 0 ? Number(args[i + 1]) : 5;
const j = args.indexOf("--native");
const native = j >= 0 ? args[j + 1] : "python3";
if (!Number.isInteger(runs) || runs < 1)
  throw new Error(`--runs: expected a count, got ${args[i + 1]}`);

const loader = pathToFileURL(path.join(ROOT, "dist", "pyxis.mjs")).href;
const inProcess = `const t = performance.now();
const { loadPyodide } = await import(${JSON.stringify(loader)});
await loadPyodide();
console.log(performance.now() - t);`;

function time(argv, exe = process.execPath) {
  const t = performance.now();
  const r = spawnSync(exe, argv, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${exe} ${argv.join(" ")} failed:\n${r.stderr}`);
  return { wall: performance.now() - t, out: r.stdout.trim() };
}
const sorted = (xs) => [...xs].sort((a, b) => a - b);
const median = (xs) => sorted(xs)[Math.floor(xs.length / 2)];
const stats = (xs) => `best ${sorted(xs)[0].toFixed(0)}, median ${median(xs).toFixed(0)}`;

const load = [];
const cli = [];
const node = [];
const py = [];
for (let n = 0; n < runs; n++) {
  load.push(Number(time(["--input-type=module", "-e", inProcess]).out));
  cli.push(time([path.join(ROOT, "dist", "bin", "pyxis.mjs"), "-c", "pass"]).wall);
  node.push(time(["-e", "0"]).wall);
  py.push(time(["-c", "pass"], native).wall);
}
const version = spawnSync(native, ["--version"], { encoding: "utf8" }).stdout.trim();
console.log(`${new Date().toISOString().slice(0, 10)}, ${runs} runs each, interleaved (ms):`);
console.log(`  loadPyodide() (import + load): ${stats(load)}`);
console.log(`  node dist/bin/pyxis.mjs -c pass (whole process): ${stats(cli)}`);
console.log(`  node -e 0 (bare Node): ${stats(node)}`);
console.log(`  ${native} -c pass (${version}, native): ${stats(py)}`);
const ratio = (a, b) => (median(a) / median(b)).toFixed(1);
console.log(`  pyxis -c pass / native python: ${ratio(cli, py)}x`);
console.log(`  pyxis -c pass / bare node: ${ratio(cli, node)}x`);
