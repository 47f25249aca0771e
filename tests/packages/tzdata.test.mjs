// zoneinfo's time zones come from the tzdata package (packages/tzdata), loaded
// on demand: by name, or by loadPackagesFromImports for code importing zoneinfo.
import { loadCaptured } from "../helpers.mjs";
import { LOCK, recorder } from "./helpers.mjs";

const OFFSETS = `
from datetime import datetime
from zoneinfo import ZoneInfo
paris = ZoneInfo("Europe/Paris")
summer = datetime(2024, 7, 1, 12, tzinfo=paris)
winter = datetime(2024, 1, 15, 12, tzinfo=paris)
[str(summer.utcoffset()), summer.tzname(), str(winter.utcoffset()), winter.tzname()]
`;

test("tzdata is a lockfile package that zoneinfo code asks for", () => {
  expect(LOCK.packages.tzdata).toMatchObject({ depends: [], install_dir: "site" });
  expect(LOCK.packages.tzdata.imports).toEqual(expect.arrayContaining(["tzdata", "zoneinfo"]));
});

test("without tzdata, ZoneInfo fails with the loadPackage hint in its context; then loads", async () => {
  const { pyodide } = await loadCaptured();
  const r = pyodide.runPython(`
import zoneinfo
try:
    zoneinfo.ZoneInfo("Europe/Paris")
except zoneinfo.ZoneInfoNotFoundError as e:
    result = [type(e).__name__, str(e.__context__)]
result`);
  const [name, context] = r.toJs();
  r.destroy();
  expect(name).toBe("ZoneInfoNotFoundError");
  expect(context).toMatch(/loadPackage\("tzdata"\)/);
  // Loading it afterwards is enough: the failure is not cached.
  await pyodide.loadPackage("tzdata", recorder().options);
  expect(pyodide.runPython('str(zoneinfo.ZoneInfo("Europe/Paris"))')).toBe("Europe/Paris");
});

test("after loadPackage('tzdata'), Europe/Paris has its summer and winter offsets", async () => {
  const { pyodide } = await loadCaptured();
  await pyodide.loadPackage("tzdata", recorder().options);
  const r = pyodide.runPython(OFFSETS);
  expect(r.toJs()).toEqual(["2:00:00", "CEST", "1:00:00", "CET"]);
  r.destroy();
  // Other zones, and the list of zones, come from the same data.
  expect(
    pyodide
      .runPython(
        `
from zoneinfo import ZoneInfo, available_timezones
str(datetime(2024, 7, 1, tzinfo=ZoneInfo("America/New_York")).utcoffset()), len(available_timezones()) > 400`,
      )
      .toJs(),
  ).toEqual(["-1 day, 20:00:00", true]);
});

test("loadPackagesFromImports loads tzdata for code that imports zoneinfo", async () => {
  const { pyodide } = await loadCaptured();
  const rec = recorder();
  await pyodide.loadPackagesFromImports("from zoneinfo import ZoneInfo", rec.options);
  expect(rec.messages).toEqual(["Loading tzdata", "Loaded tzdata"]);
  const r = pyodide.runPython(OFFSETS);
  expect(r.toJs()).toEqual(["2:00:00", "CEST", "1:00:00", "CET"]);
  r.destroy();
});

test("an unknown zone is a clear ZoneInfoNotFoundError, and the runtime goes on", async () => {
  const { pyodide } = await loadCaptured();
  await pyodide.loadPackage("tzdata", recorder().options);
  expect(() =>
    pyodide.runPython('import zoneinfo; zoneinfo.ZoneInfo("Mars/Olympus_Mons")'),
  ).toThrow(/ZoneInfoNotFoundError: 'No time zone found with key Mars\/Olympus_Mons'/);
  expect(() => pyodide.runPython('zoneinfo.ZoneInfo("../etc/passwd")')).toThrow(/ValueError/);
  expect(
    pyodide.runPython(
      'from datetime import datetime; str(datetime(2024, 1, 1, tzinfo=zoneinfo.ZoneInfo("Asia/Tokyo")).utcoffset())',
    ),
  ).toBe("9:00:00");
});
