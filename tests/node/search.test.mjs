// The search contract of docs/api.md, exercised through the built npm package over the default corpus.
import { test } from "node:test";
import assert from "node:assert/strict";
import { SearchIndex, analyze, seeds, seedsContaining, ids, assertResultShape } from "./fahras.mjs";

const index = new SearchIndex();
const byId = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const sorted = (list) => [...list].sort(byId);

test("searching بوتين finds every seed document, all of which mention him", () => {
  const expected = seedsContaining("بوتين");
  assert.deepEqual(expected, seeds.map((s) => s.id), "every seed mentions بوتين");
  assert.equal(expected.length, 5);

  const res = index.search("بوتين");
  assertResultShape(assert, res);
  assert.equal(res.total, expected.length);
  assert.deepEqual(sorted(ids(res)), expected);
  for (const hit of res.hits) {
    assert.ok(hit.score > 0, `${hit.id} has score ${hit.score}`);
    assert.ok(hit.title.trim().length > 0, `${hit.id} has a title`);
    assert.match(hit.title, /\p{Script=Arabic}/u, `${hit.id}'s title is Arabic text`);
  }
});

test("a hit's title is text of its document", () => {
  for (const hit of index.search("بوتين").hits) {
    const seed = seeds.find((s) => s.id === hit.id);
    // A document without a headline may be titled by its opening words, cut with an ellipsis.
    const title = hit.title.trim().replace(/(…|\.\.\.)$/u, "").trim();
    assert.ok(title.length > 0 && seed.text.includes(title), `${hit.id}: "${hit.title}" is not in the seed file`);
  }
});

test("hits are sorted by score, highest first, ties broken by id", () => {
  for (const query of ["بوتين", "الصين", "روسيا", "موسكو", "الاستراتيجية", "بوتين الصين"]) {
    const { hits } = index.search(query, { limit: 1000 });
    assert.ok(hits.length > 0, `${query} finds something`);
    for (let i = 1; i < hits.length; i++) {
      const [a, b] = [hits[i - 1], hits[i]];
      assert.ok(
        a.score > b.score || (a.score === b.score && a.id < b.id),
        `${query}: ${a.id} (${a.score}) is listed before ${b.id} (${b.score})`,
      );
    }
  }
});

test("snippets join to a verbatim excerpt of the document, with the matched words marked", () => {
  const query = "بوتين";
  const [q] = analyze(query);
  for (const hit of index.search(query, { prefix: false }).hits) {
    const doc = index.document(hit.id);
    const excerpt = hit.snippet.map((s) => s.text).join("");
    assert.ok(excerpt.length > 0, `${hit.id}: empty snippet`);
    assert.ok(doc.text.includes(excerpt), `${hit.id}: snippet is not a substring of the text:\n${excerpt}`);

    const marked = hit.snippet.filter((s) => s.hit);
    assert.ok(marked.length > 0, `${hit.id}: no segment has hit=true`);
    for (const seg of marked) {
      // The same stem, or the word after a proclitic the corpus accepts (لبوتين: ل + بوتين).
      const proclitic = (t) =>
        t.normalized.endsWith(q.normalized) &&
        /^[وف]?[بكلف]?$/.test(t.normalized.slice(0, t.normalized.length - q.normalized.length));
      const matches = analyze(seg.text).some((t) => t.normalized === q.normalized || t.stem === q.stem || proclitic(t));
      assert.ok(matches, `${hit.id}: marked "${seg.text}" is not a form of ${query}`);
    }
    // Every occurrence of the very word searched for is a match, so none may be left unmarked.
    for (const seg of hit.snippet.filter((s) => !s.hit)) {
      const missed = analyze(seg.text).find((t) => t.normalized === q.normalized);
      assert.equal(missed, undefined, `${hit.id}: "${missed?.text}" in "${seg.text}" is not marked`);
    }
  }
});

test("total counts every match while limit and offset page through them", () => {
  const query = "بوتين";
  const all = index.search(query, { limit: 1000 });
  assert.equal(all.total, all.hits.length);
  assert.ok(all.total >= 4, "enough hits to page through");

  assert.equal(index.search(query).hits.length, Math.min(10, all.total), "limit defaults to 10");
  const two = index.search(query, { limit: 2 });
  assert.equal(two.total, all.total, "total is not cut by limit");
  assert.equal(two.hits.length, 2);

  for (const size of [1, 2, 3]) {
    const pages = [];
    for (let offset = 0; offset < all.total; offset += size) {
      const page = index.search(query, { limit: size, offset });
      assert.equal(page.total, all.total, `total at offset ${offset}`);
      pages.push(...page.hits);
    }
    assert.deepEqual(ids({ hits: pages }), ids(all), `pages of ${size} concatenate to the full list`);
    assert.deepEqual(pages.map((h) => h.score), all.hits.map((h) => h.score));
  }

  const past = index.search(query, { offset: all.total + 5 });
  assert.equal(past.total, all.total);
  assert.deepEqual(past.hits, []);
});

