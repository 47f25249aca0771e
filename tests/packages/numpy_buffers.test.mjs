// ndarrays seen from JS: getBuffer() of any layout (strided, reversed,
// transposed, sliced, 0-d, empty) gives Pyodide's PyBufferView fields
// (offset and strides in elements, c_contiguous / f_contiguous) over exactly
// the bytes the array spans; to_js of n-dimensional arrays gives nested
// Arrays of typed arrays. Checked against numpy's own indexing for many
// shapes and views (property-based, seeded).
import fc from "fast-check";
import { loadCaptured } from "../helpers.mjs";
import { recorder } from "./helpers.mjs";

let pyodide;
beforeAll(async () => {
  ({ pyodide } = await loadCaptured());
  const rec = recorder();
  await pyodide.loadPackage("numpy", rec.options);
  pyodide.runPython("import numpy as np");
}, 120000);

// Element [i, j, ...] read through the buffer, in C order of the indices.
function readAll(buf) {
  const data = buf.data;
  const out = [];
  const walk = (dim, pos) => {
    if (dim === buf.shape.length) {
      out.push(data[pos]);
      return;
    }
    for (let i = 0; i < buf.shape[dim]; i++) walk(dim + 1, pos + i * buf.strides[dim]);
  };
  walk(0, buf.offset);
  return out;
}

test.each([
  ["a[:, ::2]", [4, 3], false, false],
  ["a[::-1]", [4, 5], false, false],
  ["a.T", [5, 4], false, true],
  ["a[1:3, 1:4]", [2, 3], false, false],
  ["a[::-2, ::-3]", [2, 2], false, false],
  ["a", [4, 5], true, false],
  ["np.asfortranarray(a)", [4, 5], false, true],
  ["a[2]", [5], true, true],
  ["a[:, 3]", [4], false, false],
])("getBuffer of %s: real offset, shape, strides and flags", (expr, shape, c, f) => {
  const view = pyodide.runPython(
    `a = np.arange(20, dtype=np.float64).reshape(4, 5); v = ${expr}; v`,
  );
  const buf = view.getBuffer();
  try {
    expect(buf.shape).toEqual(shape);
    expect(buf.ndim).toBe(shape.length);
    expect(buf.c_contiguous).toBe(c);
    expect(buf.f_contiguous).toBe(f);
    expect(buf.data).toBeInstanceOf(Float64Array);
    expect(readAll(buf)).toEqual(pyodide.runPython("v.flatten().tolist()").toJs());
    // data spans exactly the bytes the view covers, no more.
    expect(buf.nbytes).toBe(buf.data.byteLength);
    const [lo, hi] = pyodide.runPython("list(np.lib.array_utils.byte_bounds(v))").toJs();
    expect(buf.data.byteOffset).toBe(lo);
    expect(buf.data.byteOffset + buf.data.byteLength).toBe(hi);
    // Writes through the view land in the right element.
    buf.data[buf.offset] = -7;
    expect(pyodide.runPython("float(v.flat[0])")).toBe(-7);
  } finally {
    buf.release();
    view.destroy();
  }
});

test("getBuffer of 0-d and empty arrays", () => {
  const z = pyodide.runPython("np.array(3.5)");
  const zb = z.getBuffer();
  expect(zb.shape).toEqual([]);
  expect(zb.strides).toEqual([]);
  expect(zb.offset).toBe(0);
  expect(Array.from(zb.data)).toEqual([3.5]);
  zb.release();
  z.destroy();
  const e = pyodide.runPython("np.zeros((3, 0))");
  const eb = e.getBuffer();
  expect(eb.shape).toEqual([3, 0]);
  expect(eb.data.length).toBe(0);
  expect(eb.nbytes).toBe(0);
  eb.release();
  e.destroy();
});

