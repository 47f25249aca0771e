#!/usr/bin/env node
// A small static file server for trying pyxis in a browser (`make serve`) and
// for the browser tests: binds 127.0.0.1 only, sends the COOP/COEP headers that
// make a page cross-origin isolated (so SharedArrayBuffer, and with it the
// console's interrupt button, works) and the right MIME types (.wasm, .mjs).
//
//   node tools/serve.mjs [dir] [--port N] [--no-isolation]
//
// As a module: startServer({ mounts: { "/": dir, "/tests/": other }, port: 0 })
// resolves to { url, port, close() }.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

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

/**
 * Starts the server.
 * @param {object} options
 * @param {Record<string, string>} options.mounts URL prefix (ending in "/") -> folder
 * @param {number} [options.port] 0 (default) picks a free port
 * @param {boolean} [options.isolation] send COOP/COEP (default true)
 * @param {boolean} [options.quiet] no request log (default true)
 */
export function startServer({ mounts, port = 0, isolation = true, quiet = true }) {
  const prefixes = Object.keys(mounts).sort((a, b) => b.length - a.length);
  for (const p of prefixes) {
    if (!p.startsWith("/") || !p.endsWith("/")) throw new Error(`mount ${p}: must be /.../`);
  }
  const server = http.createServer((req, res) => {
    const headers = { "Cache-Control": "no-cache" };
    if (isolation) {
      headers["Cross-Origin-Opener-Policy"] = "same-origin";
      headers["Cross-Origin-Embedder-Policy"] = "require-corp";
      headers["Cross-Origin-Resource-Policy"] = "same-origin";
    }
    const send = (status, body, type = "text/plain; charset=utf-8") => {
      res.writeHead(status, { ...headers, "Content-Type": type });
      res.end(req.method === "HEAD" ? undefined : body);
      if (!quiet) console.log(`${status} ${req.method} ${req.url}`);
    };
    if (req.method !== "GET" && req.method !== "HEAD") return send(405, "method not allowed\n");
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, "http://x").pathname);
    } catch {
      return send(400, "bad request\n");
    }
    const prefix = prefixes.find((p) => pathname.startsWith(p) || pathname + "/" === p);
    if (!prefix) return send(404, "not found\n");
    const root = path.resolve(mounts[prefix]);
    let file = path.resolve(root, "." + pathname.slice(prefix.length - 1));
    if (file !== root && !file.startsWith(root + path.sep)) return send(403, "forbidden\n");
    fs.stat(file, (err, st) => {
      if (!err && st.isDirectory()) {
        if (!pathname.endsWith("/")) {
          res.writeHead(301, { ...headers, Location: pathname + "/" });
          return res.end();
        }
        file = path.join(file, "index.html");
        st = fs.existsSync(file) ? fs.statSync(file) : null;
        if (!st) return send(404, "not found\n");
      } else if (err) {
        return send(404, "not found\n");
      }
      const type = TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream";
      res.writeHead(200, { ...headers, "Content-Type": type, "Content-Length": st.size });
      if (!quiet) console.log(`200 ${req.method} ${req.url}`);
      if (req.method === "HEAD") return res.end();
      fs.createReadStream(file).pipe(res);
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const actual = server.address().port;
      resolve({
        port: actual,
        url: `http://127.0.0.1:${actual}/`,
        close: () => new Promise((r) => server.close(() => r())),
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
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--port") port = Number(args[++i]);
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
  startServer({ mounts: { "/": dir }, port, isolation, quiet: false }).then(
    ({ url }) => {
      console.log(`serving ${path.resolve(dir)} at ${url}`);
      console.log(`  console: ${url}console.html`);
      console.log(isolation ? "  cross-origin isolated (COOP/COEP sent)" : "  not isolated");
    },
    (err) => {
      console.error(`serve: ${err.message}`);
      process.exit(1);
    },
  );
}