test("the same query gives the same answer every time", () => {
  const first = index.search("روسيا والصين");
  assert.deepEqual(index.search("روسيا والصين"), first);
  assert.deepEqual(new SearchIndex().search("روسيا والصين"), first);
});

test("the last word matches as a prefix unless the query ends with a space or prefix is off", () => {
  // No seed has a word that is exactly موسك, so only prefix matching can find موسكو.
  const expected = seedsContaining("موسك");
  assert.ok(expected.length > 0 && expected.length < seeds.length);
  assert.deepEqual(sorted(ids(index.search("موسك", { fuzzy: false }))), expected);
  assert.equal(index.search("موسك ", { fuzzy: false }).total, 0, "trailing space: whole word only");
  assert.equal(index.search("موسك", { prefix: false, fuzzy: false }).total, 0, "prefix: false");
});

test("a word that matches nothing is retried within a small edit distance unless fuzzy is off", () => {
  const expected = seedsContaining("موسكو");
  const typo = "موسقو "; // one substitution (ك → ق); the space rules out prefix matches
  assert.equal(index.search(typo, { fuzzy: false }).total, 0);
  const found = ids(index.search(typo, { limit: 1000 }));
  for (const id of expected) assert.ok(found.includes(id), `fuzzy match of موسكو misses ${id}`);
});

test("a -word excludes the documents that contain it", () => {
  const expected = seedsContaining("بوتين").filter((id) => !seedsContaining("موسكو").includes(id));
  assert.ok(expected.length > 0, "some seed mentions بوتين but not موسكو");
  const res = index.search("بوتين -موسكو ");
  assert.deepEqual(sorted(ids(res)), expected);
  assert.equal(res.total, expected.length);
});

test('a "quoted phrase" finds the documents with those words in a row', () => {
  const phrase = ["روسيا", "والصين"];
  // The documents whose analysed words contain the phrase consecutively (normalised forms).
  const expected = seeds
    .filter((s) => {
      const words = analyze(s.text).map((t) => t.normalized);
      return words.some((_, i) => phrase.every((w, j) => words[i + j] === w));
    })
    .map((s) => s.id);
  assert.ok(expected.length > 0 && expected.length < seeds.length, "the phrase separates the seeds");
  const res = index.search(`"${phrase.join(" ")}"`, { limit: 1000 });
  assert.deepEqual(sorted(ids(res)), expected);
});

test("stats describe the embedded index", () => {
  const { stats } = index;
  assert.equal(typeof stats, "object");
  assert.equal(stats.documents, seeds.length);
  assert.ok(Number.isInteger(stats.terms) && stats.terms > 0, `terms ${stats.terms}`);
  assert.ok(Number.isInteger(stats.indexBytes) && stats.indexBytes > 0, `indexBytes ${stats.indexBytes}`);
});

test("document() returns a known document and undefined for an unknown id", () => {
  for (const seed of seeds) {
    const doc = index.document(seed.id);
    assert.equal(doc.id, seed.id);
    assert.equal(typeof doc.title, "string");
    assert.ok(doc.title.length > 0);
    assert.equal(typeof doc.text, "string");
    assert.ok(doc.text.length > 0);
    const hit = index.search("بوتين", { limit: 1000 }).hits.find((h) => h.id === seed.id);
    assert.equal(doc.title, hit.title, "document() and search() agree on the title");
  }
  assert.equal(index.document("no_such_document"), undefined);
  assert.equal(index.document(""), undefined);
});

test("suggest() completes a prefix with words as written in the corpus", () => {
  const corpus = seeds.map((s) => s.text).join("\n");
  const words = index.suggest("استرا", 5);
  assert.ok(Array.isArray(words));
  assert.ok(words.length > 0 && words.length <= 5, `${words.length} suggestions`);
  for (const w of words) {
    assert.equal(typeof w, "string");
    assert.ok(corpus.includes(w), `"${w}" is not written in the corpus`);
    assert.ok(analyze(w).some((t) => t.normalized.includes("استرا")), `"${w}" does not complete استرا`);
  }
  assert.ok(index.suggest("استرا", 1).length <= 1);
});

test("snippets: false gives the same hits with empty snippet and titleSegments", () => {
  for (const q of ["بوتين", "روسيا والصين", '"شي جين بينج"', "الكر"]) {
    const full = index.search(q, { limit: 1000 });
    const lean = index.search(q, { limit: 1000, snippets: false });
    assert.equal(lean.total, full.total, q);
    assert.deepEqual(lean.hits.map((h) => [h.id, h.score]), full.hits.map((h) => [h.id, h.score]), q);
    assert.ok(full.hits.some((h) => h.snippet.length > 0), q);
    for (const h of lean.hits) {
      assert.deepEqual(h.snippet, [], q);
      assert.deepEqual(h.titleSegments, [], q);
    }
  }
  assert.throws(() => index.search("بوتين", { snippets: "no" }), /snippets/);
});
