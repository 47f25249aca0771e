// The suite's figure: for each group and benchmark, one horizontal bar per
// WebAssembly runtime giving its time over native CPython's (1 = as fast as
// native), with the geometric means last. A pure function of the results
// (bench/suite.mjs) to an SVG document.

const COLORS = { pyxis: "#2b6cb0", pyodide: "#dd6b20" };
const OTHER = ["#38a169", "#805ad5", "#d53f8c", "#718096"]; // more pyxis builds
const color = (name, i) => COLORS[name.replace(" (chromium)", "")] || OTHER[i % OTHER.length];
const LABEL = 170; // width of the benchmark names
const PLOT = 520; // width of the bars' area
const BAR = 9;
const ROW_GAP = 6;
const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;");

export function figure(run) {
  const parts = [];
  let y = 10;
  const text = (x, yy, s, extra = "") =>
    parts.push(`<text x="${x}" y="${yy}" ${extra}>${esc(s)}</text>`);
  text(
    0,
    (y += 14),
    `Time over native CPython (lower is better), ${run.date}, commit ${run.commit}`,
    'font-weight="bold"',
  );
  y += 8;
  for (const [name, group] of Object.entries(run.groups)) {
    const wasm = group.runtimes.filter((r) => r.name !== "native").map((r) => r.name);
    const rows = [
      ...group.results.map((r) => [r.benchmark, r.ratio, false]),
      ["geometric mean", group.geomean, true],
    ];
    const max = Math.max(
      2,
      Math.ceil(Math.max(...rows.flatMap(([, ratio]) => wasm.map((w) => ratio[w])))),
    );
    const x = (v) => LABEL + (v / max) * PLOT;
    y += 22;
    text(0, y, name, 'font-weight="bold"');
    wasm.forEach((w, i) => {
      parts.push(
        `<rect x="${LABEL + i * 110}" y="${y - 9}" width="10" height="10" fill="${color(w, i)}"/>`,
      );
      text(LABEL + i * 110 + 14, y, w);
    });
    y += 8;
    const top = y;
    const rowHeight = wasm.length * BAR + ROW_GAP;
    const height = rows.length * rowHeight;
    for (let v = 0; v <= max; v++) {
      parts.push(
        `<line x1="${x(v)}" y1="${top}" x2="${x(v)}" y2="${top + height}" stroke="${v === 1 ? "#333" : "#ddd"}"${v === 1 ? ' stroke-dasharray="4 3"' : ""}/>`,
      );
      text(x(v) - 3, top + height + 12, v, 'font-size="10"');
    }
    for (const [label, ratio, bold] of rows) {
      text(0, y + (wasm.length * BAR) / 2 + 4, label, bold ? 'font-weight="bold"' : "");
      wasm.forEach((w, i) => {
        const v = ratio[w];
        parts.push(
          `<rect x="${LABEL}" y="${y + i * BAR}" width="${(x(v) - LABEL).toFixed(1)}" height="${BAR - 1}" fill="${color(w, i)}"><title>${esc(`${label}, ${w}: ${v.toFixed(2)}x`)}</title></rect>`,
        );
        text(x(v) + 3, y + i * BAR + BAR - 1, v.toFixed(2), 'font-size="9"');
      });
      y += rowHeight;
    }
    y += 16;
  }
  const width = LABEL + PLOT + 40;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y + 10}" font-family="sans-serif" font-size="12">\n` +
    `<rect width="100%" height="100%" fill="white"/>\n${parts.join("\n")}\n</svg>\n`
  );
}
