// Helpers for the package tests: a runtime with quiet callbacks, temporary
// copies of dist/'s bundles + lockfile served over HTTP (counting requests),
// and small zip files made with Python's zipfile.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { DIST, loadCaptured } from "../helpers.mjs";

export const LOCK = JSON.parse(fs.readFileSync(path.join(DIST, "pyodide-lock.json"), "utf8"));
export const { SITE_PACKAGES: SITE } = await import(path.join(DIST, "config.mjs"));

/** Callbacks that record messages instead of printing them. */
export function recorder() {
  const messages = [];
  const errors = [];
  return {
    messages,
    errors,
    options: { messageCallback: (m) => messages.push(m), errorCallback: (m) => errors.push(m) },
  };
}

/** A folder holding the lockfile and every bundle of dist/ (copies). */
export function copyBundles() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyxis-packages-"));
  fs.copyFileSync(path.join(DIST, "pyodide-lock.json"), path.join(dir, "pyodide-lock.json"));
  for (const pkg of Object.values(LOCK.packages)) {
    fs.copyFileSync(path.join(DIST, pkg.file_name), path.join(dir, pkg.file_name));
  }
  return dir;
}

export function editLock(dir, edit) {
  const file = path.join(dir, "pyodide-lock.json");
  const lock = JSON.parse(fs.readFileSync(file, "utf8"));
  edit(lock);
  fs.writeFileSync(file, JSON.stringify(lock, null, 2));
}

/**
 * Serves a folder (sub-paths too) over HTTP on 127.0.0.1 and records every
 * request path. For the download failures: /stall/* never answers, and
 * /trickle/* sends headers and a few bytes, then nothing.
 */
export async function serve(dir) {
  const requests = [];
  const hanging = new Set();
  const server = http.createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url, "http://x").pathname.slice(1));
    requests.push(name);
    if (name.startsWith("stall/")) {
      hanging.add(res);
      return;
    }
    if (name.startsWith("trickle/")) {
      res.writeHead(200, { "content-type": "application/octet-stream" });
      res.write("PK\x03\x04");
      hanging.add(res);
      return;
    }
    const file = path.join(dir, name);
    if (name.split("/").includes("..") || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
      return;
    }
    res.writeHead(200, { "content-type": "application/octet-stream" });
    res.end(fs.readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    requests,
    close: () =>
      new Promise((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}

/** A runtime whose lockfile (and bundles) come from lockBaseURL. */
export async function loadWithLock(lockBaseURL, options = {}) {
  return loadCaptured({ lockFileURL: new URL("pyodide-lock.json", lockBaseURL).href, ...options });
}

/** Writes a zip of {name: text} with Python's zipfile (method: stored|deflated). */
export function makeZip(file, entries, method = "deflated") {
  const script =
    "import json, sys, zipfile\n" +
    "entries = json.loads(sys.argv[2])\n" +
    "method = zipfile.ZIP_STORED if sys.argv[3] == 'stored' else zipfile.ZIP_DEFLATED\n" +
    "with zipfile.ZipFile(sys.argv[1], 'w', method) as zf:\n" +
    "    for name, text in entries.items():\n" +
    "        zf.writestr(name, text)\n";
  const r = spawnSync("python3", ["-c", script, file, JSON.stringify(entries), method], {
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`making ${file} failed: ${r.stderr}`);
}

/** Lists the paths under a folder of the runtime's file system. */
export function listTree(FS, dir) {
  if (!FS.analyzePath(dir).exists) return [];
  const out = [];
  for (const name of FS.readdir(dir)) {
    if (name === "." || name === "..") continue;
    const p = `${dir}/${name}`;
    if (FS.isDir(FS.stat(p).mode)) out.push(`${p}/`, ...listTree(FS, p));
    else out.push(p);
  }
  return out.sort();
}
