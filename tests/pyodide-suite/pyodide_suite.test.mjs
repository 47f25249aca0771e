// The Pyodide test-suite figures (tools/pyodide-tests.mjs): the lists it reads
// (internal-tests.txt, quick-tests.txt), per-file counts, and the headline
// over public-behaviour tests that pass on Pyodide. Pure logic only: the run
// itself is `make pyodide-tests`.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  FILES,
  groupReasons,
  listedAs,
  parseList,
  shortId,
  summarize,
  tallyByFile,
} from "../../tools/pyodide-tests.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));

describe("parseList()", () => {
  test("reads ids and reasons, skipping comments and blank lines", () => {
    const list = parseList("# header\n\ntest_a.py::test_x  # uses _api\ntest_b.py  # whole file\n");
    expect([...list]).toEqual([
      ["test_a.py::test_x", "uses _api"],
      ["test_b.py", "whole file"],
    ]);
  });

  test("refuses an entry without a reason, a duplicate, or something not a test id", () => {
    expect(() => parseList("test_a.py::test_x\n")).toThrow(/line 1: test_a.py::test_x has no/);
    expect(() => parseList("test_a.py::t  # r\ntest_a.py::t  # r\n")).toThrow(/listed twice/);
    expect(() => parseList("src/tests/test_a.py::t[node]  # r\n")).toThrow(/not a test id/);
    expect(parseList("test_a.py::t\n", { requireReason: false }).get("test_a.py::t")).toBe("");
  });

  test("the checked-in lists parse and name only the suite's files", () => {
    for (const [name, opts] of [
      ["internal-tests.txt", {}],
      ["quick-tests.txt", { requireReason: false }],
    ]) {
      const list = parseList(fs.readFileSync(path.join(HERE, name), "utf8"), opts);
      expect(list.size).toBeGreaterThan(10);
      for (const id of list.keys()) expect(FILES).toContain(id.split("::")[0]);
    }
  });
});

describe("listedAs()", () => {
  const list = new Map([
    ["test_a.py::test_x", "r"],
    ["test_b.py", "r"],
  ]);
  test("an entry covers the test's parametrisations; a file entry covers its tests", () => {
    expect(listedAs(list, "test_a.py::test_x[node]")).toBe("test_a.py::test_x");
    expect(listedAs(list, "test_a.py::test_x[node-1-2]")).toBe("test_a.py::test_x");
    expect(listedAs(list, "test_a.py::test_xy[node]")).toBeUndefined();
    expect(listedAs(list, "test_b.py::anything[node]")).toBe("test_b.py");
  });
  test("shortId() drops pytest's folder prefix", () => {
    expect(shortId("src/tests/test_a.py::test_x[node]")).toBe("test_a.py::test_x[node]");
  });
});

describe("summarize()", () => {
  const o = (outcome, reason = "") => ({ outcome, reason });
  const pyodide = {
    outcomes: {
      "test_a.py::t1[node]": o("passed"),
      "test_a.py::t2[node]": o("passed"),
      "test_a.py::t3[node]": o("failed", "upstream"),
      "test_a.py::internal[node]": o("passed"),
      "test_b.py::t1[node]": o("passed"), // pyxis's run of test_b.py died
      "test_b.py::t2[node]": o("xfailed"),
    },
    collectors: {},
  };
  const pyxis = {
    outcomes: {
      "test_a.py::t1[node]": o("passed"),
      "test_a.py::t2[node]": o("error", "setup: TypeError: x"),
      "test_a.py::t3[node]": o("passed"),
      "test_a.py::internal[node]": o("failed", "no _api"),
    },
    collectors: { "test_b.py": o("error", "pytest killed (SIGKILL)") },
  };
  const internal = new Map([
    ["test_a.py::internal", "uses _api"],
    ["test_a.py::gone", "renamed upstream"],
  ]);
  const s = summarize(pyodide, pyxis, internal, ["test_a.py", "test_b.py"]);

  test("the headline is over public tests passing on Pyodide; a test pyxis did not run fails", () => {
    expect(s.publicPassingOnPyodide).toBe(3);
    expect(s.publicPassingAlsoOnPyxis).toBe(1);
    expect(s.ratio).toBeCloseTo(1 / 3);
    expect(s.pyxisFailing).toEqual([
      { id: "test_a.py::t2[node]", outcome: "error", reason: "setup: TypeError: x" },
      { id: "test_b.py::t1[node]", outcome: "not run", reason: "pytest killed (SIGKILL)" },
    ]);
  });

  test("internal tests are counted apart; stale entries are reported", () => {
    expect(s.internal).toEqual({ tests: 1, passOnPyodide: 1, passOnPyxis: 0 });
    expect(s.staleInternalEntries).toEqual(["test_a.py::gone"]);
    expect(s.passOnPyxisOnly).toEqual(["test_a.py::t3[node]"]);
  });

  test("per-file rows count a collector that failed as one error", () => {
    expect(s.pyxis.rows["test_b.py"]).toMatchObject({ collected: 1, error: 1, passed: 0 });
    expect(s.pyodide.rows["test_b.py"]).toMatchObject({ collected: 2, passed: 1, xfailed: 1 });
    expect(s.pyxis.total).toMatchObject({ collected: 5, passed: 2, failed: 1, error: 2 });
  });

  test("an unknown outcome is an error, not a silent zero", () => {
    expect(() =>
      tallyByFile({ outcomes: { "test_a.py::x": o("weird") }, collectors: {} }, []),
    ).toThrow(/unknown outcome weird/);
  });
});

test("groupReasons() folds numbers and quoted names and sorts by count", () => {
  const g = groupReasons([
    { id: "a", reason: "AttributeError: 'JsProxy' has no attribute 'to_string'" },
    { id: "b", reason: "AttributeError: 'JsProxy' has no attribute 'extend'" },
    { id: "c", reason: "setup: RuntimeError: died at 0x1f2e" },
  ]);
  expect(g.map(({ reason, count }) => [reason, count])).toEqual([
    ["AttributeError: '…' has no attribute '…'", 2],
    ["RuntimeError: died at 0x…", 1],
  ]);
});
