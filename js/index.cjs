// CommonJS entry: the same API, loaded from the ES module.
"use strict";

exports.loadPyodide = async function loadPyodide(options) {
  const m = await import("./pyxis.mjs");
  return m.loadPyodide(options);
};
exports.version = require("./package.json").version;
