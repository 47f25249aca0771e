// Python buffers seen from JS without numpy: getBuffer() of strided and
// reversed memoryviews (Pyodide's PyBufferView fields; reference counts
// balanced), empty buffers, and to_js of n-dimensional buffers. (ndarrays:
// tests/packages/numpy_buffers.test.mjs.)
import { loadCaptured } from "../helpers.mjs";

let pyodide;
beforeAll(async () => {
  ({ pyodide } = await loadCaptured());
  pyodide.runPython(`
from sys import getrefcount
z1 = memoryview(bytes(range(24))).cast("b", [8, 3])
z2 = z1[::-1]
z3 = memoryview(bytearray(range(24))).cast("h")[::3]
`);
});

test.each(["z1", "z2"])(
  "getBuffer of %s: element [i, j] at data[offset + i*strides[0] + j*strides[1]]",
  (x) => {
    expect(pyodide.runPython(`getrefcount(${x})`)).toBe(2);
    const proxy = pyodide.globals.get(x);
    const z = proxy.getBuffer();
    proxy.destroy();
    expect(pyodide.runPython(`getrefcount(${x})`)).toBe(3); // the buffer holds the object
    expect(z.data).toBeInstanceOf(Int8Array);
    expect(z.data.length).toBe(24);
    expect(z.ndim).toBe(2);
    expect(z.c_contiguous).toBe(x === "z1");
    for (let i = 0; i < 8; i++) {
      for (let j = 0; j < 3; j++) {
        const v = z.data[z.offset + z.strides[0] * i + z.strides[1] * j];
        expect(v).toBe(pyodide.runPython(`${x}[${i}, ${j}]`));
      }
    }
    z.release();
    expect(pyodide.runPython(`getrefcount(${x})`)).toBe(2);
  },
);

test("a strided 1-D view: data covers first to last element only", () => {
  const p = pyodide.globals.get("z3");
  const z = p.getBuffer();
  p.destroy();
  expect(z.data).toBeInstanceOf(Int16Array);
  expect(z.shape).toEqual([4]);
  expect(z.strides).toEqual([3]);
  expect(z.offset).toBe(0);
  expect(z.data.length).toBe(10); // elements 0 .. 9 of the 12
  expect(z.c_contiguous).toBe(false);
  expect([0, 1, 2, 3].map((i) => z.data[z.offset + i * z.strides[0]])).toEqual(
    pyodide.runPython("z3.tolist()").toJs(),
  );
  z.release();
});

test("an empty buffer (its pointer may be unaligned) gives an empty view", () => {
  const a = pyodide.runPython("import array; array.array('Q')");
  const b = a.getBuffer();
  expect(b.data).toBeInstanceOf(BigUint64Array);
  expect(b.data.length).toBe(0);
  expect(b.nbytes).toBe(0);
  b.release();
  a.destroy();
});

test.each([
  ["i8", Int8Array],
  ["u8", Uint8Array],
  ["u8clamped", Uint8ClampedArray],
  ["i16", Int16Array],
  ["u16", Uint16Array],
  ["i32", Int32Array],
  ["u32", Uint32Array],
  ["i64", BigInt64Array],
  ["u64", BigUint64Array],
  ["f32", Float32Array],
  ["f64", Float64Array],
])("getBuffer(%p) gives a %p", (type, Ctor) => {
  const a = pyodide.runPython("bytearray(range(16))");
  const b = a.getBuffer(type);
  expect(b.data).toBeInstanceOf(Ctor);
  expect(b.data.byteLength).toBe(16);
  b.release();
  a.destroy();
});

test("to_js of a 2-D memoryview: nested Arrays of typed arrays", () => {
  const r = pyodide.runPython(`
from pyodide.ffi import to_js
to_js(memoryview(bytes(range(6))).cast("B", [2, 3]))`);
  expect(r).toEqual([new Uint8Array([0, 1, 2]), new Uint8Array([3, 4, 5])]);
  const rev = pyodide.runPython("to_js(z2)");
  expect(rev[0]).toEqual(new Int8Array([21, 22, 23]));
  expect(rev).toHaveLength(8);
});
