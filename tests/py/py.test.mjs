// The Python-side tests: each tests/py/test_*.py runs under pytest inside one
// runtime (pytest is a lockfile package). They test the bridge and the
// `pyodide` package from Python, where that reads better than Python inside
// JS strings; a file passes when it collects tests and all of them pass.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadCaptured } from "../helpers.mjs";
import { runPytest, expectPasses } from "../pytest.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FILES = fs.readdirSync(HERE).filter((f) => /^test_.*\.py$/.test(f));

let pyodide, out;
beforeAll(async () => {
  ({ pyodide, out } = await loadCaptured());
  await pyodide.loadPackage("pytest", { messageCallback: () => {} });
  pyodide.FS.mkdirTree("/tmp/py-tests");
});

test("there are Python-side test files", () => {
  expect(FILES.length).toBeGreaterThan(0);
});

test.each(FILES)("%s passes under pytest", (file) => {
  const target = `/tmp/py-tests/${file}`;
  pyodide.FS.writeFile(target, fs.readFileSync(path.join(HERE, file)));
  const r = runPytest(pyodide, out, target);
  if (r.failed) console.log(r.report);
  expectPasses(r);
});
