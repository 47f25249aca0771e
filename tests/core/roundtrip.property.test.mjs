// Property-based round trips (fast-check, seeded): any JSON-like JS value ->
// Python -> JS, and any basic Python value -> JS -> Python, equal the
// original under the documented conversion rules (README, "Values cross the
// boundary"):
//   JS number -> int when Number.isSafeInteger (so -0 -> 0), else float;
//   BigInt -> JsBigInt -> BigInt; Python int -> number strictly inside
//   ±(2^53 - 1) (Pyodide's bounds: ±MAX_SAFE_INTEGER itself), else BigInt;
//   null -> jsnull -> null; undefined -> None -> undefined; Array <-> list
//   (tuple -> Array); Map and plain objects -> dict -> Object (or a Map with
//   dict_converter);
//   Set <-> set; bytes and buffers -> typed arrays -> memoryview.
// A failure prints fast-check's shrunk counter-example and the seed.
import fc from "fast-check";
import { loadCaptured } from "../helpers.mjs";

const SEED = 20261125;
const RUNS = 1000;

let pyodide;
beforeAll(async () => {
  ({ pyodide } = await loadCaptured());
  pyodide.runPython(`
import math
from pyodide.ffi import to_js, JsProxy

def _ident(x):
    return x

def _deep(x):
    # JS -> Python deeply (JsProxy.to_py), then Python -> JS deeply (to_js).
    return to_js(x.to_py() if isinstance(x, JsProxy) else x,
                 dict_converter=__import__("js").Map.new)

def _deep_obj(x):
    # The default: a dict becomes an Object.
    return to_js(x.to_py() if isinstance(x, JsProxy) else x)
`);
});

// --- JS -> Python -> JS ---------------------------------------------------

const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
// Strings of any UTF-16 code units: lone surrogates and NULs included.
const anyString = fc.oneof(
  fc.string({ unit: codeUnit, maxLength: 12 }),
  fc.string({ unit: "grapheme", maxLength: 12 }),
  fc.constantFrom("", "\0", "\ud800", "\udfff", "a\ud800b", "\udc00\ud800", "é\0😀"),
);
const anyNumber = fc.oneof(
  fc.double(), // NaN, ±Infinity, -0 and subnormals included
  fc.integer(),
  fc.maxSafeInteger(),
  fc.constantFrom(-0, 0, NaN, Infinity, -Infinity, 2 ** 53, -(2 ** 53), 2 ** 53 - 1, 1e300),
);
const anyBigInt = fc.oneof(
  fc.bigInt({ min: -(2n ** 1000n), max: 2n ** 1000n }),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
  fc.constantFrom(2n ** 63n, -(2n ** 63n), 2n ** 64n + 5n, 10n ** 30n, -(10n ** 30n), 0n),
);
const scalar = fc.oneof(anyNumber, anyBigInt, anyString, fc.boolean(), fc.constant(null));
// Hashable in Python and distinct there exactly when distinct in JS.
const key = fc.oneof(anyString, fc.maxSafeInteger());

const { value: jsValue } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    scalar,
    tie("array"),
    tie("map"),
    tie("set"),
  ),
  array: fc.array(tie("value"), { maxLength: 5 }),
  map: fc.array(fc.tuple(key, tie("value")), { maxLength: 5 }).map((entries) => new Map(entries)),
  set: fc.array(key, { maxLength: 5 }).map((items) => new Set(items)),
}));
const { value: jsObjectValue } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    scalar,
    tie("array"),
    tie("object"),
  ),
  array: fc.array(tie("value"), { maxLength: 5 }),
  object: fc.dictionary(anyString, tie("value"), { maxKeys: 5, noNullPrototype: true }),
}));

// What a value becomes after JS -> Python -> JS.
function expectedScalar(v) {
  if (typeof v === "number") {
    if (Math.abs(v) === Number.MAX_SAFE_INTEGER) return BigInt(v); // an int at the bound
    return Object.is(v, -0) ? 0 : v;
  }
  return v; // a bigint comes back a bigint (JsBigInt), null null (jsnull)
}
function expected(v) {
  if (Array.isArray(v)) return v.map(expected);
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [expectedScalar(k), expected(x)]));
  if (v instanceof Set) return new Set([...v].map(expectedScalar));
  return expectedScalar(v);
}
function expectedObj(v) {
  if (Array.isArray(v)) return v.map(expectedObj);
  if (v !== null && typeof v === "object")
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, expectedObj(x)]));
  return expectedScalar(v);
}

const params = { seed: SEED, numRuns: RUNS };

describe("JS -> Python -> JS", () => {
  test("scalars through a Python call (implicit conversion) keep their value", () => {
    const ident = pyodide.globals.get("_ident");
    fc.assert(
      fc.property(fc.oneof(scalar, fc.constant(undefined)), (v) => {
        expect(ident(v)).toStrictEqual(expectedScalar(v));
      }),
      params,
    );
    ident.destroy();
  });

  test("nested arrays, Maps and Sets through to_py / to_js(dict_converter=Map.new)", () => {
    const deep = pyodide.globals.get("_deep");
    fc.assert(
      fc.property(jsValue, (v) => {
        expect(deep(v)).toStrictEqual(expected(v));
      }),
      params,
    );
    deep.destroy();
  });

  test("nested plain objects through to_py / to_js (a dict becomes an Object)", () => {
    const deep = pyodide.globals.get("_deep_obj");
    fc.assert(
      fc.property(jsObjectValue, (v) => {
        expect(deep(v)).toStrictEqual(expectedObj(v));
      }),
      params,
    );
    deep.destroy();
  });

  test("nested values through pyodide.toPy and PyProxy.toJs", () => {
    fc.assert(
      fc.property(jsValue, (v) => {
        const py = pyodide.toPy(v);
        let back;
        if (pyodide.ffi.PyProxy && py instanceof pyodide.ffi.PyProxy) {
          back = py.toJs({ dict_converter: (entries) => new Map(entries) });
          py.destroy();
        } else {
          back = py; // toPy keeps scalars as they are (no Python object)
        }
        const want = typeof v === "object" && v !== null ? expected(v) : v;
        expect(back).toStrictEqual(want);
      }),
      params,
    );
  });
});

