// `fahras build --embed`: the folder it writes is the package's own fahras.js and fahras_bg.wasm
// with the index added as a `fahras.index` custom section, and `new SearchIndex()` of that module
// opens it — ahead of any corpus compiled in (pkg/ carries the seeds), with initSync given bytes
// or a compiled WebAssembly.Module. A section that is not an index, or two of them, is an Error
// that says so. If wasm-bindgen's glue stopped handing the module to the engine, the first test
// fails (new SearchIndex() would open the seeds or throw).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { SearchIndex, pkgDir, seeds } from "./fahras.mjs";

const cli = fileURLToPath(new URL("cli.mjs", pkgDir));
const work = mkdtempSync(join(tmpdir(), "fahras-embed-"));
process.on("exit", () => rmSync(work, { recursive: true, force: true }));
const fahras = (...args) => spawnSync(process.execPath, [cli, ...args], { cwd: work, encoding: "utf8" });

// A corpus that is not the seeds, so the section's index cannot be mistaken for the compiled one.
const corpus = join(work, "docs.jsonl");
writeFileSync(
  corpus,
  [
    { id: "nile", title: "النيل", text: "نهر النيل أطول أنهار أفريقيا" },
    { id: "cairo", title: "القاهرة", text: "القاهرة على ضفاف النيل" },
  ].map((d) => JSON.stringify(d)).join("\n") + "\n",
);

let instances = 0;
/** A fresh instance of a glue module (each import URL is its own module, as each page is). */
async function freshGlue(dir) {
  return import(`${pathToFileURL(join(dir, "fahras.js")).href}?instance=${++instances}`);
}

/** The glue of pkg/ in `dir`, beside `wasm`. */
function moduleDir(name, wasm) {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  copyFileSync(new URL("fahras.js", pkgDir), join(dir, "fahras.js"));
  writeFileSync(join(dir, "fahras_bg.wasm"), wasm);
  return dir;
}

function uleb128(n) {
  const out = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return out;
}
/** A custom section, encoded by the wasm spec (independently of the CLI's own encoder). */
function section(name, payload) {
  const nameBytes = [...new TextEncoder().encode(name)];
  const content = [...uleb128(nameBytes.length), ...nameBytes, ...payload];
  return Buffer.from([0, ...uleb128(content.length), ...content]);
}

test("the --embed folder's new SearchIndex() opens the index inside, not the module's compiled corpus", async () => {
  const run = fahras("build", corpus, "--embed", "-o", "search");
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /^search: 2 documents, \d+ terms, [\d.]+ KiB inside fahras_bg\.wasm, next to fahras\.js\n$/);
  const dir = join(work, "search");
  assert.deepEqual(readdirSync(dir).sort(), ["fahras.d.ts", "fahras.js", "fahras_bg.wasm", "package.json"]);
  // The package's own files: the glue and types verbatim, the module with one section added.
  assert.deepEqual(readFileSync(join(dir, "fahras.js")), readFileSync(new URL("fahras.js", pkgDir)));
  assert.deepEqual(readFileSync(join(dir, "fahras.d.ts")), readFileSync(new URL("fahras.d.ts", pkgDir)));
  const own = readFileSync(new URL("fahras_bg.wasm", pkgDir));
  const wasm = readFileSync(join(dir, "fahras_bg.wasm"));
  assert.deepEqual(wasm.subarray(0, own.length), own, "the package's module, unchanged, then the section");
  const sections = WebAssembly.Module.customSections(new WebAssembly.Module(wasm), "fahras.index");
  assert.equal(sections.length, 1);

  // What the index file of the same corpus holds.
  assert.equal(fahras("build", corpus, "-o", "docs.fhr").status, 0);
  const file = readFileSync(join(work, "docs.fhr"));
  assert.deepEqual(Buffer.from(sections[0]), file, "the section holds the index file's bytes");

  const glue = await freshGlue(dir);
  glue.initSync({ module: wasm });
  const index = new glue.SearchIndex();
  assert.equal(index.stats.documents, 2, "not the seeds pkg/ compiles in");
  assert.deepEqual(index.search("النيل"), SearchIndex.fromBytes(file).search("النيل"));
  // Every new SearchIndex() opens the same index.
  assert.deepEqual(new glue.SearchIndex().stats, index.stats);
});

test("a compiled WebAssembly.Module given to initSync is found too (a module shared with workers)", async () => {
  const dir = join(work, "search");
  const glue = await freshGlue(dir);
  glue.initSync({ module: new WebAssembly.Module(readFileSync(join(dir, "fahras_bg.wasm"))) });
  assert.equal(new glue.SearchIndex().stats.documents, 2);
});

test("a module without the section opens its compiled corpus as before", async () => {
  const glue = await freshGlue(moduleDir("plain", readFileSync(new URL("fahras_bg.wasm", pkgDir))));
  glue.initSync({ module: readFileSync(join(work, "plain", "fahras_bg.wasm")) });
  assert.equal(new glue.SearchIndex().stats.documents, seeds.length);
});

test("a section that is not an index, or two sections, make new SearchIndex() throw an Error that says so", async () => {
  const own = readFileSync(new URL("fahras_bg.wasm", pkgDir));
  const file = readFileSync(join(work, "docs.fhr"));
  const cases = [
    ["garbage", Buffer.concat([own, section("fahras.index", [1, 2, 3])]), /^the index inside this module \(added by `fahras build --embed`\) does not open: not a fahras index/],
    ["truncated", Buffer.concat([own, section("fahras.index", file.subarray(0, file.length - 10))]), /^the index inside this module .* does not open: fahras index is truncated/],
    ["twice", Buffer.concat([own, section("fahras.index", file), section("fahras.index", file)]), /^this module holds 2 `fahras\.index` sections/],
  ];
  for (const [name, wasm, pattern] of cases) {
    const glue = await freshGlue(moduleDir(name, wasm));
    glue.initSync({ module: wasm });
    for (let attempt = 0; attempt < 2; attempt++) {
      assert.throws(() => new glue.SearchIndex(), (e) => e instanceof Error && !(e instanceof WebAssembly.RuntimeError) && pattern.test(e.message), name);
    }
    // The module is not poisoned: index files still open.
    assert.equal(glue.SearchIndex.fromBytes(file).stats.documents, 2, name);
  }
});

test("--embed refuses an output that is a file, and writes nothing", () => {
  writeFileSync(join(work, "taken"), "a file");
  const run = fahras("build", corpus, "--embed", "-o", "taken");
  assert.equal(run.status, 1);
  assert.match(run.stderr, /^fahras: cannot write .*taken\/fahras_bg\.wasm: a part of the path is a file, not a folder\n$/);
  assert.equal(readFileSync(join(work, "taken"), "utf8"), "a file");
});

test("--embed without -o writes search/", () => {
  const dir = mkdtempSync(join(work, "default-"));
  const run = spawnSync(process.execPath, [cli, "build", corpus, "--embed"], { cwd: dir, encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /^search\/: 2 documents/);
  assert.ok(readdirSync(join(dir, "search")).includes("fahras_bg.wasm"));
});
