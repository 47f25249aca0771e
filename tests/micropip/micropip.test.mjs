// micropip (a lockfile package, run unchanged) installing real PyPI wheels
// (tests/micropip/wheels.txt, fetched by `make test-wheels`) from a local
// PEP 691 index (tools/serve.mjs): dependencies, markers, extras, version
// constraints, the lockfile first, conflicts, wrong hashes and foreign
// binary wheels refused with nothing installed, and freeze() loaded again.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DIST, ROOT } from "../helpers.mjs";
import { startServer } from "../../tools/serve.mjs";

const WHEELS = path.join(ROOT, "build", "test-wheels");
let server, index, pyodide, bad;

const { loadPyodide } = await import(path.join(DIST, "pyxis.mjs"));

beforeAll(async () => {
  // a second index: snowballstemmer advertised with a wrong sha256
  bad = fs.mkdtempSync(path.join(os.tmpdir(), "pyxis-badindex-"));
  const wheel = fs.readdirSync(WHEELS).find((f) => f.startsWith("snowballstemmer-"));
  fs.copyFileSync(path.join(WHEELS, wheel), path.join(bad, wheel));
  fs.writeFileSync(path.join(bad, `${wheel}.sha256`), "0".repeat(64));
  server = await startServer({
    mounts: { "/": DIST },
    indexes: { "/simple/": WHEELS, "/bad/": bad },
  });
  index = `${server.url}simple`;
  pyodide = await loadPyodide({ stdout: () => {}, stderr: () => {} });
  await pyodide.loadPackage("micropip", { messageCallback: () => {} });
  pyodide.runPython(`import micropip; micropip.set_index_urls(${JSON.stringify(index)})`);
}, 60000);

afterAll(async () => {
  await server?.close();
  fs.rmSync(bad, { recursive: true, force: true });
});

const run = (code) => pyodide.runPythonAsync(code);

test("install: dependencies, an extra, a marker and a version constraint", async () => {
  await run(`await micropip.install(["markdown-it-py[linkify]", "click", "six<1.17"])`);
  const got = await run(`
    import importlib.metadata as md
    import markdown_it, linkify_it, mdurl, click, six
    md_ = markdown_it.MarkdownIt("commonmark", {"linkify": True}).enable("linkify")
    html = md_.render("see https://example.org")
    [six.__version__, click.__version__, md.version("uc-micro-py"),
     md.distribution("click").read_text("INSTALLER").strip(),
     "href" in html, sorted(micropip.list())]
  `);
  const [sixVersion, clickVersion, ucVersion, installer, linked, names] = got.toJs();
  got.destroy();
  expect([sixVersion, clickVersion, ucVersion, installer, linked]).toEqual([
    "1.16.0",
    "8.1.8",
    "1.0.3",
    "micropip",
    true,
  ]);
  for (const name of ["markdown-it-py", "mdurl", "linkify-it-py", "uc-micro-py", "click", "six"])
    expect(names).toContain(name);
  // click wants colorama only on Windows: the marker is false here
  expect(names).not.toContain("colorama");
  expect(await run(`import importlib.util; importlib.util.find_spec("colorama") is None`)).toBe(
    true,
  );
});

test("a lockfile package comes from the lockfile; an installed one is not fetched again", async () => {
  await run(`await micropip.install("iniconfig")`);
  expect(pyodide.loadedPackages.iniconfig).toBe("default channel");
  await run(`await micropip.install("six")`); // 1.16.0 is there and satisfies it
  expect(await run(`import six; six.__version__`)).toBe("1.16.0");
});

test("from JS: micropip.install through pyimport", async () => {
  const micropip = pyodide.pyimport("micropip");
  await micropip.install("snowballstemmer");
  micropip.destroy();
  expect(
    await run(`import snowballstemmer; snowballstemmer.stemmer("english").stemWord("running")`),
  ).toBe("run");
});

test("a conflict with an installed version is a clear error; the runtime goes on", async () => {
  await expect(run(`await micropip.install("six==1.17.0")`)).rejects.toThrow(
    /ValueError: Requested 'six==1.17.0', but six==1.16.0 is already installed/,
  );
  await run(`await micropip.install("six==1.17.0", reinstall=True)`);
  expect(await run(`import importlib.metadata as md; md.version("six")`)).toBe("1.17.0");
});

