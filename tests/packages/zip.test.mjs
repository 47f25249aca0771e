// The loader's zip reader and hashing, in both implementations: Node's (zlib,
// node:crypto) and the browser's (DecompressionStream, crypto.subtle), which
// Node also provides, so both are checked here.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DIST } from "../helpers.mjs";
import { LOCK, makeZip } from "./helpers.mjs";

const { unzip, _web } = await import(path.join(DIST, "packages.mjs"));
const INFLATERS = [
  ["node", undefined],
  ["web", _web.inflateRaw],
];
const text = (data) => new TextDecoder().decode(data);

let tmp;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pyxis-zip-"));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function zipBytes(entries, method) {
  const file = path.join(tmp, `${method}-${Object.keys(entries).length}.zip`);
  makeZip(file, entries, method);
  return new Uint8Array(fs.readFileSync(file));
}

const ENTRIES = { "a/b.txt": "hello ".repeat(50), "empty.txt": "", "c/d/e.py": "x = 'é☃'\n" };

describe.each(INFLATERS)("unzip with the %s inflater", (_, inflate) => {
  test.each(["stored", "deflated"])("reads %s entries", async (method) => {
    const files = await unzip(zipBytes(ENTRIES, method), "t", inflate);
    expect(Object.fromEntries(files.map((f) => [f.name, text(f.data)]))).toEqual(ENTRIES);
  });

  test("reads every bundle in dist/", async () => {
    for (const pkg of Object.values(LOCK.packages)) {
      const files = await unzip(
        new Uint8Array(fs.readFileSync(path.join(DIST, pkg.file_name))),
        pkg.name,
        inflate,
      );
      expect(files.length).toBeGreaterThan(0);
    }
  });

  test("refuses a flipped byte (CRC-32) and a truncated archive", async () => {
    const stored = zipBytes({ "x.txt": "abcdefgh" }, "stored");
    const i = Buffer.from(stored).indexOf("abcdefgh");
    const flipped = stored.slice();
    flipped[i] ^= 1;
    await expect(unzip(flipped, "the bundle", inflate)).rejects.toThrow(
      "pyxis: the bundle is not a valid bundle (truncated or corrupt): x.txt fails its CRC-32 check",
    );
    const deflated = zipBytes({ "y.txt": "some text ".repeat(100) }, "deflated");
    const j = 30 + "y.txt".length + 5; // inside the deflate stream
    const broken = deflated.slice();
    broken[j] ^= 0xff;
    await expect(unzip(broken, "b", inflate)).rejects.toThrow(
      /b is not a valid bundle .*: y.txt (does not inflate|fails its CRC-32 check|has \d+ bytes)/,
    );
    await expect(unzip(deflated.subarray(0, deflated.length - 10), "c", inflate)).rejects.toThrow(
      /c is not a valid bundle \(truncated or corrupt\)/,
    );
    await expect(unzip(new TextEncoder().encode("not a zip"), "d", inflate)).rejects.toThrow(
      "no end of central directory record",
    );
  });
});

test("both sha256 implementations agree with the lockfile", async () => {
  const { createHash } = await import("node:crypto");
  for (const pkg of Object.values(LOCK.packages)) {
    const bytes = new Uint8Array(fs.readFileSync(path.join(DIST, pkg.file_name)));
    expect(await _web.sha256Hex(bytes)).toBe(pkg.sha256);
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(pkg.sha256);
  }
});
