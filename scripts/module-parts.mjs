// What a wasm module is made of, for the README's "Module size" table: the brotli size of each
// group of functions (by the crate in its name) and of each data segment, each compressed alone
// and as "leave one out" (the whole minus the whole without it: what removing the part saves).
// Needs function names, which the package's module has not: run the build's wasm-bindgen output
// through wasm-opt as the build does, but keeping them:
//
//   wasm-bindgen --target web --out-dir /tmp/m --out-name fahras \
//     target/wasm32-unknown-unknown/release/fahras.wasm
//   node_modules/.bin/wasm-opt -Oz -Oz --low-memory-unused --debuginfo <the Makefile's WASM_FEATURES> \
//     /tmp/m/fahras_bg.wasm -o /tmp/m/names.wasm
//   node scripts/module-parts.mjs /tmp/m/names.wasm
//
// Inlining blurs the groups: the engine code that only `search` calls is inside its export shim.
import { readFileSync } from "node:fs";
import { brotliCompressSync, constants } from "node:zlib";

const brotli = (bytes) =>
  brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 22 },
  }).length;

// --- a minimal reader of the wasm binary format: imports, code, data, and the "name" section ---
const module = readFileSync(process.argv[2]);
let at = 8; // after the magic number and version
const leb = () => {
  let value = 0;
  let shift = 0;
  let byte;
  do {
    byte = module[at++];
    value |= (byte & 0x7f) << shift;
    shift += 7;
  } while (byte & 0x80);
  return value >>> 0;
};
const bytes = () => {
  const length = leb();
  at += length;
  return module.subarray(at - length, at);
};
const skipLimits = () => {
  const flags = module[at++];
  leb();
  if (flags & 1) leb();
};
let importedFunctions = 0;
const bodies = []; // { index, bytes }
const names = new Map(); // function index → name
const segments = [];
while (at < module.length) {
  const id = module[at++];
  const size = leb();
  const end = at + size;
  if (id === 0 && bytes().toString() === "name") {
    while (at < end) {
      const subsection = module[at++];
      const subEnd = leb() + at;
      if (subsection === 1) {
        for (let n = leb(); n > 0; n--) names.set(leb(), bytes().toString());
      }
      at = subEnd;
    }
  } else if (id === 2) {
    for (let n = leb(); n > 0; n--) {
      bytes(); // module
      bytes(); // name
      const kind = module[at++];
      if (kind === 0) (leb(), importedFunctions++); // function: its type
      else if (kind === 1) (at++, skipLimits()); // table: element type, limits
      else if (kind === 2) skipLimits(); // memory
      else at += 2; // global: type, mutability
    }
  } else if (id === 10) {
    for (let n = leb(), i = 0; i < n; i++) bodies.push({ index: importedFunctions + i, bytes: bytes() });
  } else if (id === 11) {
    for (let n = leb(); n > 0; n--) {
      const mode = leb();
      if (mode === 2) leb(); // memory index
      if (mode !== 1) while (module[at++] !== 0x0b); // the offset expression
      segments.push(bytes());
    }
  }
  at = end;
}

// --- groups of functions, by the crate or part their name says ---
const GROUPS = [
  [/futures|wasm_bindgen_futures/, "async runtime"],
  [/^serde_wasm_bindgen/, "serde-wasm-bindgen"],
  [/^serde/, "serde"],
  [/externref shim|multivalue shim/, "export shims (engine code inlined)"],
  [/^__wbg|^__wbindgen|wasm_bindgen|js_sys/, "wasm-bindgen/js-sys runtime"],
  [/^fst/, "fst"],
  [/talc|dlmalloc|__rdl|__rust_alloc|__rust_dealloc|__rust_realloc|alloc::alloc/, "allocator"],
  [/fmt|Display|Debug|panic|unwrap_failed|expect_failed|slice_error_fail|slice_index|str_index|rust_begin_unwind/, "fmt + panic"],
  [/fahras::analysis/, "fahras::analysis"],
  [/fahras::query/, "fahras::query"],
  [/fahras::index/, "fahras::index"],
  [/fahras::snippet/, "fahras::snippet"],
  [/fahras::search_index/, "fahras::search_index"],
  [/fahras::wasm/, "fahras::wasm"],
  [/fahras/, "fahras (other)"],
  [/sort|quicksort|median|smallsort|heapsort/, "core sort"],
  [/^core|^alloc|^std|__rustc/, "core/alloc/std"],
];
const groupOf = (name = "") => {
  const bare = name.replace(/^<+/, "");
  for (const [pattern, group] of GROUPS) if (pattern.test(bare)) return group;
  return "other";
};
const groups = new Map();
for (const body of bodies) {
  const group = groupOf(names.get(body.index));
  if (!groups.has(group)) groups.set(group, []);
  groups.get(group).push(body);
}

const code = Buffer.concat(bodies.map((b) => b.bytes));
const data = Buffer.concat(segments);
const whole = brotli(Buffer.concat([code, data]));
console.log(
  `code ${code.length} bytes, ${brotli(code)} brotli; data ${data.length} bytes, ` +
    `${brotli(data)} brotli; code + data ${whole} brotli; the file ${brotli(module)} brotli`,
);
const rows = [];
for (const [group, members] of groups) {
  const inGroup = new Set(members);
  const rest = Buffer.concat(bodies.filter((b) => !inGroup.has(b)).map((b) => b.bytes));
  const own = Buffer.concat(members.map((b) => b.bytes));
  rows.push([group, members.length, own.length, brotli(own), whole - brotli(Buffer.concat([rest, data]))]);
}
rows.sort((a, b) => b[2] - a[2]);
console.log("group | functions | bytes | brotli alone | brotli leave-one-out");
for (const row of rows) console.log(row.join(" | "));
segments.forEach((segment, i) => {
  if (segment.length > 500) console.log(`data segment ${i}: ${segment.length} bytes, ${brotli(segment)} brotli`);
});
