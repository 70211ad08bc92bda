// Loads the built package exactly as a Node user does (docs/api.md): the ES module from pkg/, then
// initSync with the bytes of the .wasm that sits next to it. Every test file imports from here, so
// a missing or broken pkg/ fails each of them instead of being skipped.
import { readFileSync, readdirSync } from "node:fs";
import { initSync, SearchIndex, normalize, analyze } from "../../pkg/fahras.js";

export const pkgDir = new URL("../../pkg/", import.meta.url);
initSync({ module: readFileSync(new URL("fahras_bg.wasm", pkgDir)) });

export { SearchIndex, normalize, analyze };

// The default corpus, read from disk so expectations follow the seeds rather than being typed in.
const seedsDir = new URL("../../seeds/", import.meta.url);
export const seeds = readdirSync(seedsDir)
  .filter((name) => name.endsWith(".txt"))
  .sort()
  .map((name) => ({ id: name.slice(0, -4), text: readFileSync(new URL(name, seedsDir), "utf8") }));

// Ids of the seed documents whose raw text contains `needle` (for words the seeds never inflect
// or vocalise, this is exactly the set a search must find).
export function seedsContaining(needle) {
  return seeds.filter((s) => s.text.includes(needle)).map((s) => s.id);
}

export const ids = (res) => res.hits.map((h) => h.id);

// The search result shape every call must have, whatever the query.
export function assertResultShape(assert, res) {
  assert.equal(typeof res, "object");
  assert.ok(Number.isInteger(res.total) && res.total >= 0, `total ${res.total}`);
  assert.ok(Array.isArray(res.hits), "hits is an array");
  assert.ok(res.hits.length <= res.total, `${res.hits.length} hits but total ${res.total}`);
  if ("suggestion" in res) assert.equal(typeof res.suggestion, "string", "suggestion, when present");
  for (const hit of res.hits) {
    for (const optional of ["date", "url"]) {
      if (optional in hit) assert.equal(typeof hit[optional], "string", `${optional}, when present`);
    }
    assert.equal(typeof hit.id, "string");
    assert.ok(hit.id.length > 0);
    assert.equal(typeof hit.title, "string");
    assert.ok(Number.isFinite(hit.score), `score ${hit.score}`);
    assert.ok(Array.isArray(hit.snippet), "snippet is an array");
    for (const seg of hit.snippet) {
      assert.equal(typeof seg.text, "string");
      assert.equal(typeof seg.hit, "boolean");
    }
  }
}
