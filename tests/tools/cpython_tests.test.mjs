// tools/cpython-tests.mjs's pure parts: the lists it reads, the test that
// was running when a process died, and how expected failures are applied.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import {
  applyExpected,
  expectedFor,
  lossByCause,
  readExpectedFailures,
  readSkipModules,
  runningWhenDied,
} from "../../tools/cpython-tests.mjs";

const tmpFile = (text) => {
  const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cpt-")), "list.txt");
  fs.writeFileSync(f, text);
  return f;
};

test("the checked-in lists parse, and every entry has a reason", () => {
  for (const [, reason] of readSkipModules()) expect(reason.length).toBeGreaterThan(3);
  for (const e of readExpectedFailures()) expect(e.reason.length).toBeGreaterThan(3);
});

test("list lines: comments dropped; no reason, an unknown kind or a crash pattern refused", () => {
  expect(() => readSkipModules(tmpFile("test_x\n"))).toThrow(/no reason/);
  expect(() => readSkipModules(tmpFile("test_x a\ntest_x b\n"))).toThrow(/twice/);
  expect([...readSkipModules(tmpFile("# all\ntest_x needs y # why\n\n")).entries()]).toEqual([
    ["test_x", "needs y"],
  ]);
  expect(() => readExpectedFailures(tmpFile("fail test.test_x.A.b\n"))).toThrow(/expected/);
  expect(() => readExpectedFailures(tmpFile("flaky test.test_x.A.b why\n"))).toThrow(/expected/);
  expect(() => readExpectedFailures(tmpFile("crash test.test_x.* why\n"))).toThrow(/no \*/);
});

test("patterns: * matches any characters, everything else literally", () => {
  const entries = readExpectedFailures(
    tmpFile(
      "fail test.test_x.A.test_* why # a comment\n# whole line\ncrash test.test_y.B.c boom\n",
    ),
  );
  expect(entries.map((e) => [e.kind, e.pattern, e.reason])).toEqual([
    ["fail", "test.test_x.A.test_*", "why"],
    ["crash", "test.test_y.B.c", "boom"],
  ]);
  expect(expectedFor(entries, "test.test_x.A.test_one")).toBe(entries[0]);
  expect(expectedFor(entries, "test.test_xyA.test_one")).toBeUndefined();
  expect(expectedFor(entries, "test.test_y.B.cd")).toBeUndefined();
});

const id = fc.stringMatching(/^test\.[a-z_]{1,8}\.[A-Za-z]{1,6}\.test_[a-z]{1,6}$/);

test("runningWhenDied: the last START without an END after it", () => {
  fc.assert(
    fc.property(fc.array(id, { maxLength: 6 }), fc.option(id), fc.string(), (done, last, noise) => {
      const clean = noise.replace(/PYXIS-/g, "");
      const log =
        done.map((t) => `PYXIS-START ${t}\n${clean}\nPYXIS-END ${t}\n`).join("") +
        (last ? `PYXIS-START ${last}\n${clean}` : "");
      expect(runningWhenDied(log)).toBe(last ?? undefined);
    }),
  );
});

test("applyExpected: listed failures become xfailed, nothing else changes", () => {
  const outcome = fc.constantFrom("passed", "failed", "error", "skipped", "crashed", "xfailed");
  fc.assert(
    fc.property(fc.dictionary(id, outcome), fc.array(id, { maxLength: 4 }), (outcomes, listed) => {
      const entries = readExpectedFailures(
        tmpFile(listed.map((t) => `fail ${t} listed\n`).join("")),
      );
      const failing = (o) => ["failed", "error", "crashed"].includes(o);
      const r = applyExpected(outcomes, entries);
      for (const [k, o] of Object.entries(outcomes)) {
        expect(r.outcomes[k]).toBe(listed.includes(k) && failing(o) ? "xfailed" : o);
      }
      // An entry is used (not stale) exactly when a test it names failed.
      for (const e of entries) {
        expect(r.used.has(e)).toBe(failing(outcomes[e.pattern]));
      }
    }),
    { numRuns: 50 },
  );
});

test("lossByCause: every natively passing test pyxis does not pass is counted once, by reason", () => {
  const outcome = fc.constantFrom("passed", "failed", "skipped", "xpassed");
  const side = fc.dictionary(id, outcome);
  fc.assert(
    fc.property(side, side, fc.boolean(), (native, pyxis, moduleSkipped) => {
      const p = {
        outcomes: moduleSkipped ? {} : pyxis,
        collectors: moduleSkipped ? { "test.m": "skipped" } : {},
        details: moduleSkipped ? { "test.m": "requires socket support" } : {},
      };
      const causes = lossByCause({ m: { outcomes: native } }, { m: p }, ["m"], []);
      const lost = Object.entries(native).filter(
        ([k, o]) => o === "passed" && !["passed", "xpassed"].includes(p.outcomes[k]),
      ).length;
      const counted = Object.values(causes).reduce((n, c) => n + c.tests, 0);
      expect(counted).toBe(lost);
      for (const c of Object.values(causes)) {
        expect(Object.values(c.reasons).reduce((a, b) => a + b, 0)).toBe(c.tests);
      }
      if (moduleSkipped && lost) {
        expect(Object.keys(causes)).toEqual(["sockets and SSL (no network sockets in wasm)"]);
      }
    }),
    { numRuns: 50 },
  );
});
