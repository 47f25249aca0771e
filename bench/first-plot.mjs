// Time from loadPyodide() to the first matplotlib plot on screen in headless
// Chromium (Debian's), with tests/browser/pages/matplotlib.html: a script-tag
// page that loads matplotlib and draws with plt.show(). Cold: a fresh
// browser profile (empty HTTP cache); warm: the same page loaded again in
// that profile. Best and median of N runs of each (ms), and the split
// (loadPyodide, loadPackage("matplotlib"), the rest: import and drawing).
// Not a test: numbers, which depend on the machine's load.
//   node bench/first-plot.mjs [--runs N]
import { startBrowser, waitForResult } from "../tests/browser/helpers.mjs";

const args = process.argv.slice(2);
const i = args.indexOf("--runs");
const runs = i >= 0 ? Number(args[i + 1]) : 3;
if (!Number.isInteger(runs) || runs < 1)
  throw new Error(`--runs: expected a count, got ${args[i + 1]}`);

const rows = { cold: [], warm: [] };
for (let r = 0; r < runs; r++) {
  const browser = await startBrowser();
  try {
    for (const kind of ["cold", "warm"]) {
      const page = await browser.newPage("tests/matplotlib.html");
      rows[kind].push(await waitForResult(page, "pyxisResult", 180000));
      await page.close();
    }
  } finally {
    await browser.close();
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (x) => x.toFixed(0).padStart(6);
console.log(
  `first plot in Chromium, ${runs} runs each, ${new Date().toISOString().slice(0, 10)} (ms)`,
);
console.log("cache  first plot (best / median)   loadPyodide  loadPackage  import+draw (medians)");
for (const [kind, list] of Object.entries(rows)) {
  const first = list.map((x) => x.firstPlot);
  const rest = list.map((x) => x.firstPlot - x.loadPyodide - x.loadPackage);
  console.log(
    `${kind.padEnd(5)}  ${fmt(Math.min(...first))} / ${fmt(median(first))}` +
      `              ${fmt(median(list.map((x) => x.loadPyodide)))}       ${fmt(median(list.map((x) => x.loadPackage)))}       ${fmt(median(rest))}`,
  );
}
