// A package index over a folder of wheels, in the JSON form of PEP 691 (the
// simple API micropip asks for first), for micropip's tests and for trying
// micropip without the network: tools/serve.mjs mounts it (`--index DIR`, at
// /simple/). Under the mount:
//   ""                  the projects (PEP 691 project list)
//   "<project>/"        its files: filename, absolute url, sha256, versions
//   "<project>/<file>"  a wheel (the caller serves the file)
// A "<wheel>.sha256" file beside a wheel replaces the hash the index
// advertises (the tests use it to serve a wrong one).
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

// PEP 691's media type for the JSON simple API (a protocol name, not a host).
export const INDEX_TYPE = "application/vnd.pypi.simple.v1+json";

/** PEP 503 normalisation. */
export const normalize = (name) => name.replace(/[-_.]+/g, "-").toLowerCase();

// name-version(-build)?-python-abi-platform.whl
const WHEEL_RE = /^([^-]+)-([^-]+)(?:-\d[^-]*)?-[^-]+-[^-]+-[^-]+\.whl$/;

const hashes = new Map(); // path -> {mtimeMs, size, sha256}

async function sha256Of(file) {
  const st = await fs.promises.stat(file);
  const known = hashes.get(file);
  if (known && known.mtimeMs === st.mtimeMs && known.size === st.size) return known.sha256;
  const sha256 = crypto
    .createHash("sha256")
    .update(await fs.promises.readFile(file))
    .digest("hex");
  hashes.set(file, { mtimeMs: st.mtimeMs, size: st.size, sha256 });
  return sha256;
}

// The wheels of the folder, by project: Map(normalized name -> [{file, version}]).
async function projects(dir) {
  const byProject = new Map();
  for (const file of (await fs.promises.readdir(dir)).sort()) {
    const m = WHEEL_RE.exec(file);
    if (!m) continue;
    const name = normalize(m[1]);
    if (!byProject.has(name)) byProject.set(name, []);
    byProject.get(name).push({ file, version: m[2] });
  }
  return byProject;
}

/**
 * Answers a request under the index mount.
 * @param {string} dir the folder of wheels
 * @param {string} rest the decoded path after the mount prefix
 * @param {string} base the mount's absolute URL, as the request reached it (the
 *   server's own host and port, never a configured registry)
 * @returns {Promise<{status: number, json?: object, file?: string, location?: string}>}
 */
export async function answer(dir, rest, base) {
  const all = await projects(dir);
  if (rest === "") {
    return {
      status: 200,
      json: {
        meta: { "api-version": "1.1" },
        projects: [...all.keys()].map((name) => ({ name })),
      },
    };
  }
  const [project, file, ...more] = rest.split("/");
  const wheels = all.get(normalize(project));
  if (!wheels || more.length) return { status: 404 };
  if (normalize(project) !== project)
    return { status: 301, location: `${base}${normalize(project)}/` };
  if (file === undefined) return { status: 301, location: `${base}${project}/` };
  if (file === "") {
    const files = [];
    for (const w of wheels) {
      const full = path.join(dir, w.file);
      const override = `${full}.sha256`;
      const sha256 = fs.existsSync(override)
        ? (await fs.promises.readFile(override, "utf8")).trim()
        : await sha256Of(full);
      files.push({
        filename: w.file,
        url: `${base}${project}/${encodeURIComponent(w.file)}`,
        hashes: { sha256 },
      });
    }
    return {
      status: 200,
      json: {
        meta: { "api-version": "1.1" },
        name: project,
        versions: [...new Set(wheels.map((w) => w.version))],
        files,
      },
    };
  }
  const wheel = wheels.find((w) => w.file === file);
  return wheel ? { status: 200, file: path.join(dir, wheel.file) } : { status: 404 };
}
