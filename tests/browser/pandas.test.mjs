// pandas in headless Chromium: loadPackage in a page and in a module worker,
// read_csv of a URL fetched with pyfetch, groupby and a rolling window (C++),
// a column as a typed array in the page's JS, and the console page showing a
// DataFrame as its HTML table under the statement.
import { startBrowser, waitForResult } from "./helpers.mjs";

let browser;
beforeAll(async () => {
  browser = await startBrowser();
}, 60000);
afterAll(() => browser?.close());

const WORKFLOW = `
import io
import pandas as pd
from pyodide.http import pyfetch
resp = await pyfetch("/tests/scores.csv")
df = pd.read_csv(io.StringIO(await resp.string()), parse_dates=["day"])
[float(df["score"].sum()), df.groupby("day")["id"].count().tolist(),
 df["score"].rolling(2).mean().round(3).tolist()[1:], str(df["day"].dt.tz_localize("UTC").dt.tz)]
`;
const EXPECTED = [24.75, [1, 2], [8.375, 7.625], "UTC"];

test("a page loads pandas and runs the workflow; a column is a Float64Array", async () => {
  const page = await browser.newPage("tests/module.html");
  await waitForResult(page);
  const result = await page.evaluate(async (code) => {
    await pyodide.loadPackage("pandas", { messageCallback: () => {} });
    const r = await pyodide.runPythonAsync(code);
    const value = r.toJs();
    r.destroy();
    const col = pyodide.runPython("df['score'].to_numpy()");
    const buf = col.getBuffer();
    const data = [buf.data.constructor.name, Array.from(buf.data)];
    buf.release();
    col.destroy();
    return { value, data, loaded: Object.keys(pyodide.loadedPackages).sort() };
  }, WORKFLOW);
  expect(result.value).toEqual(EXPECTED);
  expect(result.data).toEqual(["Float64Array", [9.5, 7.25, 8]]);
  expect(result.loaded).toEqual(["numpy", "pandas", "python-dateutil", "six", "tzdata"]);
  await page.close();
}, 120000);

test("a module worker loads pandas and runs the workflow", async () => {
  const page = await browser.newPage("tests/worker.html");
  await waitForResult(page);
  const reply = await page.evaluate(
    (code) => runIn("module", `import pyodide_js\nawait pyodide_js.loadPackage("pandas")\n${code}`),
    WORKFLOW,
  );
  expect(reply.result).toEqual(EXPECTED);
  await page.close();
}, 120000);

test("the console page shows a DataFrame as an HTML table", async () => {
  const page = await browser.newPage("console.html");
  await page.waitForSelector("body[data-ready]", { timeout: 45000 });
  for (const line of [
    "import pandas as pd",
    "pd.DataFrame({'city': ['Oslo', 'Lima'], 'temp': [-3.5, 21.0]})",
  ]) {
    await page.evaluate(() => delete document.body.dataset.idle);
    await page.fill("#input", line);
    await page.press("#input", "Enter");
    await page.waitForSelector("body[data-idle]", { timeout: 90000 });
  }
  const cells = await page.$$eval("#output .html table td", (tds) =>
    tds.map((td) => td.textContent),
  );
  expect(cells).toEqual(["Oslo", "-3.5", "Lima", "21.0"]);
  const info = await page.$$eval("#output .info", (s) => s.map((x) => x.textContent).join(""));
  expect(info).toMatch(/Loaded .*pandas/);
  // Plain values still print as text.
  await page.evaluate(() => delete document.body.dataset.idle);
  await page.fill("#input", "len(pd.DataFrame({'a': [1, 2, 3]}))");
  await page.press("#input", "Enter");
  await page.waitForSelector("body[data-idle]", { timeout: 45000 });
  const stdout = await page.$$eval("#output .stdout", (s) => s.map((x) => x.textContent).join(""));
  expect(stdout).toMatch(/3\n$/);
  await page.close();
}, 120000);
