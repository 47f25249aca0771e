// matplotlib from the local dist/ in Node: loadPackage with its dependencies;
// typical figures (tests/packages/matplotlib-figures/*.py) rendered in pyxis
// and compared with native matplotlib's rendering of the same scripts
// (reference/, made by `make mpl-references`) by matplotlib's own
// compare_images; savefig to the host's files through the pyxis command;
// the figure's bytes handed to JS; plt.show() to a plot handler. The
// in-runtime checks are packages/matplotlib/test_matplotlib.py (own_tests).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DIST, ROOT, loadCaptured } from "../helpers.mjs";
import { LOCK, recorder } from "./helpers.mjs";

const FIGURES = path.join(ROOT, "tests", "packages", "matplotlib-figures");
const REFERENCE = path.join(FIGURES, "reference");
// compare_images' tolerance: the RMS of the pixel difference (0-255). Native
// matplotlib's wheel has its own FreeType (2.14) where pyxis has Debian's
// 2.13; each figure's RMS is written to build/matplotlib-figures.json.
const TOLERANCE = 0.1;
const SCRIPTS = fs
  .readdirSync(FIGURES)
  .filter((f) => f.endsWith(".py") && f !== "render.py")
  .map((f) => f.slice(0, -3))
  .sort();

let pyodide, out, tmp;
beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pyxis-mpl-"));
  ({ pyodide, out } = await loadCaptured());
  const rec = recorder();
  await pyodide.loadPackage(["matplotlib", "pandas"], rec.options);
  expect(rec.errors).toEqual([]);
  pyodide.FS.mkdirTree("/tmp/figures");
  for (const f of fs.readdirSync(FIGURES).filter((f) => f.endsWith(".py"))) {
    pyodide.FS.writeFile(`/tmp/figures/${f}`, fs.readFileSync(path.join(FIGURES, f)));
  }
}, 180000);
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

test("loadPackage('matplotlib') loads its run dependencies first", () => {
  const loaded = Object.keys(pyodide.loadedPackages);
  for (const dep of LOCK.packages.matplotlib.depends) expect(loaded).toContain(dep);
  expect(pyodide.runPython("import matplotlib; matplotlib.__version__")).toBe(
    LOCK.packages.matplotlib.version,
  );
  // Node has no DOM: Agg, as natively without a display.
  expect(pyodide.runPython("import matplotlib; matplotlib.get_backend()").toLowerCase()).toBe(
    "agg",
  );
});

describe("figures match native matplotlib's", () => {
  let versions;
  beforeAll(() => {
    pyodide.runPython(`
      import sys; sys.path.insert(0, "/tmp/figures")
      import render
      from pathlib import Path
      render.main(Path("/tmp/figures/out"))
    `);
    versions = JSON.parse(
      pyodide.FS.readFile("/tmp/figures/out/versions.json", { encoding: "utf8" }),
    );
    pyodide.FS.mkdirTree("/tmp/figures/reference");
    for (const f of fs.readdirSync(REFERENCE)) {
      pyodide.FS.writeFile(`/tmp/figures/reference/${f}`, fs.readFileSync(path.join(REFERENCE, f)));
    }
  }, 120000);

  test("the references were made by the same matplotlib and numpy", () => {
    const ref = JSON.parse(fs.readFileSync(path.join(REFERENCE, "versions.json"), "utf8"));
    expect(ref.matplotlib).toBe(versions.matplotlib);
    expect(ref.numpy).toBe(versions.numpy);
    expect(SCRIPTS.length).toBeGreaterThanOrEqual(10);
  });

  // Each figure's RMS difference, kept in build/matplotlib-figures.json
  // (the README quotes it).
  const rms = {};
  afterAll(() => {
    fs.mkdirSync(path.join(ROOT, "build"), { recursive: true });
    fs.writeFileSync(
      path.join(ROOT, "build", "matplotlib-figures.json"),
      JSON.stringify({ tolerance: TOLERANCE, versions, rms }, null, 2) + "\n",
    );
  });

  test.each(SCRIPTS)("%s", (name) => {
    expect(fs.existsSync(path.join(REFERENCE, `${name}.png`))).toBe(true);
    // compare_images at tolerance 0: None when identical, else a dict with the rms.
    const result = pyodide.runPython(`
      from matplotlib.testing.compare import compare_images
      r = compare_images("/tmp/figures/reference/${name}.png", "/tmp/figures/out/${name}.png",
                         tol=0, in_decorator=True)
      0.0 if r is None else float(r["rms"])
    `);
    rms[name] = result;
    expect(result).toBeLessThan(TOLERANCE);
  });

  test("a different figure is far beyond the tolerance (the comparison can fail)", () => {
    const result = pyodide.runPython(`
      r = compare_images("/tmp/figures/reference/histogram.png", "/tmp/figures/out/line_legend.png",
                         tol=0, in_decorator=True)
      float(r["rms"])
    `);
    expect(result).toBeGreaterThan(100 * TOLERANCE);
  });
});

