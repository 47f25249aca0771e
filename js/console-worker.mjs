// The Python side of console.html: a module Web Worker that runs the REPL
// (_pyxis.console) off the page's main thread, so the page stays responsive
// and can interrupt a long computation. Messages from the page:
//   {type: "init", interruptBuffer?: Int32Array over a SharedArrayBuffer}
//   {type: "push", line}        one input line
//   {type: "reset"}             forget an unfinished statement (Ctrl+C)
// Messages to the page:
//   {type: "ready", version} | {type: "fatal", message}
//   {type: "stdout" | "stderr" | "info", text}
//   {type: "html", html, text}  an expression's HTML representation (a DataFrame)
//   {type: "plot", png, width, height, title}  a matplotlib figure (PNG bytes)
//   {type: "done", status: "incomplete" | "complete" | "error"}  (ready for the next line)
import { loadPyodide, version } from "./pyxis.mjs";

const post = (type, fields) => self.postMessage({ type, ...fields });

function textWriter(type) {
  const decoder = new TextDecoder();
  return {
    write(bytes) {
      const text = decoder.decode(bytes, { stream: true });
      if (text) post(type, { text });
      return bytes.length;
    },
  };
}

let pyodide, con;
const queue = [];
let busy = false;

async function init({ interruptBuffer }) {
  try {
    pyodide = await loadPyodide({
      stdout: textWriter("stdout"),
      stderr: textWriter("stderr"),
      stdin: { stdin: () => null }, // input() sees end of file: no terminal here
    });
    if (interruptBuffer) pyodide.setInterruptBuffer(interruptBuffer);
    // plt.show() (and figures a statement leaves open) come here as PNG.
    pyodide.setPlotHandler((png, { width, height, title }) => {
      pyodide._flushStreams?.(); // text printed before the plot shows before it
      self.postMessage({ type: "plot", png, width, height, title }, [png.buffer]);
    });
    const Console = pyodide.runPython("from _pyxis.console import Console; Console");
    con = Console.callKwargs({ display_html: (html, text) => post("html", { html, text }) });
    Console.destroy();
    post("ready", { version, python: pyodide.runPython("import sys; sys.version") });
  } catch (err) {
    post("fatal", { message: String(err?.stack ?? err) });
  }
}

async function push(line) {
  const status = con.push(line);
  if (status === "complete") {
    try {
      // Lockfile packages the statement imports load first, with progress.
      await pyodide.loadPackagesFromImports(con.source, {
        messageCallback: (text) => post("info", { text: text + "\n" }),
      });
    } catch (err) {
      post("stderr", { text: `${err.message}\n` });
      // Interrupted before the statement started (while its imports were
      // looked at): it does not run, as if stopped at its first line.
      if (err?.type === "KeyboardInterrupt") {
        pyodide._flushStreams?.();
        return status;
      }
    }
    const pending = con.run();
    if (pending) {
      await pending;
      pending.destroy();
    }
  }
  pyodide._flushStreams?.();
  return status;
}

async function drain() {
  if (busy) return;
  busy = true;
  while (queue.length) {
    const line = queue.shift();
    let status;
    try {
      if (line === null) {
        con?.reset();
        status = "error";
      } else status = await push(line);
    } catch (err) {
      post("stderr", { text: `${err?.message ?? err}\n` });
      con?.reset();
      status = "error";
    }
    post("done", { status });
  }
  busy = false;
}

self.onmessage = ({ data }) => {
  if (data.type === "init") init(data);
  else if (data.type === "push" || data.type === "reset") {
    queue.push(data.type === "push" ? String(data.line) : null);
    drain();
  }
};