test("a wheel whose sha256 is not the index's is refused and nothing is installed", async () => {
  await run(`micropip.uninstall("snowballstemmer")`);
  await expect(
    run(
      `await micropip.install("snowballstemmer", index_urls=${JSON.stringify(server.url + "bad")})`,
    ),
  ).rejects.toThrow(/RuntimeError: Invalid checksum: expected 0{64}, got [0-9a-f]{64}/);
  expect(
    await run(`
      import importlib, importlib.util, os, site, sys
      sys.modules.pop("snowballstemmer", None)  # imported by an earlier test
      importlib.invalidate_caches()
      [importlib.util.find_spec("snowballstemmer") is None,
       [f for f in os.listdir(site.getsitepackages()[0]) if "snowball" in f]]
    `).then((r) => r.toJs()),
  ).toEqual([true, []]);
});

test("a binary wheel for another platform is refused, naming the package", async () => {
  await expect(run(`await micropip.install("pyyaml")`)).rejects.toThrow(
    /ValueError: Can't find a pure Python 3 wheel for 'pyyaml'/,
  );
});

test("a package the lockfile has comes from the lockfile, not the index's foreign wheel", async () => {
  // The index has only a manylinux wheel of markupsafe; the lockfile has
  // markupsafe built for pyxis (with its C speedups).
  await run(`await micropip.install("markupsafe")`);
  expect(
    await run(`import markupsafe, markupsafe._speedups as s; s.__file__.endswith(".so")`),
  ).toBe(true);
});

test("an unknown package is a clear error", async () => {
  await expect(run(`await micropip.install("no-such-project-here")`)).rejects.toThrow(
    /Can't fetch metadata for 'no-such-project-here'/,
  );
});

test("uninstall removes the files; add_mock_package makes an importable stub", async () => {
  await run(`await micropip.install("snowballstemmer")`);
  await run(`micropip.uninstall("snowballstemmer")`);
  expect(
    await run(
      `import importlib, importlib.util, sys; sys.modules.pop("snowballstemmer", None); importlib.invalidate_caches(); importlib.util.find_spec("snowballstemmer") is None`,
    ),
  ).toBe(true);
  await run(`micropip.add_mock_package("mocked", "1.2.3", modules={"mocked": "X = 5"})`);
  expect(
    await run(`import mocked, importlib.metadata as md; (mocked.X, md.version("mocked"))`).then(
      (r) => r.toJs(),
    ),
  ).toEqual([5, "1.2.3"]);
  await run(`micropip.remove_mock_package("mocked")`);
});

test("freeze() is a lockfile a fresh runtime loads without resolving again", async () => {
  await run(`await micropip.install("python-dateutil")`);
  const frozen = await run(`micropip.freeze()`);
  const lock = JSON.parse(frozen);
  expect(lock.packages["python-dateutil"].depends).toEqual(["six"]);
  expect(lock.packages["python-dateutil"].file_name).toMatch(
    /^http:\/\/127\.0\.0\.1:\d+\/simple\//,
  );
  const fresh = await loadPyodide({ lockFileContents: frozen, stdout: () => {} });
  await fresh.loadPackage("python-dateutil", { messageCallback: () => {} });
  expect(
    fresh
      .runPython(
        `
      import dateutil.parser, six
      (dateutil.parser.parse("2026-12-06T10:00").hour, six.__version__)
    `,
      )
      .toJs(),
  ).toEqual([10, "1.17.0"]);
  expect(fresh.loadedPackages["python-dateutil"]).toBe("default channel");
});

test("the CLI: a script awaits micropip.install at its top level", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyxis-micropip-cli-"));
  try {
    fs.writeFileSync(
      path.join(dir, "install.py"),
      [
        "import micropip",
        `await micropip.install("snowballstemmer", index_urls=${JSON.stringify(index)})`,
        "import snowballstemmer",
        "print(snowballstemmer.stemmer('english').stemWord('cats'))",
      ].join("\n") + "\n",
    );
    // not spawnSync: this process serves the index the child fetches from
    const child = spawn(process.execPath, [path.join(DIST, "bin", "pyxis.mjs"), "install.py"], {
      cwd: dir,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const status = await new Promise((resolve) => child.on("close", resolve));
    expect({ status, stdout }).toEqual({ status: 0, stdout: "cat\n" });
    expect(stderr).toMatch(/Loaded micropip/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
