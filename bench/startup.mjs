// Start-up time in Node, each run in a fresh process: `loadPyodide()` from
// the import of dist/pyxis.mjs until the runtime is ready, and the whole
// command `node dist/bin/pyxis.mjs -c pass`. Prints the best and the median
// of N runs (ms). Not a test: numbers, which depend on the machine's load.
//   node bench/startup.mjs [--runs N]
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const i = args.indexOf("--runs");
const runs = i >= 0 ? Number(args[i + 1]) : 5;
if (!Number.isInteger(runs) || runs < 1)
  throw new Error(`--runs: expected a count, got ${args[i + 1]}`);

const loader = pathToFileURL(path.join(ROOT, "dist", "pyxis.mjs")).href;
const inProcess = `const t = performance.now();
const { loadPyodide } = await import(${JSON.stringify(loader)});
await loadPyodide();
console.log(performance.now() - t);`;

function time(argv) {
  const t = performance.now();
  const r = spawnSync(process.execPath, argv, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${argv.join(" ")} failed:\n${r.stderr}`);
  return { wall: performance.now() - t, out: r.stdout.trim() };
}
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return `best ${s[0].toFixed(0)}, median ${s[Math.floor(s.length / 2)].toFixed(0)}`;
};

const load = [];
const cli = [];
for (let n = 0; n < runs; n++) {
  load.push(Number(time(["--input-type=module", "-e", inProcess]).out));
  cli.push(time([path.join(ROOT, "dist", "bin", "pyxis.mjs"), "-c", "pass"]).wall);
}
console.log(`${new Date().toISOString().slice(0, 10)}, ${runs} runs each (ms):`);
console.log(`  loadPyodide() (import + load): ${stats(load)}`);
console.log(`  node dist/bin/pyxis.mjs -c pass (whole process): ${stats(cli)}`);
