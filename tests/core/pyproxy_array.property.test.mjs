// Property-based (fast-check, seeded): Array's methods on a PyProxy of a
// Python list agree with the same methods on a JS Array of its values —
// same result, same contents afterwards — for generated lists and
// arguments (negative, out of range, missing and fractional indices
// included). A failure prints the shrunk counter-example and the seed.
import fc from "fast-check";
import { loadCaptured } from "../helpers.mjs";

const SEED = 20261126;
const RUNS = 300;

let pyodide, toList;
beforeAll(async () => {
  ({ pyodide } = await loadCaptured());
  toList = pyodide.runPython("lambda a: list(a)");
});
afterAll(() => toList.destroy());

// Values that cross unchanged both ways (undefined is None; -0 would become 0).
const value = fc.oneof(
  fc.integer({ min: -20, max: 20 }),
  fc.constantFrom(1.5, -2.25, NaN, Infinity),
  fc.string({ maxLength: 3 }),
  fc.boolean(),
  fc.constant(undefined),
);
const values = fc.array(value, { maxLength: 8 });
const index = fc.oneof(
  fc.integer({ min: -10, max: 10 }),
  fc.constantFrom(undefined, 0.5, -1.5, Infinity, -Infinity, NaN, "2"),
);

// [name, arbitrary of the arguments, call(target, ...args)]: callbacks are
// made from the arguments so that both sides get the same function.
const OPS = {
  join: [fc.tuple(fc.constantFrom(undefined, ",", " - ", "")), (a, s) => a.join(s)],
  slice: [fc.tuple(index, index), (a, s, e) => a.slice(s, e)],
  indexOf: [fc.tuple(value, index), (a, v, i) => a.indexOf(v, i)],
  lastIndexOf: [
    fc.tuple(value, index),
    (a, v, i) => (i === undefined ? a.lastIndexOf(v) : a.lastIndexOf(v, i)),
  ],
  includes: [fc.tuple(value, index), (a, v, i) => a.includes(v, i)],
  at: [fc.tuple(index), (a, i) => a.at(i)],
  forEach: [
    fc.tuple(),
    (a) => {
      const seen = [];
      a.forEach((x, i, arr) => seen.push([x, i, arr === a]));
      return seen;
    },
  ],
  map: [fc.tuple(), (a) => a.map((x, i) => `${typeof x}:${String(x)}:${i}`)],
  filter: [fc.tuple(), (a) => a.filter((x, i) => typeof x === "number" || i % 2 === 0)],
  some: [fc.tuple(value), (a, v) => a.some((x) => Object.is(x, v))],
  every: [fc.tuple(), (a) => a.every((x) => typeof x !== "boolean")],
  reduce: [fc.tuple(), (a) => a.reduce((acc, x, i) => `${acc}|${String(x)}${i}`, "")],
  reduceRight: [fc.tuple(), (a) => a.reduceRight((acc, x, i) => `${acc}|${String(x)}${i}`, "")],
  find: [fc.tuple(), (a) => a.find((x) => typeof x === "string")],
  findIndex: [fc.tuple(), (a) => a.findIndex((x) => typeof x === "string")],
  entries: [fc.tuple(), (a) => Array.from(a.entries())],
  keys: [fc.tuple(), (a) => Array.from(a.keys())],
  values: [fc.tuple(), (a) => Array.from(a.values())],
  concat: [fc.tuple(values, value), (a, b, v) => a.concat(b, v)],
  spread: [fc.tuple(), (a) => [...a]],
  json: [fc.tuple(), (a) => JSON.stringify(a)],
  length: [fc.tuple(), (a) => a.length],
  // Mutating (the contents afterwards are compared too).
  push: [values, (a, ...items) => a.push(...items)],
  pop: [fc.tuple(), (a) => a.pop()],
  shift: [fc.tuple(), (a) => a.shift()],
  unshift: [values, (a, ...items) => a.unshift(...items)],
  splice: [
    fc.oneof(
      fc.tuple(),
      fc.tuple(index),
      fc.tuple(index, index),
      fc.tuple(index, index, value, value),
      fc.tuple(index, fc.integer({ min: 0, max: 3 }), value),
    ),
    (a, ...args) => a.splice(...args),
  ],
  reverse: [fc.tuple(), (a) => a.reverse()],
  fill: [fc.tuple(value, index, index), (a, v, s, e) => a.fill(v, s, e)],
  copyWithin: [fc.tuple(index, index, index), (a, t, s, e) => a.copyWithin(t, s, e)],
  sort: [fc.tuple(), (a) => a.sort()],
  sortBy: [
    fc.tuple(),
    (a) => a.sort((x, y) => (typeof x === typeof y ? 0 : typeof x < typeof y ? -1 : 1)),
  ],
  setIndex: [
    fc.tuple(fc.integer({ min: 0, max: 9 }), value),
    (a, i, v) => {
      if (i < a.length) a[i] = v; // beyond the end a list refuses (an Array would grow)
      return [a[i], i in a];
    },
  ],
};

// A result in comparable form: the proxy itself (returned by reverse, sort,
// fill, copyWithin) is "this", PyProxies (there are none here) would fail.
function plain(result, self) {
  if (result === self) return "this";
  return result;
}

test.each(Object.keys(OPS))("Array.prototype.%s on a list proxy as on an Array", (name) => {
  const [args, op] = OPS[name];
  fc.assert(
    fc.property(values, args, (start, argv) => {
      const array = start.slice();
      const list = toList(start);
      try {
        const expected = plain(op(array, ...argv), array);
        const actual = plain(op(list, ...argv), list);
        expect(actual).toStrictEqual(expected);
        expect(Array.from(list)).toStrictEqual(array);
        expect(list.length).toBe(array.length);
      } finally {
        list.destroy();
      }
    }),
    { seed: SEED, numRuns: RUNS },
  );
});
