// tools/package-index.mjs through tools/serve.mjs: a PEP 691 JSON index over
// a folder of wheels (what micropip's tests install from).
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startServer } from "../../tools/serve.mjs";

let dir, server;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyxis-index-"));
  fs.writeFileSync(path.join(dir, "Foo_Bar-1.0-py3-none-any.whl"), "one");
  fs.writeFileSync(path.join(dir, "foo.bar-2.0-py3-none-any.whl"), "two");
  fs.writeFileSync(path.join(dir, "foo.bar-2.0-py3-none-any.whl.sha256"), "f".repeat(64) + "\n");
  fs.writeFileSync(path.join(dir, "README.txt"), "not a wheel");
  server = await startServer({ mounts: {}, indexes: { "/simple/": dir } });
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const get = (p) => fetch(server.url + p, { redirect: "manual" });
const sha = (text) => crypto.createHash("sha256").update(text).digest("hex");

test("the project list and a project's files, with absolute URLs and hashes", async () => {
  const list = await get("simple/");
  expect(list.headers.get("content-type")).toBe("application/vnd.pypi.simple.v1+json");
  expect((await list.json()).projects).toEqual([{ name: "foo-bar" }]);
  const project = await (await get("simple/foo-bar/")).json();
  expect(project.name).toBe("foo-bar");
  expect(project.versions).toEqual(["1.0", "2.0"]);
  expect(project.files).toEqual([
    {
      filename: "Foo_Bar-1.0-py3-none-any.whl",
      url: `${server.url}simple/foo-bar/Foo_Bar-1.0-py3-none-any.whl`,
      hashes: { sha256: sha("one") },
    },
    {
      filename: "foo.bar-2.0-py3-none-any.whl",
      url: `${server.url}simple/foo-bar/foo.bar-2.0-py3-none-any.whl`,
      hashes: { sha256: "f".repeat(64) }, // the .sha256 file's, not the file's
    },
  ]);
  const wheel = await get("simple/foo-bar/Foo_Bar-1.0-py3-none-any.whl");
  expect(wheel.status).toBe(200);
  expect(await wheel.text()).toBe("one");
});

test("redirects to the normalized name and the trailing slash; unknown names are 404", async () => {
  const r1 = await get("simple/Foo_Bar/");
  expect([r1.status, r1.headers.get("location")]).toEqual([301, `${server.url}simple/foo-bar/`]);
  const r2 = await get("simple/foo-bar");
  expect([r2.status, r2.headers.get("location")]).toEqual([301, `${server.url}simple/foo-bar/`]);
  expect((await get("simple/nothing/")).status).toBe(404);
  expect((await get("simple/foo-bar/README.txt")).status).toBe(404);
  expect((await get("simple/foo-bar/a/b")).status).toBe(404);
});
