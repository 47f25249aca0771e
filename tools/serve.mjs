#!/usr/bin/env node
// A small static file server for trying pyxis in a browser (`make serve`) and
// for the browser tests: binds 127.0.0.1 only, sends the COOP/COEP headers that
// make a page cross-origin isolated (so SharedArrayBuffer, and with it the
// console's interrupt button, works) and the right MIME types (.wasm, .mjs);
// compresses responses as a CDN does on the fly (brotli quality 5, else gzip
// level 6, by Accept-Encoding; cached in memory), and answers a request
// whose If-None-Match names the file's ETag with 304, so a browser's warm
// cache (and its compiled-wasm cache) is used as on a real host.
// Serves regular files whose real path is inside the folder, nothing else;
// every request gets a status and none can stop the server
// (tests/tools/serve.test.mjs sends it hostile ones).
//
//   node tools/serve.mjs [dir] [--port N] [--no-isolation] [--index WHEELS]
//
// As a module: startServer({ mounts: { "/": dir, "/tests/": other }, port: 0 })
// resolves to { url, port, close() }. `indexes: { "/simple/": wheels }` (and
// --index, at /simple/) adds a PEP 691 package index over a folder of wheels
// (tools/package-index.mjs), for micropip.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { pipeline } from "node:stream";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import zlib from "node:zlib";
import { INDEX_TYPE, answer as indexAnswer } from "./package-index.mjs";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".cjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".zip": "application/zip",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
  ".ts": "text/plain; charset=utf-8",
  ".py": "text/plain; charset=utf-8",
};

