// A classic Web Worker running Python: importScripts defines loadPyodide;
// each message {id, code} is answered with {id, result, stdout} or {id, error}.
importScripts("/pyxis.js");

let stdout = [];
const ready = loadPyodide({ stdout: { batched: (line) => stdout.push(line) } });

self.onmessage = async ({ data: { id, code } }) => {
  try {
    const pyodide = await ready;
    stdout = [];
    const value = await pyodide.runPythonAsync(code);
    const result = value?.toJs ? value.toJs() : value;
    value?.destroy?.();
    self.postMessage({ id, result, stdout });
  } catch (err) {
    self.postMessage({ id, error: String(err.message ?? err) });
  }
};
