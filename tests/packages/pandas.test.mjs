// pandas from the local dist/ in Node: loadPackage with its dependencies,
// the workflow a user starts with across the boundary — read_csv from a URL
// (pyfetch) and from a host file (the CLI's real files), a column handed to
// JS as a typed array over the same memory, JS records made a DataFrame and
// back, and a quick subset of pandas' own suite (the whole run: `make
// pandas-tests`). The in-runtime checks are packages/pandas/test_pandas.py
// (own_tests).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DIST, loadCaptured } from "../helpers.mjs";
import { expectSuiteFilesPass } from "../pytest.mjs";
import { LOCK, recorder, serve } from "./helpers.mjs";

const CSV = "id,name,score,day\n1,ada,9.5,2024-03-01\n2,bob,7.25,2024-03-02\n3,cy,8.0,2024-03-02\n";

// Files of pandas' suite that pass whole in pyxis (`make pandas-tests`).
const QUICK_FILES = ["tests/window/test_api.py", "tests/window/test_expanding.py"];

let pyodide, out, server, tmp;
beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pyxis-pandas-"));
  fs.writeFileSync(path.join(tmp, "scores.csv"), CSV);
  server = await serve(tmp);
  ({ pyodide, out } = await loadCaptured());
  const rec = recorder();
  await pyodide.loadPackage("pandas", rec.options);
  expect(rec.errors).toEqual([]);
  pyodide.runPython("import pandas as pd, numpy as np");
}, 180000);
afterAll(async () => {
  await server?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

test("loadPackage('pandas') loads its run dependencies first", () => {
  expect(LOCK.packages.pandas.depends).toEqual(["numpy", "python-dateutil", "tzdata"]);
  expect(Object.keys(pyodide.loadedPackages).sort()).toEqual([
    "numpy",
    "pandas",
    "python-dateutil",
    "six",
    "tzdata",
  ]);
  expect(pyodide.runPython("pd.__version__")).toBe(LOCK.packages.pandas.version);
  expect(LOCK.packages["pandas-tests"].depends).toEqual(["pandas"]);
});

test("read_csv of a URL fetched with pyfetch", async () => {
  const total = await pyodide.runPythonAsync(`
    import io
    from pyodide.http import pyfetch
    resp = await pyfetch(${JSON.stringify(server.url + "scores.csv")})
    df = pd.read_csv(io.StringIO(await resp.string()), parse_dates=["day"])
    float(df["score"].sum()), str(df["day"].dtype), df.groupby("day")["id"].count().tolist()
  `);
  // pandas 3 parses date strings to microseconds, as natively.
  expect(total.toJs()).toEqual([24.75, "datetime64[us]", [1, 2]]);
  total.destroy();
});

test("a column is a typed array over the DataFrame's own memory", () => {
  const col = pyodide.runPython(`
    frame = pd.DataFrame({"x": np.arange(6, dtype=np.float64), "k": list("aabbcc")})
    frame["x"].to_numpy()
  `);
  const buf = col.getBuffer();
  try {
    expect(buf.data).toBeInstanceOf(Float64Array);
    expect(Array.from(buf.data)).toEqual([0, 1, 2, 3, 4, 5]);
    buf.data[2] = 40; // written from JS, seen by pandas: no copy in between
    expect(pyodide.runPython("float(frame['x'].sum())")).toBe(53);
    expect(pyodide.runPython("frame.groupby('k')['x'].sum().tolist()").toJs()).toEqual([1, 43, 9]);
  } finally {
    buf.release();
    col.destroy();
  }
});

test("JS records become a DataFrame and come back as records", () => {
  const records = [
    { city: "Oslo", temp: -3.5, rain: 1 },
    { city: "Lima", temp: 21 }, // no rain: NaN, then <NA> as Int64
    { city: "Oslo", temp: -1, rain: 4 },
  ];
  pyodide.globals.set("records", records);
  const out = pyodide.runPython(`
    df = pd.DataFrame.from_records(records.to_py())
    df["rain"] = df["rain"].astype("Int64")
    summary = df.groupby("city", as_index=False).agg(temp=("temp", "mean"), rain=("rain", "sum"))
    summary.to_dict(orient="records")
  `);
  expect(out.toJs({ dict_converter: Object.fromEntries })).toEqual([
    { city: "Lima", temp: 21, rain: 0 },
    { city: "Oslo", temp: -2.25, rain: 5 },
  ]);
  out.destroy();
  pyodide.globals.delete("records");
});

test("a pandas error reaches JS as a PythonError and the runtime goes on", () => {
  expect(() => pyodide.runPython('pd.DataFrame({"a": [1]})["missing"]')).toThrow(
    /KeyError: 'missing'/,
  );
  expect(pyodide.runPython("int(pd.Series([1, 2, 3]).rolling(2).sum().iloc[-1])")).toBe(5);
});

test("a quick subset of pandas' own tests passes under pytest", async () => {
  // pandas-tests: pandas' tests and conftest.py (which imports hypothesis).
  await expectSuiteFilesPass(pyodide, out, "pandas", QUICK_FILES);
}, 300000);

test("the pyxis command reads a CSV file of the host with pandas", () => {
  fs.writeFileSync(
    path.join(tmp, "report.py"),
    "import pandas as pd\n" +
      "df = pd.read_csv('scores.csv')\n" +
      "df['rank'] = df['score'].rank(ascending=False).astype(int)\n" +
      "df.to_csv('ranked.csv', index=False)\n" +
      "print(df.sort_values('rank')['name'].tolist())\n",
  );
  const r = spawnSync(process.execPath, [path.join(DIST, "bin", "pyxis.mjs"), "report.py"], {
    cwd: tmp,
    encoding: "utf8",
  });
  expect(r.stderr).toMatch(/Loaded .*pandas/);
  expect(r.stdout).toBe("['ada', 'cy', 'bob']\n");
  expect(r.status).toBe(0);
  expect(fs.readFileSync(path.join(tmp, "ranked.csv"), "utf8")).toBe(
    "id,name,score,day,rank\n1,ada,9.5,2024-03-01,1\n2,bob,7.25,2024-03-02,3\n3,cy,8.0,2024-03-02,2\n",
  );
});
