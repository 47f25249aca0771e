// tools/serve.mjs (`make serve`) under hostile requests: the server runs as
// its own process (as `make serve` does) on a free port, gets requests over raw
// sockets, and must answer each with the expected status, serve nothing outside
// its folder, and still be running and answering afterwards.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import fc from "fast-check";
import { ROOT } from "../helpers.mjs";

const SECRET = "the secret outside the served folder";
let tmp, server, port, output;

/** One request as raw bytes; resolves to { status, headers, body } (status 0: no answer). */
function raw(request) {
  return new Promise((resolve) => {
    const chunks = [];
    const socket = net.connect(port, "127.0.0.1", () => socket.write(request));
    const done = () => {
      const text = Buffer.concat(chunks).toString("latin1");
      const [head, ...rest] = text.split("\r\n\r\n");
      const [statusLine, ...lines] = head.split("\r\n");
      const headers = Object.fromEntries(
        lines.map((l) => [
          l.slice(0, l.indexOf(":")).toLowerCase(),
          l.slice(l.indexOf(":") + 1).trim(),
        ]),
      );
      resolve({
        status: Number(statusLine.split(" ")[1]) || 0,
        headers,
        body: rest.join("\r\n\r\n"),
      });
    };
    socket.on("data", (c) => chunks.push(c));
    socket.on("error", () => {}); // e.g. EPIPE after the server refused a huge request
    socket.on("close", done);
    socket.setTimeout(10000, () => socket.destroy());
  });
}
const get = (target, method = "GET") =>
  raw(`${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pyxis-serve-"));
  const served = path.join(tmp, "served");
  const outside = path.join(tmp, "outside");
  fs.mkdirSync(outside);
  fs.writeFileSync(path.join(outside, "secret.txt"), SECRET);
  fs.writeFileSync(path.join(tmp, "secret.txt"), SECRET);
  fs.mkdirSync(path.join(served, "sub"), { recursive: true });
  fs.writeFileSync(path.join(served, "index.html"), "<p>root</p>");
  fs.writeFileSync(path.join(served, "a.txt"), "hello");
  fs.writeFileSync(path.join(served, "empty.txt"), "");
  fs.writeFileSync(path.join(served, "big.bin"), Buffer.alloc(8 << 20, 7));
  fs.writeFileSync(path.join(served, "sub", "index.html"), "<p>sub</p>");
  fs.mkdirSync(path.join(served, "no-index"));
  fs.mkdirSync(path.join(served, "weird", "index.html"), { recursive: true }); // cannot be read as a file
  fs.mkdirSync(path.join(served, "new\nline")); // a redirect to it must not put "\n" in a header
  fs.symlinkSync("../outside/secret.txt", path.join(served, "link-out"));
  fs.symlinkSync(path.join(outside, "secret.txt"), path.join(served, "link-out-abs"));
  fs.symlinkSync("../outside", path.join(served, "dir-out"));
  fs.symlinkSync("../../outside", path.join(served, "sub", "out"));
  fs.mkdirSync(path.join(served, "index-out"));
  fs.symlinkSync("../../outside/secret.txt", path.join(served, "index-out", "index.html"));
  fs.symlinkSync("a.txt", path.join(served, "link-in"));
  fs.symlinkSync("no-such-file", path.join(served, "dangling"));
  fs.symlinkSync("loop", path.join(served, "loop"));
  execFileSync("mkfifo", [path.join(served, "fifo")]); // opening it would wait for a writer
  // The folder is given through a symlink: real paths are compared.
  fs.symlinkSync("served", path.join(tmp, "alias"));
});

/** Starts `node tools/serve.mjs <alias> --port 0` and reads the port it prints. */
async function startServe() {
  output = "";
  server = spawn(
    process.execPath,
    [path.join(ROOT, "tools", "serve.mjs"), path.join(tmp, "alias"), "--port", "0"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  server.stdout.on("data", (d) => (output += d));
  server.stderr.on("data", (d) => (output += d));
  port = await new Promise((resolve, reject) => {
    server.stdout.on("data", () => {
      const m = output.match(/at http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) resolve(Number(m[1]));
    });
    server.on("exit", (code) => reject(new Error(`serve.mjs exited (${code}): ${output}`)));
  });
}

// A server that a request stopped fails that request's test (afterEach) and
// is started again, so that each request is tested on its own.
beforeEach(async () => {
  if (!server || server.exitCode !== null || server.signalCode !== null) await startServe();
});

afterAll(() => {
  server?.kill();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

// After every request: the server process is alive and still serves a file.
afterEach(async () => {
  expect({ exitCode: server.exitCode, signal: server.signalCode }).toEqual({
    exitCode: null,
    signal: null,
  });
  const r = await get("/a.txt");
  expect({ status: r.status, body: r.body }).toEqual({ status: 200, body: "hello" });
});

test.each([
  ["/", 200, "<p>root</p>"],
  ["/a.txt", 200, "hello"],
  ["/a.txt?x=1#frag", 200, "hello"],
  ["/empty.txt", 200, ""],
  ["/sub/", 200, "<p>sub</p>"],
  ["/link-in", 200, "hello"],
])("GET %s serves the file (%i)", async (target, status, body) => {
  const r = await get(target);
  expect({ status: r.status, body: r.body }).toEqual({ status, body });
  expect(r.headers["cross-origin-embedder-policy"]).toBe("require-corp");
});

test.each([
  // malformed targets: 400; dot segments, plain or encoded: 403
  ["a NUL byte", 400, "/a%00b"],
  ["a NUL byte in a folder's name", 400, "/sub%00/"],
  ["invalid percent-encoding", 400, "/%zz"],
  ["a truncated escape", 400, "/a%2"],
  ["percent-encoding that is not UTF-8", 400, "/%e0%a4"],
  ["an encoded ..", 403, "/%2e%2e/secret.txt"],
  ["an encoded .. after a folder", 403, "/sub/%2e%2e/%2e%2e/secret.txt"],
  ["a .. with an encoded slash", 403, "/..%2fsecret.txt"],
  ["..%2f twice", 403, "/sub/..%2f..%2fsecret.txt"],
  ["a plain ..", 403, "/../secret.txt"],
  ["a . segment", 403, "/./a.txt"],
  ["an encoded backslash climb", 404, "/..%5c..%5csecret.txt"],
  ["a target that is not a path", 400, "*"],
  ["an absolute-form target", 400, "http://127.0.0.1/a.txt"],
  ["a protocol-relative-looking target", 404, "//etc/passwd"],
  // outside the folder through symlinks
  ["a symlink to a file outside", 403, "/link-out"],
  ["an absolute symlink to a file outside", 403, "/link-out-abs"],
  ["a file under a symlinked folder outside", 403, "/dir-out/secret.txt"],
  ["a symlinked folder outside", 403, "/dir-out/"],
  ["a file under a subfolder's symlink to outside", 403, "/sub/out/secret.txt"],
  ["a folder whose index.html is a symlink to outside", 403, "/index-out/"],
  // files that do not exist or cannot be opened
  ["a missing file", 404, "/no-such-file"],
  ["a dangling symlink", 404, "/dangling"],
  ["a symlink loop", 404, "/loop"],
  ["a FIFO", 403, "/fifo"],
  ["a folder without index.html", 404, "/no-index/"],
  ["a folder whose index.html is a folder", 404, "/weird/"],
  ["a path through a file", 404, "/a.txt/x"],
  ["an overlong name", 404, "/" + "a".repeat(5000)],
  ["an overlong path", 404, "/" + "abc/".repeat(3000)],
])("GET of %s: %i", async (what, status, target) => {
  const r = await get(target);
  expect(r.status).toBe(status);
  expect(r.body).not.toContain(SECRET);
});

test("a folder without its slash is redirected, with the target still encoded", async () => {
  expect(await get("/sub")).toMatchObject({ status: 301, headers: { location: "/sub/" } });
  expect(await get("/new%0aline")).toMatchObject({
    status: 301,
    headers: { location: "/new%0aline/" },
  });
  expect((await get("/new%0aline/")).status).toBe(404);
});

test("a request too long for the HTTP parser gets 431", async () => {
  expect((await get("/" + "a".repeat(100000))).status).toBe(431);
});

test("a request that is not HTTP gets 400", async () => {
  expect((await raw("HELLO\r\n\r\n")).status).toBe(400);
});

test("HEAD sends the headers only", async () => {
  const r = await get("/a.txt", "HEAD");
  expect(r).toMatchObject({ status: 200, body: "", headers: { "content-length": "5" } });
});

test.each(["POST", "PUT", "DELETE", "OPTIONS", "PATCH"])("%s is 405", async (method) => {
  const r = await raw(
    `${method} /a.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc`,
  );
  expect(r).toMatchObject({ status: 405, headers: { allow: "GET, HEAD" } });
});

test("a client that leaves in the middle of a big file", async () => {
  await new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1", () =>
      socket.write("GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"),
    );
    socket.on("error", () => {});
    socket.once("data", () => socket.destroy());
    socket.once("close", resolve);
  });
  const r = await get("/big.bin", "HEAD");
  expect(r).toMatchObject({ status: 200, headers: { "content-length": String(8 << 20) } });
});

test("the big file arrives whole", async () => {
  const r = await get("/big.bin");
  expect(r.body.length).toBe(8 << 20);
});

const withHeaders = (target, extra) =>
  raw(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n${extra}Connection: close\r\n\r\n`);

