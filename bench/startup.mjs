// Start-up, pyxis (dist/) beside Pyodide (the pinned npm package in
// bench/node_modules) in the same run, interleaved, each sample fresh:
//   Node: a new process to the first runPython result (ms since the
//     process began, performance.now()), and for pyxis also to `import
//     numpy` done (loadPackage + import); a bare `node -e 0` and the host's
//     `python3 -c pass` as references.
//   Chromium (Debian's, headless): a page served by tools/serve.mjs
//     (compressed, with ETags, as a host serves it) to the first runPython
//     result (ms since navigation began): cold (a new browser context: empty
//     HTTP and code caches) and warm (the same page loaded again).
// Prints medians (and the spread) and the ratios pyxis / Pyodide; with
// --out FILE also writes the table as Markdown. Not a test: numbers, which
// depend on the machine's load (compare the ratios).
//   node bench/startup.mjs [--runs N] [--no-browser] [--out FILE]
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { startServer } from "../tools/serve.mjs";
import { CHROMIUM, CHROMIUM_ARGS, requireChromium } from "../tools/chromium.mjs";
import { stats } from "./report.mjs";

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(BENCH, "..");
const DIST = path.join(ROOT, "dist");
const PYODIDE = path.join(BENCH, "node_modules", "pyodide");

const args = process.argv.slice(2);
const opt = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const runs = Number(opt("--runs") ?? 5);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs: expected a count`);
const browserToo = !args.includes("--no-browser");
const out = opt("--out");
if (!fs.existsSync(path.join(PYODIDE, "pyodide.mjs")))
  throw new Error("bench/node_modules/pyodide is missing: run `make bench/node_modules`");

// A Node script that prints the ms from process start to `code`'s result.
const nodeScript = (loader, options, code) => `
const { loadPyodide } = await import(${JSON.stringify(pathToFileURL(loader).href)});
const py = await loadPyodide(${JSON.stringify(options)});
const value = py.runPython(${JSON.stringify(code)});
if (String(value) !== "2") throw new Error("unexpected result " + value);
console.log(performance.now());
process.exit(0);`;

const NODE_CASES = {
  "pyxis: first runPython": nodeScript(path.join(DIST, "pyxis.mjs"), {}, "1+1"),
  "Pyodide: first runPython": nodeScript(path.join(PYODIDE, "pyodide.mjs"), {}, "1+1"),
  "pyxis: import numpy done": nodeScript(
    path.join(DIST, "pyxis.mjs"),
    { packages: ["numpy"] },
    "import numpy; int(numpy.int8(2))",
  ),
};

function runNode(script) {
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`node failed:\n${r.stderr}`);
  return Number(r.stdout.trim().split("\n").pop());
}
function wall(exe, argv) {
  const t = performance.now();
  const r = spawnSync(exe, argv, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${exe} ${argv.join(" ")} failed:\n${r.stderr}`);
  return performance.now() - t;
}

const samples = {};
const add = (name, ms) => (samples[name] ??= []).push(ms);
const rotate = (list, n) => list.map((_, i) => list[(i + n) % list.length]);

for (let n = 0; n < runs; n++) {
  for (const name of rotate(Object.keys(NODE_CASES), n)) add(name, runNode(NODE_CASES[name]));
  add("node -e 0 (whole process)", wall(process.execPath, ["-e", "0"]));
  add("python3 -c pass (whole process)", wall("python3", ["-c", "pass"]));
}

// --- Chromium
const PAGE = (module, label) => `<!doctype html><meta charset="utf-8"><title>${label}</title>
<script type="module">
  try {
    const { loadPyodide } = await import(${JSON.stringify(module)});
    const py = await loadPyodide();
    const value = py.runPython("1+1");
    window.startup = { ms: performance.now(), value: String(value) };
  } catch (err) {
    window.startup = { error: String(err?.stack ?? err) };
  }
</script>`;

async function browserSamples() {
  requireChromium();
  const { chromium } = await import("playwright-core");
  const pages = fs.mkdtempSync(path.join(os.tmpdir(), "pyxis-startup-"));
  fs.writeFileSync(path.join(pages, "pyxis.html"), PAGE("/pyxis/pyxis.mjs", "pyxis"));
  fs.writeFileSync(path.join(pages, "pyodide.html"), PAGE("/pyodide/pyodide.mjs", "Pyodide"));
  const server = await startServer({
    mounts: { "/": pages, "/pyxis/": DIST, "/pyodide/": PYODIDE },
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const load = async (page, file) => {
    await page.goto(new URL(file, server.url).href);
    await page.waitForFunction(() => window.startup, null, { timeout: 120000 });
    const r = await page.evaluate(() => window.startup);
    if (r.error || r.value !== "2") throw new Error(`${file}: ${r.error ?? r.value}`);
    return r.ms;
  };
  try {
    for (let n = 0; n < runs; n++) {
      for (const [label, file] of rotate(
        [
          ["pyxis", "pyxis.html"],
          ["Pyodide", "pyodide.html"],
        ],
        n,
      )) {
        const context = await browser.newContext();
        const page = await context.newPage();
        add(`${label}: Chromium page, cold cache`, await load(page, file));
        // Let the browser store the compiled code, then load again.
        await new Promise((r) => setTimeout(r, 1000));
        const again = await context.newPage();
        add(`${label}: Chromium page, warm cache`, await load(again, file));
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await server.close();
    fs.rmSync(pages, { recursive: true, force: true });
  }
}
if (browserToo) await browserSamples();

const median = (xs) => stats(xs).median;
const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const date = new Date().toISOString().slice(0, 10);
const versionOf = (dir) => JSON.parse(fs.readFileSync(path.join(dir, "package.json"))).version;
const lines = [
  `Start-up, ${date}: medians of ${runs} fresh runs each, interleaved ` +
    `(\`node bench/startup.mjs\`; pyxis ${versionOf(DIST)}, Pyodide ${versionOf(PYODIDE)}, ` +
    `Node ${process.versions.node}; the spread is min–max).`,
  "",
  "| to the first result | pyxis | Pyodide | pyxis / Pyodide |",
  "| --- | --- | --- | --- |",
];
const spread = (xs) => `${fmt(median(xs))} (${fmt(stats(xs).best)}–${fmt(Math.max(...xs))})`;
for (const [what, row] of [
  ["first runPython", "Node, fresh process: first runPython"],
  ["Chromium page, cold cache", "Chromium page, cold cache"],
  ["Chromium page, warm cache", "Chromium page, warm cache"],
  ["import numpy done", "Node, fresh process: `import numpy` done"],
]) {
  const a = samples[`pyxis: ${what}`];
  const b = samples[`Pyodide: ${what}`];
  if (!a) continue;
  const ratio = b ? (median(a) / median(b)).toFixed(2) : "—";
  lines.push(`| ${row} | ${spread(a)} | ${b ? spread(b) : "—"} | ${ratio} |`);
}
lines.push(
  "",
  `References (whole processes): \`node -e 0\` ${fmt(median(samples["node -e 0 (whole process)"]))}, ` +
    `\`python3 -c pass\` ${fmt(median(samples["python3 -c pass (whole process)"]))}.`,
);
console.log(lines.join("\n"));
if (out) fs.writeFileSync(out, lines.join("\n") + "\n");
