// LiteralMap: what a Python dict converts to (toJs, to_js) when loadPyodide
// is given `toJsLiteralMap: true` (Pyodide's older default; by default a dict
// becomes an Object). A Map whose string keys also read, write and delete as
// properties: `m.a` is `m.get("a")` unless "a" is a Map member (`m.get` stays
// the method); `"a" in m`; `m.a = 1` sets; `delete m.a` deletes.
export class LiteralMap extends Map {
  constructor(entries) {
    super(entries);
    return new Proxy(this, LITERAL_MAP_TRAPS);
  }
}

const isMapKey = (target, prop) =>
  typeof prop === "string" && !(prop in target) && Map.prototype.has.call(target, prop);

const LITERAL_MAP_TRAPS = {
  get(target, prop) {
    if (typeof prop === "symbol" || prop in target) {
      const value = Reflect.get(target, prop, target);
      // Map's methods need the Map itself as `this`, not the Proxy.
      return typeof value === "function" && prop !== "constructor" ? value.bind(target) : value;
    }
    return Map.prototype.get.call(target, prop);
  },
  has(target, prop) {
    return prop in target || isMapKey(target, prop);
  },
  set(target, prop, value) {
    if (typeof prop === "symbol" || prop in target) return Reflect.set(target, prop, value);
    Map.prototype.set.call(target, prop, value);
    return true;
  },
  deleteProperty(target, prop) {
    if (isMapKey(target, prop)) return Map.prototype.delete.call(target, prop);
    return Reflect.deleteProperty(target, prop);
  },
  ownKeys(target) {
    const keys = Reflect.ownKeys(target);
    for (const k of Map.prototype.keys.call(target)) {
      if (typeof k === "string" && !keys.includes(k)) keys.push(k);
    }
    return keys;
  },
  getOwnPropertyDescriptor(target, prop) {
    if (isMapKey(target, prop)) {
      const value = Map.prototype.get.call(target, prop);
      return { value, writable: true, enumerable: true, configurable: true };
    }
    return Reflect.getOwnPropertyDescriptor(target, prop);
  },
};
