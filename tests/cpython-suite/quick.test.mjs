// A quick subset of CPython's regression tests, the modules users touch
// most, each in a fresh pyxis process (tools/cpython-tests.mjs's runModule,
// as `make cpython-tests` runs every module): every failure must be one
// tests/cpython-suite/expected-failures.txt lists with its reason, and every
// entry listed for these modules must still fail.
import path from "node:path";
import { ROOT } from "../helpers.mjs";
import {
  expectedFor,
  moduleOf,
  readExpectedFailures,
  runModule,
} from "../../tools/cpython-tests.mjs";

const QUICK = [
  "test_json",
  "test_re",
  "test_datetime",
  "test_decimal",
  "test_zlib",
  "test_sqlite3",
  "test_str", // 3.13's name for test_unicode
  "test_math",
  "test_collections",
  "test_itertools",
  "test_zoneinfo",
  // test_asyncio's modules that need no threads or sockets.
  "test.test_asyncio.test_futures",
  "test.test_asyncio.test_tasks",
  "test.test_asyncio.test_locks",
  "test.test_asyncio.test_queues",
  "test.test_asyncio.test_taskgroups",
  "test.test_asyncio.test_timeouts",
];

const ENTRIES = readExpectedFailures();
// Apart from `make cpython-tests`'s results (build/cpython-suite).
const OUT = path.join(ROOT, "build", "cpython-quick");
const FAILING = ["failed", "error", "crashed"];

test.each(QUICK)(
  "%s passes in pyxis but for its listed failures",
  async (name) => {
    const prefix = `${moduleOf(name)}.`;
    const preExcluded = ENTRIES.filter(
      (e) => e.kind === "crash" && e.pattern.startsWith(prefix),
    ).map((e) => e.pattern);
    const r = await runModule("pyxis", name, { timeout: 300, preExcluded, out: OUT });
    expect(r.status).toBe("ok");
    expect(r.collectors).toEqual({});
    const outcomes = Object.entries(r.outcomes);
    const unexpected = outcomes
      .filter(([id, o]) => FAILING.includes(o) && !expectedFor(ENTRIES, id))
      .map(([id, o]) => `${id}: ${o}: ${r.details[id] ?? ""}`);
    expect(unexpected).toEqual([]);
    // The module's entries (named under it, or matching one of its tests:
    // test_datetime's run as test.datetimetester) that no longer match a
    // failing test are stale.
    const mine = ENTRIES.filter(
      (e) => e.pattern.startsWith(prefix) || outcomes.some(([id]) => e.re.test(id)),
    );
    const stale = mine
      .filter((e) => e.kind === "fail")
      .filter((e) => !outcomes.some(([id, o]) => FAILING.includes(o) && e.re.test(id)))
      .map((e) => e.pattern);
    expect(stale).toEqual([]);
    expect(outcomes.filter(([, o]) => o === "passed").length).toBeGreaterThan(10);
  },
  900_000,
);