test("getBuffer with an explicit type; a misaligned view is refused clearly", () => {
  const a = pyodide.runPython("np.arange(4, dtype=np.int32)[::-1]");
  const b = a.getBuffer("u8");
  expect(b.data).toBeInstanceOf(Uint8Array);
  expect(b.strides).toEqual([-4]);
  expect(b.offset).toBe(12);
  b.release();
  const dv = a.getBuffer("dataview");
  expect(dv.data).toBeInstanceOf(DataView);
  expect(dv.data.getInt32(dv.offset, true)).toBe(3);
  dv.release();
  a.destroy();
  const odd = pyodide.runPython("np.zeros(9, dtype=np.uint8)[1:].view(np.int16)");
  expect(() => odd.getBuffer()).toThrow(/cannot be viewed as Int16Array.*getBuffer\("u8"\)/);
  const ok = odd.getBuffer("u8");
  expect(ok.data.length).toBe(8);
  ok.release();
  odd.destroy();
  // The failed getBuffer released its Py_buffer: the array can be resized.
  expect(pyodide.runPython("x = np.zeros(3); x.resize(5); x.shape[0]")).toBe(5);
});

test("property: any 2-D/3-D strided view reads back as numpy indexes it", () => {
  const slice = fc
    .tuple(
      fc.integer({ min: -3, max: 3 }).filter((s) => s !== 0),
      fc.boolean(),
    )
    .map(([step, rev]) => (rev ? `::${-Math.abs(step)}` : `::${Math.abs(step)}`));
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 3 }),
      fc.array(slice, { minLength: 3, maxLength: 3 }),
      fc.constantFrom("float64", "int32", "int16", "uint8", "float32", "int64"),
      fc.boolean(),
      (shape, slices, dtype, transpose) => {
        const idx = slices.slice(0, shape.length).join(", ");
        const v = pyodide.runPython(
          `v = np.arange(${shape.reduce((a, b) => a * b, 1)}, dtype='${dtype}').reshape(${shape})[${idx}]${transpose ? ".T" : ""}; v`,
        );
        const buf = v.getBuffer();
        try {
          const want = pyodide.runPython("[int(x) for x in v.flatten()]").toJs();
          expect(readAll(buf).map(Number)).toEqual(want);
          expect(buf.c_contiguous).toBe(pyodide.runPython("v.flags.c_contiguous"));
          expect(buf.f_contiguous).toBe(pyodide.runPython("v.flags.f_contiguous"));
        } finally {
          buf.release();
          v.destroy();
        }
      },
    ),
    { seed: 20261125, numRuns: 150 },
  );
});

test("to_js of n-d arrays: nested Arrays of typed arrays (one copy), 1-d: a typed array", () => {
  const r = pyodide.runPython(`
from pyodide.ffi import to_js
m = np.arange(6, dtype=np.float64).reshape(2, 3)
[to_js(m), to_js(m.T), to_js(np.arange(8, dtype=np.int16).reshape(2, 2, 2)), to_js(np.arange(3.0)),
 to_js(np.array(2.5)), to_js(np.zeros((2, 0)))]`);
  const [m, mt, cube, flat, scalar, empty] = r.toJs();
  r.destroy();
  expect(m).toEqual([new Float64Array([0, 1, 2]), new Float64Array([3, 4, 5])]);
  expect(m[0]).toBeInstanceOf(Float64Array);
  expect(mt).toEqual([
    new Float64Array([0, 3]),
    new Float64Array([1, 4]),
    new Float64Array([2, 5]),
  ]);
  expect(cube[1][0]).toBeInstanceOf(Int16Array);
  expect(cube.map((p) => p.map((row) => Array.from(row)))).toEqual([
    [
      [0, 1],
      [2, 3],
    ],
    [
      [4, 5],
      [6, 7],
    ],
  ]);
  expect(flat).toBeInstanceOf(Float64Array);
  expect(scalar).toBe(2.5);
  expect(empty).toEqual([new Float64Array(0), new Float64Array(0)]);
});
