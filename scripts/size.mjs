// Prints files' sizes raw, gzipped and brotli-compressed (what a browser downloads), so every
// `make build` shows the cost of a change to the page's payload (fahras_bg.wasm + fahras.js)
// without needing the brotli CLI.
//
//   node scripts/size.mjs <file>...
import { readFileSync } from "node:fs";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
for (const file of process.argv.slice(2)) {
  const bytes = readFileSync(file);
  const gz = gzipSync(bytes, { level: 9 }).length;
  const br = brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  }).length;
  console.log(`${file}: ${kb(bytes.length)} raw, ${kb(gz)} gzip, ${kb(br)} brotli`);
}