test.each([
  ["br", zlib.brotliDecompressSync],
  ["gzip", zlib.gunzipSync],
])("a %s response is the file compressed", async (encoding, decode) => {
  const r = await withHeaders("/big.bin", `Accept-Encoding: deflate, ${encoding}\r\n`);
  expect(r.status).toBe(200);
  expect(r.headers).toMatchObject({ "content-encoding": encoding, vary: "Accept-Encoding" });
  const body = Buffer.from(r.body, "latin1");
  expect(Number(r.headers["content-length"])).toBe(body.length);
  expect(body.length).toBeLessThan(1 << 20);
  expect(decode(body).equals(Buffer.alloc(8 << 20, 7))).toBe(true);
});

test("identity: no Accept-Encoding, a q=0 refusal, a small file", async () => {
  for (const [target, extra] of [
    ["/big.bin", ""],
    ["/big.bin", "Accept-Encoding: br;q=0, gzip;q=0\r\n"],
    ["/a.txt", "Accept-Encoding: br\r\n"],
  ]) {
    const r = await withHeaders(target, extra);
    expect(r.status).toBe(200);
    expect(r.headers["content-encoding"]).toBeUndefined();
  }
});

test("If-None-Match of the file's ETag is 304 without a body; a stale one gets the file", async () => {
  const first = await get("/a.txt");
  expect(first.headers.etag).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
  const same = await withHeaders("/a.txt", `If-None-Match: ${first.headers.etag}\r\n`);
  expect(same).toMatchObject({ status: 304, body: "" });
  const stale = await withHeaders("/a.txt", `If-None-Match: "0-0"\r\n`);
  expect(stale).toMatchObject({ status: 200, body: "hello" });
});

test("chooseEncoding prefers br, then gzip, among the accepted (q > 0) encodings", async () => {
  const { chooseEncoding } = await import("../../tools/serve.mjs");
  const coding = fc.constantFrom("br", "gzip", "deflate", "identity", "*");
  const q = fc.option(fc.constantFrom("0", "0.0", "0.5", "1"), { nil: undefined });
  fc.assert(
    fc.property(fc.array(fc.tuple(coding, q, fc.boolean())), (items) => {
      const header = items
        .map(
          ([c, qv, upper]) => `${upper ? c.toUpperCase() : c}${qv === undefined ? "" : `;q=${qv}`}`,
        )
        .join(", ");
      const positive = (qv) => qv === undefined || Number(qv) > 0;
      const named = (c) => items.filter(([x]) => x === c);
      // A named coding needs every mention positive; "*" covers the unnamed.
      const ok = (c) =>
        named(c).length
          ? named(c).every(([, qv]) => positive(qv))
          : named("*").some(([, qv]) => positive(qv));
      const want = ok("br") ? "br" : ok("gzip") ? "gzip" : undefined;
      expect(chooseEncoding(header)).toBe(want);
    }),
  );
  expect(chooseEncoding(undefined)).toBeUndefined();
});
