// Compressed sizes as a host serves files precompressed: gzip -9 and brotli
// quality 11 (window 2^24), in bytes; and the MB format the size reports use.
// Shared by bench/sizes.mjs and bench/exports.mjs.
import zlib from "node:zlib";

export const gzipSize = (buf) => zlib.gzipSync(buf, { level: 9 }).length;

export const brotliSize = (buf) =>
  zlib.brotliCompressSync(buf, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_LGWIN]: 24,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
    },
  }).length;

export const MB = (n) => `${(n / 1e6).toFixed(2)} MB`;
