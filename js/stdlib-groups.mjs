// The loader's side of the stdlib's on-demand groups (cpython/stdlib.txt,
// `group:` lines; src/py/_pyxis/stdlib_groups.py): Python asks for a group's
// archive by its path in the file system when one of its modules is first
// imported, and gets it synchronously from beside the core archive (Node:
// the file; browsers and workers: a synchronous XMLHttpRequest). ahead()
// fetches archives asynchronously before they are needed: for
// loadPackagesFromImports, for fullStdLib, and in Node when the archives are
// not files (Node has no synchronous HTTP).
import { IN_NODE } from "./environment.mjs";

// The bytes at url, synchronously.
function readBytesSync(url, node) {
  if (IN_NODE) {
    if (!url.startsWith("file:"))
      throw new Error(`pyxis: cannot read ${url} synchronously in Node (not a file)`);
    return new Uint8Array(node.fs.readFileSync(node.fileURLToPath(url)));
  }
  const xhr = new XMLHttpRequest();
  xhr.open("GET", url, false);
  // A page may not ask a synchronous request for binary data: it reads text
  // in a charset that maps each byte to one character.
  const inPage = typeof document !== "undefined";
  if (inPage) xhr.overrideMimeType("text/plain; charset=x-user-defined");
  else xhr.responseType = "arraybuffer";
  xhr.send();
  if (xhr.status !== 200 && !(xhr.status === 0 && url.startsWith("file:")))
    throw new Error(`pyxis: failed to fetch ${url}: ${xhr.status} ${xhr.statusText}`);
  if (!inPage) return new Uint8Array(xhr.response);
  const text = xhr.responseText;
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
  return bytes;
}

/**
 * Gives Python the synchronous fetch of group archives. Returns { ahead,
 * modules }: ahead(names) fetches (asynchronously) the archives holding any
 * of the top-level module names, or all of them without names, and resolves
 * once they are in place; modules is the set of the groups' top-level
 * modules.
 */
export async function installStdlibGroups(Module, api, { stdLibURL, coreArchive, readBytes }) {
  const node = IN_NODE
    ? { fs: await import("node:fs"), fileURLToPath: (await import("node:url")).fileURLToPath }
    : undefined;
  const urlOf = (fsPath) => new URL(fsPath.slice(fsPath.lastIndexOf("/") + 1), stdLibURL).href;
  const groups = api.pyimport("_pyxis.stdlib_groups");
  groups.install(
    (fsPath) => Module.FS.writeFile(fsPath, readBytesSync(urlOf(fsPath), node)),
    coreArchive,
  );
  const missing = groups.missing_archives.copy(); // kept for the runtime's life
  const names = groups.top_level_names();
  const modules = new Set(names.toJs());
  names.destroy();
  groups.destroy();

  async function ahead(names) {
    const list = names === undefined ? missing() : missing(names);
    const paths = list.toJs();
    list.destroy();
    await Promise.all(
      paths.map(async (fsPath) => {
        const bytes = await readBytes(urlOf(fsPath));
        // (an import may have fetched it synchronously meanwhile)
        if (!Module.FS.analyzePath(fsPath).exists) Module.FS.writeFile(fsPath, bytes);
      }),
    );
  }
  if (IN_NODE && !stdLibURL.startsWith("file:")) await ahead();
  return { ahead, modules };
}