test("the font list ships with matplotlib: a fresh runtime does not scan the fonts", () => {
  const found = pyodide.runPython(`
    from pathlib import Path
    import matplotlib as mpl
    from matplotlib import font_manager as fm
    name = f"fontlist-v{fm.FontManager.__version__}.json"
    [Path(mpl.get_data_path(), "fonts", name).is_file(), Path(mpl.get_cachedir(), name).exists(),
     len(fm.fontManager.ttflist), Path(fm.findfont("DejaVu Sans")).name]
  `);
  // Shipped; no cache written (a scan would have written one); DejaVu found.
  expect(found.toJs()).toEqual([true, false, expect.any(Number), "DejaVuSans.ttf"]);
  expect(found.toJs()[2]).toBeGreaterThan(30);
  found.destroy();
});

test("the shipped kwdoc texts are what kwdoc would work out here", () => {
  const [count, differ] = pyodide
    .runPython(
      `
    import importlib
    import matplotlib.pyplot
    from matplotlib import artist, _pyxis_kwdocs
    def computed(cls):
        ai = artist.ArtistInspector(cls)
        return "Properties:\\n" + "\\n".join(ai.pprint_setters(leadingspace=4))
    differ, count = [], 0
    for cls in matplotlib._api.recursive_subclasses(artist.Artist):
        key = f"{cls.__module__}.{cls.__qualname__}"
        if key in _pyxis_kwdocs.KWDOCS:
            count += 1
            if artist.kwdoc(cls) != computed(cls) or artist.kwdoc(cls) is not _pyxis_kwdocs.KWDOCS[key]:
                differ.append(key)
    [count, differ]
  `,
    )
    .toJs();
  expect(count).toBeGreaterThan(50);
  expect(differ).toEqual([]);
});

test("savefig writes PNG, SVG and PDF to host files through the pyxis command", () => {
  fs.writeFileSync(
    path.join(tmp, "plot.py"),
    "import matplotlib.pyplot as plt\n" +
      "fig, ax = plt.subplots()\n" +
      "ax.plot([1, 3, 2], label='data')\n" +
      "ax.legend()\n" +
      "for ext in ('png', 'svg', 'pdf'):\n" +
      "    fig.savefig(f'plot.{ext}')\n" +
      "print('saved')\n",
  );
  const r = spawnSync(process.execPath, [path.join(DIST, "bin", "pyxis.mjs"), "plot.py"], {
    cwd: tmp,
    encoding: "utf8",
  });
  expect(r.stdout).toBe("saved\n");
  expect(r.status).toBe(0);
  expect(fs.readFileSync(path.join(tmp, "plot.png")).subarray(0, 4)).toEqual(
    Buffer.from([0x89, 0x50, 0x4e, 0x47]),
  );
  expect(fs.readFileSync(path.join(tmp, "plot.svg"), "utf8")).toMatch(/<svg[\s\S]*<\/svg>/);
  expect(fs.readFileSync(path.join(tmp, "plot.pdf")).subarray(0, 5).toString()).toBe("%PDF-");
});

