// A SearchIndex used after free() says so: every method and getter throws an Error naming the
// call and free(), never wasm-bindgen's "null pointer passed to rust", and a second free() is
// harmless. The guard is a few lines scripts/guard-freed.mjs appends to the generated glue; these
// tests fail if a new wasm-bindgen changes the glue so that the guard no longer applies.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { SearchIndex, pkgDir, seeds } from "./fahras.mjs";
import { initSync as initIndexer, IndexBuilder } from "../../pkg/fahras_indexer.js";

initIndexer({ module: readFileSync(new URL("fahras_indexer_bg.wasm", pkgDir)) });
// An index file's bytes, built in-process: an index from fromBytes is freed like the embedded one.
const builder = new IndexBuilder();
for (const seed of seeds) builder.addFile(seed.id, seed.text, "txt");
const seedBytes = builder.finish();
// The same seeds as a split index (entry first), for the calls only a split index answers.
const splitBuilder = new IndexBuilder();
for (const seed of seeds) splitBuilder.addFile(seed.id, seed.text, "txt");
const splitFiles = [];
splitBuilder.finishSplit((name, bytes) => splitFiles.push({ name, bytes }));
const [entry, firstPiece] = splitFiles;

// Every call a user can make on an index, with arguments that work on an open one.
const calls = {
  search: (index) => index.search("بوتين"),
  suggest: (index) => index.suggest("بو"),
  document: (index) => index.document(seeds[0].id),
  documentText: (index) => index.documentText(seeds[0].id, 0, 10),
  documentIndexOf: (index) => index.documentIndexOf(seeds[0].id, "ال"),
  stats: (index) => index.stats,
  pieceNames: (index) => index.pieceNames(),
  addPiece: (index) => index.addPiece(firstPiece.name, firstPiece.bytes),
};
// Calls that need a split index to work (on a single file they throw an Error that says so).
const splitOnly = new Set(["addPiece"]);

test("every call on an open index works (so the freed case below tests the guard, not a bad call)", () => {
  const index = new SearchIndex();
  const split = SearchIndex.fromEntry(entry.bytes);
  for (const [name, call] of Object.entries(calls)) {
    if (splitOnly.has(name)) assert.doesNotThrow(() => call(split), name);
    else assert.doesNotThrow(() => call(index), name);
  }
  index.free();
  split.free();
});

test("every method and getter of a freed SearchIndex throws an Error that says it was freed", () => {
  for (const open of [() => new SearchIndex(), () => SearchIndex.fromBytes(seedBytes), () => SearchIndex.fromEntry(entry.bytes)]) {
    const index = open();
    index.free();
    for (const [name, call] of Object.entries(calls)) {
      const shown = name === "stats" ? "stats" : `${name}()`;
      assert.throws(
        () => call(index),
        (err) => {
          assert.ok(err instanceof Error, `${name}: an Error`);
          assert.equal(err.message, `this SearchIndex was freed: ${shown} cannot be used after free(); open the index again`);
          return true;
        },
        name,
      );
    }
  }
});

test("the calls checked above are all the calls a SearchIndex has", () => {
  // A method added to the class without a line in `calls` would go untested after free().
  const own = Object.getOwnPropertyNames(SearchIndex.prototype).filter(
    (name) => !["constructor", "free"].includes(name) && !name.startsWith("__"),
  );
  assert.deepEqual(own.sort(), Object.keys(calls).sort());
});

test("free() twice, or through Symbol.dispose after free(), does nothing", () => {
  const index = new SearchIndex();
  index.free();
  assert.doesNotThrow(() => index.free());
  if (Symbol.dispose) assert.doesNotThrow(() => index[Symbol.dispose]());
  // And the module is unharmed: a new index still searches.
  assert.ok(new SearchIndex().search("بوتين").total > 0);
});

test("the guard is in the package's glue, applied once, relying only on what it checks", () => {
  // The glue is minified (scripts/finish-glue.mjs): comments are gone, property names are kept.
  const glue = readFileSync(new URL("fahras.js", pkgDir), "utf8");
  assert.equal(glue.split("this SearchIndex was freed").length, 2, "appended exactly once");
  // The two facts of wasm-bindgen 0.2.130's glue the guard relies on (guard-freed.mjs checks
  // them in the unminified glue before it appends anything).
  assert.match(glue, /export class SearchIndex\{/);
  assert.match(glue, /__destroy_into_raw\(\)\{const \w+=this\.__wbg_ptr;return this\.__wbg_ptr=0/);
  const index = new SearchIndex();
  assert.notEqual(index.__wbg_ptr, 0);
  index.free();
  assert.equal(index.__wbg_ptr, 0);
});
