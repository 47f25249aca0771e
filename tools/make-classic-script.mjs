#!/usr/bin/env node
// Makes dist/pyxis.js, the classic-script form of the loader, from the ES
// modules in js/ (no bundler): `<script src=".../pyxis.js">` or
// `importScripts(".../pyxis.js")` defines a global `loadPyodide`.
//
//   node tools/make-classic-script.mjs js/pyxis.mjs OUT.js
//
// Each module becomes a function scope in one IIFE; its relative imports
// (`import { a, b as c } from "./x.mjs"`) become destructurings of the modules
// already evaluated, `export` keywords are dropped (the exported names are
// returned), and `import.meta.url` becomes the URL this script was loaded from
// (document.currentScript, or the file named by a stack trace in a worker).
// Anything else that looks like a static import/export is an error, so a
// change in js/ that this simple transform cannot handle fails the build.
import fs from "node:fs";
import path from "node:path";

const [entry, out] = process.argv.slice(2);
if (!entry || !out) {
  console.error("usage: make-classic-script.mjs ENTRY.mjs OUT.js");
  process.exit(2);
}

const IMPORT_RE = /^import\s*\{([^}]*)\}\s*from\s*"(\.\/[^"]+\.mjs)";?[^\n]*$/gm;
const modules = new Map(); // key "./x.mjs" -> {body, exports} (null while loading)
const order = []; // keys, dependencies first

function fail(file, message) {
  console.error(`make-classic-script: ${file}: ${message}`);
  process.exit(1);
}

function load(file, key) {
  if (modules.has(key)) {
    if (modules.get(key) === null) fail(file, "import cycle");
    return;
  }
  modules.set(key, null);
  let src = fs.readFileSync(file, "utf8");
  const exports = [];
  src = src.replace(IMPORT_RE, (_, names, dep) => {
    load(path.join(path.dirname(file), dep), dep);
    const binds = names
      .split(",")
      .map((n) => n.trim())
      .filter(Boolean)
      .map((n) => n.replace(/^(\w+)\s+as\s+(\w+)$/, "$1: $2"));
    return `const { ${binds.join(", ")} } = __modules[${JSON.stringify(dep)}];`;
  });
  src = src.replace(/^export\s*\{([^}]*)\};?[^\n]*$/gm, (_, names) => {
    for (const n of names
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean)) {
      if (!/^\w+$/.test(n)) fail(file, `unsupported export ${n}`);
      exports.push(n);
    }
    return "";
  });
  src = src.replace(
    /^export\s+((?:async\s+)?function\*?|const|let|class)\s+(\w+)/gm,
    (_, kind, name) => {
      exports.push(name);
      return `${kind} ${name}`;
    },
  );
  src = src.replaceAll("import.meta.url", "__pyxisScriptURL");
  const leftover = src.match(/^\s*(import|export)\b[^(\n]*$|import\.meta/m);
  if (leftover) fail(file, `cannot transform: ${leftover[0].trim()}`);
  modules.set(key, { body: src, exports: [...new Set(exports)] });
  order.push(key);
}

const entryKey = "./" + path.basename(entry);
load(entry, entryKey);

let text = `// pyxis.js: the pyxis loader as a classic script (generated from the ES
// modules by tools/make-classic-script.mjs; do not edit). Defines the global
// loadPyodide (and pyxis, the module's other exports).
(function () {
  "use strict";
  const __pyxisScriptURL = (() => {
    if (typeof document !== "undefined" && document.currentScript && document.currentScript.src) {
      return document.currentScript.src;
    }
    // importScripts() in a worker: the first URL of a stack trace is this file.
    const m = String(new Error().stack).match(/((?:blob:)?(?:https?|file):\\/\\/[^\\s)]+?):\\d+:\\d+/);
    if (m) return m[1];
    return globalThis.location ? globalThis.location.href : "";
  })();
  const __modules = {};
`;
for (const key of order) {
  const { body, exports } = modules.get(key);
  text += `\n  // ---- ${key}\n  __modules[${JSON.stringify(key)}] = (() => {\n`;
  text += body; // not re-indented: template literals may span lines
  text += `\n    return { ${exports.join(", ")} };\n  })();\n`;
}
text += `
  const pyxis = __modules[${JSON.stringify(entryKey)}];
  globalThis.pyxis = pyxis;
  globalThis.loadPyodide = pyxis.loadPyodide;
})();
`;
fs.writeFileSync(out, text);
