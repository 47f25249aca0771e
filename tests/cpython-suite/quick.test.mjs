// A quick subset of CPython's regression tests, the modules users touch
// most, each in a fresh pyxis process (tools/cpython-tests.mjs's runPyxisModule,
// as `make cpython-tests` runs every module): every failure must be one
// tests/cpython-suite/expected-failures.txt lists with its reason, and every
// entry listed for these modules must still fail.
import path from "node:path";
import { ROOT } from "../helpers.mjs";
import {
  FAILING,
  applyExpected,
  moduleOf,
  readExpectedFailures,
  runPyxisModule,
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

test.each(QUICK)(
  "%s passes in pyxis but for its listed failures",
  async (name) => {
    const r = await runPyxisModule(name, ENTRIES, { timeout: 300, out: OUT });
    expect(r.status).toBe("ok");
    expect(r.collectors).toEqual({});
    const { outcomes, used } = applyExpected(r.outcomes, ENTRIES);
    const unexpected = Object.entries(outcomes)
      .filter(([, o]) => FAILING.includes(o))
      .map(([id, o]) => `${id}: ${o}: ${r.details[id] ?? ""}`);
    expect(unexpected).toEqual([]);
    // The module's entries (named under it, or matching one of its tests:
    // test_datetime's run as test.datetimetester) that matched no failing
    // test are stale.
    const ids = Object.keys(r.outcomes);
    const mine = ENTRIES.filter(
      (e) => e.pattern.startsWith(`${moduleOf(name)}.`) || ids.some((id) => e.re.test(id)),
    );
    expect(mine.filter((e) => !used.has(e)).map((e) => e.pattern)).toEqual([]);
    expect(Object.values(outcomes).filter((o) => o === "passed").length).toBeGreaterThan(10);
  },
  900_000,
);
