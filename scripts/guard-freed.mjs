// Makes a freed SearchIndex say so. wasm-bindgen's glue zeroes an object's pointer in `free()`,
// and every later call passes that 0 to the module, whose generic check throws "null pointer
// passed to rust": nothing on the Rust side runs first, so the check has to be in the glue. This
// appends a few lines to the generated fahras.js that wrap every method and getter of
// SearchIndex (found at load time, so a new method is covered too) with a check of that pointer,
// and make a second `free()` do nothing.
//
// It relies on the glue's shape in wasm-bindgen 0.2.130 (the pinned version): the class is
// `export class SearchIndex` and `free()` sets `this.__wbg_ptr = 0`. The build stops here if
// that changes, and tests/node/freed.test.mjs fails if the guard stops working.
//
//   node scripts/guard-freed.mjs <package dir>/fahras.js
import { appendFileSync, readFileSync } from "node:fs";

const file = process.argv[2];
const glue = readFileSync(file, "utf8");
for (const shape of ["export class SearchIndex {", "this.__wbg_ptr = 0;", "free() {"]) {
  if (!glue.includes(shape)) {
    console.error(
      `${file}: the wasm-bindgen glue no longer contains \`${shape}\`; scripts/guard-freed.mjs ` +
        "must be updated for this wasm-bindgen version",
    );
    process.exit(1);
  }
}
if (glue.includes("guard-freed")) process.exit(0); // already guarded

appendFileSync(
  file,
  `
// Added by scripts/guard-freed.mjs: a SearchIndex used after free() throws an Error that says so.
{
  const proto = SearchIndex.prototype;
  const freed = (name) =>
    new Error(\`this SearchIndex was freed: \${name} cannot be used after free(); open the index again\`);
  for (const name of Object.getOwnPropertyNames(proto)) {
    if (name === "constructor" || name === "free" || name.startsWith("__")) continue;
    const d = Object.getOwnPropertyDescriptor(proto, name);
    if (typeof d.value === "function") {
      const method = d.value;
      d.value = { [name](...args) { if (this.__wbg_ptr === 0) throw freed(\`\${name}()\`); return method.apply(this, args); } }[name];
    } else if (d.get) {
      const get = d.get;
      const guarded = { get [name]() { if (this.__wbg_ptr === 0) throw freed(name); return get.call(this); } };
      d.get = Object.getOwnPropertyDescriptor(guarded, name).get;
    }
    Object.defineProperty(proto, name, d);
  }
  const unguardedFree = proto.free;
  proto.free = function free() { if (this.__wbg_ptr !== 0) unguardedFree.call(this); };
  if (Symbol.dispose) proto[Symbol.dispose] = proto.free;
}
`,
);
