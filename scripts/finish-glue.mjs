// Finishes the page's JS glue in place, after guard-freed.mjs: appends `SearchIndex.fromUrl`
// (npm/from-url.js: the fetch and its awaits, kept out of the wasm module so that it carries no
// async runtime) and `SearchIndex.open` (npm/open.js: the same for a split index's pieces), and
// minifies the whole with terser, a devDependency. The page downloads this
// file with the module, and wasm-bindgen writes it with every doc comment and long local names
// (6.1 KiB brotli before, 3.8 KiB after). Exported names, property names and behaviour are
// unchanged (terser's defaults never rename properties); the types and their documentation are
// in fahras.d.ts, which is not touched.
//
// The appended code relies on the glue's shape in wasm-bindgen 0.2.130 (the pinned version): the
// classes `SearchIndex` and `IndexDownload` at the module's top level. The build stops here if
// that changes, and tests/node/api.test.mjs's fromUrl tests fail if the download stops working.
//
//   node scripts/finish-glue.mjs <package dir>/fahras.js
import { readFileSync, writeFileSync } from "node:fs";
import { minify } from "terser";

const file = process.argv[2];
let glue = readFileSync(file, "utf8");
for (const shape of ["export class SearchIndex {", "export class IndexDownload {"]) {
  if (!glue.includes(shape)) {
    console.error(
      `${file}: the wasm-bindgen glue no longer contains \`${shape}\`; scripts/finish-glue.mjs ` +
        "and npm/from-url.js must be updated for this wasm-bindgen version",
    );
    process.exit(1);
  }
}
for (const part of ["from-url.js", "open.js"]) glue += "\n" + readFileSync(new URL(`../npm/${part}`, import.meta.url), "utf8");
const { code } = await minify(glue, {
  module: true,
  compress: { passes: 2 },
  mangle: true,
  format: { comments: false },
});
writeFileSync(file, code + "\n");
