// The benchmark suite's statistics (bench/report.mjs), property-based
// (fast-check, seeded): quantiles lie between the samples' extremes and are
// ordered, the median of an odd count is its middle sample, the geometric
// mean lies between min and max and scales, and ratios are each runtime's
// median over native's.
import fc from "fast-check";
import { geomean, quantile, stats, summarize, table } from "../../bench/report.mjs";

const SEED = 20261207;
const times = fc.array(fc.double({ min: 1e-9, max: 1e3, noNaN: true }), {
  minLength: 1,
  maxLength: 40,
});

test("stats: best <= q1 <= median <= q3 <= max, and the median of an odd count is its middle", () => {
  fc.assert(
    fc.property(times, (xs) => {
      const s = stats(xs);
      const sorted = [...xs].sort((a, b) => a - b);
      expect(s.best).toBe(sorted[0]);
      expect(s.best <= s.q1 && s.q1 <= s.median && s.median <= s.q3).toBe(true);
      expect(s.q3 <= sorted[sorted.length - 1]).toBe(true);
      if (xs.length % 2 === 1) expect(s.median).toBe(sorted[(xs.length - 1) / 2]);
      expect(quantile(sorted, 0)).toBe(sorted[0]);
      expect(quantile(sorted, 1)).toBe(sorted[sorted.length - 1]);
    }),
    { seed: SEED, numRuns: 500 },
  );
});

test("geomean lies between min and max and scales with its inputs", () => {
  fc.assert(
    fc.property(times, fc.double({ min: 0.01, max: 100, noNaN: true }), (xs, k) => {
      const g = geomean(xs);
      expect(g).toBeGreaterThanOrEqual(Math.min(...xs) * (1 - 1e-9));
      expect(g).toBeLessThanOrEqual(Math.max(...xs) * (1 + 1e-9));
      expect(geomean(xs.map((x) => x * k)) / (g * k)).toBeCloseTo(1, 9);
    }),
    { seed: SEED, numRuns: 500 },
  );
});

test("summarize: ratios are medians over native's; geometric means and the pyxis/Pyodide mean", () => {
  const group = summarize({
    runtimes: [{ name: "native" }, { name: "pyxis" }, { name: "pyodide" }],
    results: [
      { benchmark: "a", times: { native: [1, 2, 3], pyxis: [2, 4, 6], pyodide: [4, 8, 12] } },
      { benchmark: "b", times: { native: [1], pyxis: [8], pyodide: [2] } },
    ],
  });
  expect(group.results[0].ratio).toEqual({ native: 1, pyxis: 2, pyodide: 4 });
  expect(group.results[1].ratio).toEqual({ native: 1, pyxis: 8, pyodide: 2 });
  expect(group.geomean.pyxis).toBeCloseTo(4, 12);
  expect(group.geomean.pyodide).toBeCloseTo(Math.sqrt(8), 12);
  expect(group.pyxisOverPyodide).toBeCloseTo(Math.sqrt(0.5 * 4), 12);
  const md = table({
    date: "d",
    commit: "c",
    machine: "m",
    samples: 3,
    warmups: 1,
    groups: { python: group },
  });
  expect(md).toContain("| a | 2.00 s ±25% | 2.00 ±25% | 4.00 ±25% | 0.50 |");
  expect(md).toContain("| **geometric mean** | 1 | **4.00** | **2.83** | **1.41** |");
});

test("summarize pairs pyxis with Pyodide by name prefix (the Chromium group), not other builds", () => {
  const group = summarize({
    runtimes: [
      { name: "native" },
      { name: "pyxis:other" },
      { name: "pyxis (chromium)" },
      { name: "pyodide (chromium)" },
    ],
    results: [
      {
        benchmark: "a",
        times: {
          native: [1],
          "pyxis:other": [3],
          "pyxis (chromium)": [2],
          "pyodide (chromium)": [4],
        },
      },
    ],
  });
  expect(group.pair).toEqual(["pyxis (chromium)", "pyodide (chromium)"]);
  expect(group.pyxisOverPyodide).toBeCloseTo(0.5, 12);
  const numpy = summarize({
    runtimes: [{ name: "native" }, { name: "pyxis" }],
    results: [{ benchmark: "k", times: { native: [1], pyxis: [2] } }],
  });
  expect(numpy.pair).toBeUndefined();
  expect(
    table({ date: "d", commit: "c", machine: "m", samples: 1, warmups: 1, groups: { numpy } }),
  ).toContain("| k | 1.00 s ±0% | 2.00 ±0% |");
});
