// Pyodide's own tests, the quick subset (tests/pyodide-suite/quick-tests.txt),
// run for real in `npm test`: both runtimes, through tools/pyodide-tests.mjs
// --quick. The quick tests that pass on Pyodide and fail on pyxis must be
// exactly those of quick-known-failures.txt (each with its reason): a test
// that starts failing is a regression, one that starts passing must leave
// the list. Needs bench/node_modules (the pyodide npm package) and the host
// venv the tool makes (cached).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { listedAs, parseList } from "../../tools/pyodide-tests.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "..", "..");
const OUT = path.join(ROOT, "build", "pyodide-suite-quick");

test("the quick subset of Pyodide's tests: pyxis fails only the listed ones", () => {
  const run = spawnSync(
    process.execPath,
    [path.join(ROOT, "tools", "pyodide-tests.mjs"), "--quick", "--jobs", "2"],
    { cwd: ROOT, encoding: "utf8", env: { ...process.env, PYODIDE_TESTS_OUT: OUT } },
  );
  if (run.status !== 0) console.log(run.stdout.slice(-4000), run.stderr.slice(-4000));
  expect(run.status).toBe(0);
  const summary = JSON.parse(fs.readFileSync(path.join(OUT, "summary.json"), "utf8"));
  const quick = parseList(fs.readFileSync(path.join(HERE, "quick-tests.txt"), "utf8"), {
    requireReason: false,
  });
  const known = parseList(fs.readFileSync(path.join(HERE, "quick-known-failures.txt"), "utf8"));
  // Something ran on both sides: the quick list is not empty, and Pyodide
  // passed most of it.
  expect(summary.publicPassingOnPyodide).toBeGreaterThan(quick.size / 2);
  const failing = new Set(summary.pyxisFailing.map(({ id }) => listedAs(quick, id) ?? id));
  expect([...failing].sort()).toEqual([...known.keys()].sort());
}, 900_000);