// Content types sent as they are: already compressed.
const INCOMPRESSIBLE = new Set([".png", ".jpg", ".jpeg", ".gif", ".webp", ".gz", ".br", ".whl"]);
// Files smaller than this are not worth compressing.
const MIN_COMPRESS = 1024;
const ENCODERS = {
  br: promisify((buf, cb) =>
    zlib.brotliCompress(
      buf,
      {
        params: {
          [zlib.constants.BROTLI_PARAM_QUALITY]: 5,
          [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
        },
      },
      cb,
    ),
  ),
  gzip: promisify((buf, cb) => zlib.gzip(buf, { level: 6 }, cb)),
};

/**
 * The encoding to send for an Accept-Encoding header: "br" or "gzip" when
 * the client accepts it (a q=0 refuses), else undefined. Exported for tests.
 */
export function chooseEncoding(accept) {
  const accepted = new Set();
  const refused = new Set();
  for (const part of String(accept ?? "").split(",")) {
    const [token, ...params] = part.trim().toLowerCase().split(";");
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    (q && !(Number(q.slice(2)) > 0) ? refused : accepted).add(token.trim());
  }
  // "*" stands for any encoding the header does not name.
  return ["br", "gzip"].find(
    (e) =>
      (accepted.has(e) && !refused.has(e)) ||
      (accepted.has("*") && !refused.has(e) && !accepted.has(e)),
  );
}

// Compressed bodies by "encoding real-path size mtime", oldest dropped first
// beyond CACHE_BYTES (a Map keeps insertion order).
const CACHE_BYTES = 256e6;
const compressedCache = new Map();
let cachedBytes = 0;
async function compressed(handle, real, st, encoding) {
  const key = `${encoding} ${real} ${st.size} ${st.mtimeMs}`;
  let body = compressedCache.get(key);
  if (!body) {
    body = await ENCODERS[encoding](await handle.readFile());
    compressedCache.set(key, body);
    cachedBytes += body.length;
    for (const [k, v] of compressedCache) {
      if (cachedBytes <= CACHE_BYTES) break;
      compressedCache.delete(k);
      cachedBytes -= v.length;
    }
  }
  return body;
}

// Node's errors of a failed stat/open/realpath, as HTTP statuses.
const STATUS_OF = {
  ENOENT: 404,
  ENOTDIR: 404,
  ENAMETOOLONG: 404,
  ELOOP: 404,
  EACCES: 403,
  EPERM: 403,
};
const REASON = {
  400: "bad request",
  403: "forbidden",
  404: "not found",
  405: "method not allowed",
  500: "internal server error",
};

class HttpError extends Error {
  constructor(status) {
    super(REASON[status] ?? String(status));
    this.status = status;
  }
}

/**
 * The request target as a path: the raw target must be origin-form ("/..."),
 * its percent-encoding valid UTF-8 and the decoded path free of NUL bytes,
 * else HttpError(400); a "." or ".." segment is HttpError(403).
 * @returns {{ decoded: string, encoded: string }}
 */
function parseTarget(target) {
  const encoded = target.split(/[?#]/, 1)[0];
  if (!encoded.startsWith("/")) throw new HttpError(400);
  let decoded;
  try {
    decoded = decodeURIComponent(encoded);
  } catch {
    throw new HttpError(400); // "%zz", "%e0%a4", ...
  }
  if (decoded.includes("\0")) throw new HttpError(400);
  // Browsers remove dot segments before sending: one still here, plain or
  // encoded, is an attempt to climb out of the folder.
  if (decoded.split("/").some((seg) => seg === "." || seg === "..")) throw new HttpError(403);
  return { decoded, encoded };
}

/** True if `file` is `root` or inside it (both absolute, real paths). */
const inside = (root, file) =>
  file === root || file.startsWith(root.endsWith(path.sep) ? root : root + path.sep);

/**
 * Starts the server. Every request gets a status: 200; 304 for an
 * If-None-Match of the current ETag; 301 to add a
 * folder's "/"; 400 for a malformed target; 403 for a dot segment, a path
 * outside the folder or not a regular file; 404; 405 for other methods than
 * GET/HEAD; 500 for anything unexpected. No request stops it. Only regular
 * files whose real path (symlinks resolved) lies inside the mount's real
 * folder are served.
 * @param {object} options
 * @param {Record<string, string>} options.mounts URL prefix (ending in "/") -> folder
 * @param {number} [options.port] 0 (default) picks a free port
 * @param {boolean} [options.isolation] send COOP/COEP (default true)
 * @param {boolean} [options.quiet] no request log (default true)
 */
export function startServer({ mounts, indexes = {}, port = 0, isolation = true, quiet = true }) {
  const prefixes = Object.keys(mounts).sort((a, b) => b.length - a.length);
  const indexPrefixes = Object.keys(indexes).sort((a, b) => b.length - a.length);
  for (const p of [...prefixes, ...indexPrefixes]) {
    if (!p.startsWith("/") || !p.endsWith("/")) throw new Error(`mount ${p}: must be /.../`);
  }
  const server = http.createServer((req, res) => {
    const headers = { "Cache-Control": "no-cache" };
    if (isolation) {
      headers["Cross-Origin-Opener-Policy"] = "same-origin";
      headers["Cross-Origin-Embedder-Policy"] = "require-corp";
      headers["Cross-Origin-Resource-Policy"] = "same-origin";
    }
    const log = (status) => {
      if (!quiet) console.log(`${status} ${req.method} ${JSON.stringify(req.url).slice(1, -1)}`);
    };
    const send = (status, extra = {}) => {
      if (res.headersSent) return res.destroy();
      const body = status >= 400 ? `${REASON[status] ?? status}\n` : "";
      res.writeHead(status, {
        ...headers,
        "Content-Type": "text/plain; charset=utf-8",
        "Content-Length": Buffer.byteLength(body),
        ...extra,
      });
      res.end(req.method === "HEAD" ? undefined : body);
      log(status);
    };
    const fail = (err) => {
      const status = err instanceof HttpError ? err.status : (STATUS_OF[err?.code] ?? 500);
      if (status === 500) console.error(`serve: ${req.method} ${req.url}: ${err?.stack ?? err}`);
      send(status);
    };
    serve(req, res, headers, send, log).catch(fail);
  });

  async function serve(req, res, headers, send, log) {
    if (req.method !== "GET" && req.method !== "HEAD") return send(405, { Allow: "GET, HEAD" });
    const { decoded, encoded } = parseTarget(req.url);
    const indexPrefix = indexPrefixes.find((p) => decoded.startsWith(p) || decoded + "/" === p);
    if (indexPrefix) {
      if (!decoded.startsWith(indexPrefix)) return send(301, { Location: indexPrefix });
      const base = `http://${req.headers.host ?? "127.0.0.1"}${indexPrefix}`;
      const got = await indexAnswer(indexes[indexPrefix], decoded.slice(indexPrefix.length), base);
      if (got.location) return send(got.status, { Location: got.location });
      if (got.status !== 200) return send(got.status);
      if (got.json) {
        const body = JSON.stringify(got.json);
        res.writeHead(200, {
          ...headers,
          "Content-Type": INDEX_TYPE,
          "Content-Length": Buffer.byteLength(body),
          "Access-Control-Allow-Origin": "*",
        });
        log(200);
        return res.end(req.method === "HEAD" ? undefined : body);
      }
      return sendFile(await fs.promises.realpath(got.file), req, res, headers, send, log);
    }
    const prefix = prefixes.find((p) => decoded.startsWith(p) || decoded + "/" === p);
    if (!prefix) return send(404);
    const root = await fs.promises.realpath(mounts[prefix]);
    let file = path.join(root, decoded.slice(prefix.length - 1));
    let real = await fs.promises.realpath(file);
    if (!inside(root, real)) return send(403);
    let st = await fs.promises.stat(real);
    if (st.isDirectory()) {
      // The raw (still percent-encoded) path: a decoded one may hold
      // characters a header cannot.
      if (!decoded.endsWith("/")) return send(301, { Location: encoded + "/" });
      real = await fs.promises.realpath(path.join(real, "index.html"));
      if (!inside(root, real)) return send(403);
      st = await fs.promises.stat(real);
      if (!st.isFile()) return send(404);
    } else if (!st.isFile()) {
      return send(403); // a FIFO, socket or device: never opened
    }
    return sendFile(real, req, res, headers, send, log);
  }

  // Streams a regular file (real path, checked by the caller).
  async function sendFile(real, req, res, headers, send, log) {
    let st;
    // O_NONBLOCK: should the file have been swapped for a FIFO since the
    // stat, opening it does not wait for a writer; fstat checks again.
    const handle = await fs.promises.open(real, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    let stream;
    try {
      st = await handle.stat();
      if (!st.isFile()) return send(403);
      const ext = path.extname(real).toLowerCase();
      const type = TYPES[ext] ?? "application/octet-stream";
      const etag = `"${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}"`;
      const common = { ...headers, ETag: etag, Vary: "Accept-Encoding" };
      if (req.headers["if-none-match"] === etag) {
        res.writeHead(304, common);
        log(304);
        return res.end();
      }
      const encoding =
        !INCOMPRESSIBLE.has(ext) && st.size >= MIN_COMPRESS
          ? chooseEncoding(req.headers["accept-encoding"])
          : undefined;
      if (encoding) {
        const body = await compressed(handle, real, st, encoding);
        if (body.length < st.size) {
          res.writeHead(200, {
            ...common,
            "Content-Type": type,
            "Content-Encoding": encoding,
            "Content-Length": body.length,
          });
          log(200);
          return res.end(req.method === "HEAD" ? undefined : body);
        }
      }
      res.writeHead(200, { ...common, "Content-Type": type, "Content-Length": st.size });
      log(200);
      if (req.method === "HEAD" || st.size === 0) return res.end();
      stream = handle.createReadStream({ start: 0, end: st.size - 1 });
    } finally {
      if (!stream) await handle.close();
    }
    // A read error or a client that goes away ends both sides; the stream
    // closes the file.
    await new Promise((resolve) =>
      pipeline(stream, res, (err) => {
        if (err && !res.destroyed) res.destroy();
        resolve();
      }),
    );
  }

  // A request Node's parser refuses (a target or headers too long, bad
  // syntax): answer if the socket still can, then close it.
  server.on("clientError", (err, socket) => {
    if (!socket.writable || socket.destroyed) return socket.destroy();
    const status =
      err.code === "HPE_HEADER_OVERFLOW"
        ? "431 Request Header Fields Too Large"
        : "400 Bad Request";
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });

  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const actual = server.address().port;
      resolve({
        port: actual,
        url: `http://127.0.0.1:${actual}/`,
        // Also drops the connections a browser keeps open (keep-alive,
        // an aborted page's requests): close() alone waits for them.
        close: () =>
          new Promise((r) => {
            server.close(() => r());
            server.closeAllConnections();
          }),
        server,
      });
    });
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  let dir = "dist";
  let port = 8000;
  let isolation = true;
  const indexes = {};
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--port") port = Number(args[++i]);
    else if (args[i] === "--index") indexes["/simple/"] = args[++i];
    else if (args[i] === "--no-isolation") isolation = false;
    else if (args[i].startsWith("-")) {
      console.error(`serve: unknown option ${args[i]}`);
      process.exit(2);
    } else dir = args[i];
  }
  if (!fs.existsSync(dir)) {
    console.error(`serve: ${dir} does not exist (run make first)`);
    process.exit(1);
  }
  startServer({ mounts: { "/": dir }, indexes, port, isolation, quiet: false }).then(
    ({ url }) => {
      console.log(`serving ${path.resolve(dir)} at ${url}`);
      if (indexes["/simple/"]) console.log(`  package index (PEP 691): ${url}simple/`);
      console.log(`  console: ${url}console.html`);
      console.log(isolation ? "  cross-origin isolated (COOP/COEP sent)" : "  not isolated");
      console.log("  compressed on the fly (brotli 5 / gzip 6, by Accept-Encoding)");
    },
    (err) => {
      console.error(`serve: ${err.message}`);
      process.exit(1);
    },
  );
}
