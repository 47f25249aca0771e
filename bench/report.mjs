// The suite's statistics and its markdown table: per benchmark and runtime
// the median, best and quartiles of the samples, the median's ratio to
// native CPython's, and each group's geometric means of those ratios.
// Pure functions of bench/suite.mjs's results.

export function quantile(sorted, q) {
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i);
  return sorted[lo] + (sorted[Math.ceil(i)] - sorted[lo]) * (i - lo);
}

export function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  return { median: quantile(s, 0.5), best: s[0], q1: quantile(s, 0.25), q3: quantile(s, 0.75) };
}

export const geomean = (xs) => Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length);

// Adds stats, ratios (median / native median) and geometric means to a
// group's { runtimes, results }.
export function summarize(group) {
  const names = group.runtimes.map((r) => r.name);
  for (const r of group.results) {
    r.stats = Object.fromEntries(names.map((n) => [n, stats(r.times[n])]));
    r.ratio = Object.fromEntries(names.map((n) => [n, r.stats[n].median / r.stats.native.median]));
  }
  group.geomean = Object.fromEntries(
    names.map((n) => [n, geomean(group.results.map((r) => r.ratio[n]))]),
  );
  // pyxis (of dist/) against Pyodide, when the group ran both (in Node or in Chromium).
  const pyxis = names.find((n) => n.startsWith("pyxis") && !n.includes(":"));
  const pyodide = names.find((n) => n.startsWith("pyodide"));
  if (pyxis && pyodide) {
    group.pair = [pyxis, pyodide];
    group.pyxisOverPyodide = geomean(group.results.map((r) => r.ratio[pyxis] / r.ratio[pyodide]));
  }
  return group;
}

const fmtTime = (s) =>
  s >= 1
    ? `${s.toFixed(2)} s`
    : s >= 1e-3
      ? `${(s * 1e3).toFixed(2)} ms`
      : s >= 1e-6
        ? `${(s * 1e6).toFixed(1)} µs`
        : `${(s * 1e9).toFixed(1)} ns`;
// The quartiles' spread as a share of the median.
const spread = (st) => `±${(((st.q3 - st.q1) / 2 / st.median) * 100).toFixed(0)}%`;

export function table(run) {
  const lines = [
    `Benchmarks of ${run.date} (commit ${run.commit}; ${run.machine}): medians of ` +
      `${run.samples} samples per runtime${run.quick ? " (quick run)" : ""}, runtimes ` +
      `interleaved, after ${run.warmups} warm-up samples; "×" is the time over native ` +
      `CPython's in the same run (lower is better), ± half the interquartile range.`,
    "",
  ];
  for (const [name, group] of Object.entries(run.groups)) {
    const wasm = group.runtimes.filter((r) => r.name !== "native");
    lines.push(`### ${name}`, "");
    lines.push(`Runtimes: ${group.runtimes.map((r) => r.version).join("; ")}.`, "");
    const head = ["benchmark", "native", ...wasm.map((r) => `${r.name} ×native`)];
    if (group.pair) head.push(`${group.pair[0]} / ${group.pair[1]}`);
    lines.push(
      `| ${head.join(" | ")} |`,
      `|${head.map((_, i) => (i ? "---:" : "---")).join("|")}|`,
    );
    for (const r of group.results) {
      const row = [r.benchmark, `${fmtTime(r.stats.native.median)} ${spread(r.stats.native)}`];
      for (const w of wasm) row.push(`${r.ratio[w.name].toFixed(2)} ${spread(r.stats[w.name])}`);
      if (group.pair) row.push((r.ratio[group.pair[0]] / r.ratio[group.pair[1]]).toFixed(2));
      lines.push(`| ${row.join(" | ")} |`);
    }
    const foot = ["**geometric mean**", "1"];
    for (const w of wasm) foot.push(`**${group.geomean[w.name].toFixed(2)}**`);
    if (group.pair) foot.push(`**${group.pyxisOverPyodide.toFixed(2)}**`);
    lines.push(`| ${foot.join(" | ")} |`, "");
  }
  return lines.join("\n");
}
