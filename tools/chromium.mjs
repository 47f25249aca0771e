// The headless Chromium that the browser tests (tests/browser/) and the
// benchmarks (bench/browser-runtimes.mjs) drive with playwright-core:
// Debian's (tools/browser-setup.sh installs it), and the flags both launch it
// with.
import fs from "node:fs";

export const CHROMIUM = process.env.PYXIS_CHROMIUM ?? "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

// Throws a clear error when Debian's Chromium is not installed.
export function requireChromium() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: run tools/browser-setup.sh (make test does)`);
  }
}
