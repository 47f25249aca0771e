// Where the loader runs: IN_NODE is true in Node (not in a page, a worker or
// a bundler's browser build that defines `process`). One definition for the
// loader's modules.
export const IN_NODE =
  typeof process === "object" && !!process.versions?.node && typeof window === "undefined";
