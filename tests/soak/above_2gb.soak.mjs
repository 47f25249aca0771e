// Memory above 2 GB (the runtime may grow to 4 GB): strings, bytes and
// buffer views whose data lies above the 2 GB address cross to JS intact
// (JS reads addresses unsigned). Not part of `npm test` (it allocates more
// than 2 GB): `make soak`.
import { loadCaptured } from "../helpers.mjs";

test("values stored above 2 GB reach JS intact", async () => {
  const { pyodide } = await loadCaptured();
  const result = pyodide.runPython(`
import ctypes
# Fill memory below 2 GB, then allocate what lands above it.
ballast = [bytearray(256 * 1024 * 1024) for _ in range(8)]
probes = []
# (The allocator, mimalloc, first fills the free space of its pages below
# 2 GB: keep allocating, up to about 60 MB, until a block lands above.)
for i in range(20_000):
    b = bytearray(b"\\x01\\x02\\x03" * 1000 + bytes([i % 256]))
    probes.append(b)
    if ctypes.addressof((ctypes.c_char * 1).from_buffer(b)) >= 2**31:
        break
high = probes[-1]
# (Large enough to get memory of its own rather than space in an early page.)
text = "\\u0100pyxis above 2 GB\\ud800" + "x" * 4_000_000 + str(len(probes))
[ctypes.addressof((ctypes.c_char * 1).from_buffer(high)) >= 2**31 and id(text) >= 2**31, high, text]
`);
  const [above, high, text] = result.toJs();
  result.destroy();
  expect(above).toBe(true);
  expect(high.length).toBe(3001);
  expect(Array.from(high.subarray(0, 6))).toEqual([1, 2, 3, 1, 2, 3]);
  expect(text.startsWith("\u0100pyxis above 2 GB\ud800")).toBe(true);
  expect(text.length).toBeGreaterThanOrEqual(18 + 100000 + 1);
  const view = pyodide.runPython("memoryview(high)");
  const buf = view.getBuffer("u8");
  expect(Array.from(buf.data.subarray(0, 3))).toEqual([1, 2, 3]);
  buf.release();
  view.destroy();
  pyodide.runPython("del ballast, probes, high");
}, 120000);