test("a figure's PNG bytes are handed to JS", () => {
  const png = pyodide.runPython(`
    import io
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(2, 1), dpi=100)
    ax.bar([0, 1], [1, 2], color="tab:green")
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    from pyodide.ffi import to_js
    to_js(buf.getbuffer())
  `);
  expect(png).toBeInstanceOf(Uint8Array);
  expect(Array.from(png.subarray(0, 4))).toEqual([0x89, 0x50, 0x4e, 0x47]);
  // The IHDR chunk: width and height, big-endian.
  const view = new DataView(png.buffer, png.byteOffset);
  expect([view.getUint32(16), view.getUint32(20)]).toEqual([200, 100]);
});

describe("plt.show() with pyxis's backend", () => {
  afterEach(() => {
    pyodide.setPlotHandler(null);
    pyodide.runPython(
      "import matplotlib.pyplot as plt; plt.close('all'); plt.switch_backend('agg')",
    );
  });

  test("hands each open figure to the plot handler as PNG", () => {
    const shown = [];
    pyodide.setPlotHandler((png, info) => shown.push({ png: png.slice(), info }));
    pyodide.runPython(`
      import matplotlib.pyplot as plt
      plt.switch_backend("module://matplotlib_pyxis.backend")
      f1 = plt.figure(figsize=(3, 2), dpi=50); plt.plot([1, 2])
      f2 = plt.figure(figsize=(1, 1), dpi=50); plt.plot([2, 1])
      plt.show()
    `);
    expect(shown.map((s) => [s.info.figure, s.info.width, s.info.height])).toEqual([
      [1, 150, 100],
      [2, 50, 50],
    ]);
    for (const s of shown) expect(Array.from(s.png.subarray(1, 4))).toEqual([0x50, 0x4e, 0x47]);
  });

  test("warns, without a DOM or a handler, and the runtime goes on", () => {
    const warned = pyodide.runPython(`
      import warnings
      import matplotlib.pyplot as plt
      plt.switch_backend("module://matplotlib_pyxis.backend")
      plt.plot([1, 2])
      with warnings.catch_warnings(record=True) as w:
          warnings.simplefilter("always")
          plt.show()
      [str(x.message) for x in w]
    `);
    expect(warned.toJs().join("\n")).toMatch(/nowhere to show the figure/);
    warned.destroy();
  });

  test("setPlotHandler and setPlotTarget refuse what they cannot use", () => {
    expect(() => pyodide.setPlotHandler(42)).toThrow(TypeError);
    expect(() => pyodide.setPlotTarget(42)).toThrow(TypeError);
  });

  test("a handler's error reaches Python as an exception", () => {
    pyodide.setPlotHandler(() => {
      throw new Error("handler broke");
    });
    expect(() =>
      pyodide.runPython(`
        import matplotlib.pyplot as plt
        plt.switch_backend("module://matplotlib_pyxis.backend")
        plt.plot([1]); plt.show()
      `),
    ).toThrow(/handler broke/);
  });

  test("Pyodide's backend names are this backend", () => {
    expect(
      pyodide.runPython(`
        import matplotlib
        matplotlib.use("module://matplotlib_pyodide.wasm_backend")
        import matplotlib.pyplot as plt
        type(plt.figure().canvas).__name__
      `),
    ).toBe("FigureCanvasPyxis");
  });
});

test("bad input gets a Python exception and the runtime goes on", () => {
  expect(() =>
    pyodide.runPython("import matplotlib.pyplot as plt; plt.plot([1, 2], [1, 2, 3])"),
  ).toThrow(/ValueError: x and y must have same first dimension/);
  expect(pyodide.runPython("import matplotlib.pyplot as plt; plt.close('all'); 1 + 1")).toBe(2);
  expect(out.stderr ?? "").not.toMatch(/Fatal/);
});