// --- Python -> JS -> Python -----------------------------------------------
// Values are described in JS (so fast-check can generate and shrink them),
// built in Python, converted to JS (to_js) and back (to_py), and compared in
// Python with their type: the expected result applies the documented rules
// (tuple -> list, bytes -> memoryview, an integral float within 2^53 -> int).

const pyDesc = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constant({ t: "none" }),
    fc.boolean().map((v) => ({ t: "bool", v })),
    fc
      .oneof(anyBigInt, fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }))
      .map((v) => ({ t: "int", v: v.toString() })),
    fc.double().map((v) => ({ t: "float", v: Object.is(v, -0) ? "-0.0" : String(v) })),
    anyString.map((v) => ({ t: "str", v })),
    fc.uint8Array({ maxLength: 8 }).map((v) => ({ t: "bytes", v: Array.from(v) })),
    tie("list"),
    tie("tuple"),
    tie("dict"),
    tie("set"),
  ),
  list: fc.array(tie("value"), { maxLength: 4 }).map((v) => ({ t: "list", v })),
  tuple: fc.array(tie("value"), { maxLength: 4 }).map((v) => ({ t: "tuple", v })),
  dict: fc
    .array(fc.tuple(anyString, tie("value")), { maxLength: 4 })
    .map((v) => ({ t: "dict", v })),
  set: fc
    .array(
      fc.oneof(
        anyString.map((v) => ({ t: "str", v })),
        fc
          .bigInt({ min: -(2n ** 80n), max: 2n ** 80n })
          .map((v) => ({ t: "int", v: v.toString() })),
      ),
      { maxLength: 4 },
    )
    .map((v) => ({ t: "set", v })),
})).value;

describe("Python -> JS -> Python", () => {
  beforeAll(() => {
    pyodide.runPython(`
import math
from pyodide.ffi import to_js, JsBigInt

def _build(d):
    t, v = d["t"], d.get("v")
    if t == "none": return None
    if t == "bool": return bool(v)
    if t == "int": return int(v)
    if t == "float": return float(v)
    if t == "str": return v
    if t == "bytes": return bytes(v)
    if t in ("list", "tuple"):
        items = [_build(x) for x in v]
        return items if t == "list" else tuple(items)
    if t == "dict": return {k: _build(x) for k, x in v}
    if t == "set": return {_build(x) for x in v}
    raise ValueError(t)

def _expected(x):
    if type(x) is int and abs(x) >= 2**53 - 1:
        return JsBigInt(x)  # it went as a bigint
    if isinstance(x, float) and x.is_integer() and abs(x) <= 2**53 - 1:
        return int(x)
    if isinstance(x, (list, tuple)):
        return [_expected(i) for i in x]
    if isinstance(x, dict):
        return {k: _expected(v) for k, v in x.items()}
    if isinstance(x, bytes):
        return memoryview(x)
    return x

def _same(a, b):
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return repr(a) == repr(b)  # NaN == NaN, -0.0 != 0.0
    if isinstance(a, memoryview):
        return a.tobytes() == b.tobytes() and a.format == b.format
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return a == b

def _py_roundtrip(desc):
    import json
    original = _build(json.loads(desc))
    back = to_js(original).to_py() if not isinstance(original, (type(None), bool, int, float, str)) \\
        else _ident_js(original)
    want = _expected(original)
    return "" if _same(want, back) else f"got {back!r} ({type(back).__name__}), want {want!r}"
`);
    // Scalars come back through a JS function call (implicit conversion).
    pyodide.globals.set("_ident_js", (x) => x);
  });

  test("basic Python values of any size survive to_js / to_py", () => {
    const check = pyodide.globals.get("_py_roundtrip");
    fc.assert(
      fc.property(pyDesc, (d) => {
        expect(check(JSON.stringify(d))).toBe("");
      }),
      params,
    );
    check.destroy();
  });

  test("ints of any size and sign keep their value both ways (regression: 2**70 was negative)", () => {
    expect(pyodide.runPython("2**70")).toBe(1180591620717411303424n);
    expect(pyodide.runPython("2**63")).toBe(2n ** 63n);
    expect(pyodide.runPython("2**64 + 5")).toBe(2n ** 64n + 5n);
    expect(pyodide.runPython("10**30")).toBe(10n ** 30n);
    expect(pyodide.runPython("-(2**70)")).toBe(-(2n ** 70n));
    expect(pyodide.runPython("2**53")).toBe(2n ** 53n); // beyond MAX_SAFE_INTEGER
    expect(pyodide.runPython("2**53 - 2")).toBe(2 ** 53 - 2);
    expect(pyodide.runPython("2**53 - 1")).toBe(2n ** 53n - 1n); // Pyodide's bound
    const check = pyodide.runPython("lambda x, s: x == int(s)");
    fc.assert(
      fc.property(anyBigInt, (v) => {
        expect(check(v, v.toString())).toBe(true);
      }),
      params,
    );
    check.destroy();
  });
});
