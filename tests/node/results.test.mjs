// Search results cross from the module into JS through two buffers that npm/results.js turns into
// plain objects (src/wasm/results.rs). These tests check that what arrives is exactly the
// documented SearchResults (docs/api.md) for content that is easy to get wrong on the way: empty
// strings, characters outside the BMP, U+FEFF (which a UTF-8/16 decoder may eat as a byte order
// mark) and U+FFFD, numbers and booleans and lists in fields, facet values that look like array
// indexes, hits without snippets, pages of 1,000 hits. The oracle for ids, titles, dates, urls and
// fields is `document(id)`, which crosses by another path (serde), and the corpus itself.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { pkgDir, SearchIndex } from "./fahras.mjs";
import { initSync, IndexBuilder } from "../../pkg/fahras_indexer.js";

initSync({ module: readFileSync(new URL("fahras_indexer_bg.wasm", pkgDir)) });

// Every document says كتاب, so one query finds them all.
const tricky = [
  { id: "emoji-😀", title: "عنوان 😀 𝕏", text: "كتاب فيه 😀 و 𝒜𝒷𝒸 وأحرف 𐎀 خارج المستوى الأساسي", tags: ["😀", "𝕏 y"], year: "2024" },
  { id: "bom", title: "\uFEFFكتاب يبدأ بعلامة ترتيب البايتات", text: "\uFEFFكتاب \uFEFF في وسطه", year: "7" },
  { id: "replacement", title: "بديل \uFFFD هنا", text: "كتاب \uFFFD\uFFFD فيه محرف البديل", note: "\uFFFD", year: "01" },
  { id: "empty-strings", title: "كتاب بلا شيء", text: "كتاب", note: "", tags: [""], year: "0" },
  { id: "numbers", title: "أرقام", text: "كتاب الأرقام", views: 0, ratio: 0.1, big: 1e21, negative: -42.5, flag: false, other: true, year: "4294967295" },
  { id: "url-date", title: "رابط", text: "كتاب له رابط وتاريخ", url: "https://example.com/😀?q=كتاب&x=1", date: "2024-02-29T10:20:30Z", year: "2024" },
  { id: "combining", title: "كِتَابٌ مُشَكَّل", text: "الكِتَابُ الْمُبِين \u200f\u200e\u0000 نهاية", year: "-1" },
  { id: "12", title: "12", text: "كتاب رقمه 12", year: "1.5" },
];

function build(docs) {
  const builder = new IndexBuilder();
  for (const doc of docs) builder.add(doc);
  return SearchIndex.fromBytes(builder.finish());
}

const index = build(tricky);
const HIT_KEYS = ["id", "title", "score", "snippet", "titleSegments", "date", "url", "fields"];

/** Checks one hit against the stored document, which crosses through serde, not the buffers. */
function assertHitIsTheDocument(hit, { snippets = true } = {}) {
  const doc = index.document(hit.id);
  assert.ok(doc, `${hit.id} is a stored document`);
  // Exactly the documented keys, in the documented order, optional ones only when present.
  const expectedKeys = HIT_KEYS.filter((k) => ["id", "title", "score", "snippet", "titleSegments"].includes(k) || doc[k] !== undefined);
  assert.deepEqual(Object.keys(hit), expectedKeys, `${hit.id}: keys`);
  assert.equal(hit.id, doc.id);
  assert.equal(hit.title, doc.title);
  if (doc.date !== undefined) assert.equal(hit.date, doc.date);
  if (doc.url !== undefined) assert.equal(hit.url, doc.url);
  if (doc.fields !== undefined) {
    assert.deepEqual(hit.fields, doc.fields, `${hit.id}: fields`);
    assert.deepEqual(Object.keys(hit.fields), Object.keys(doc.fields), `${hit.id}: field order`);
  }
  assert.equal(typeof hit.score, "number");
  assert.ok(hit.score > 0);
  for (const segments of [hit.snippet, hit.titleSegments]) {
    assert.ok(Array.isArray(segments));
    for (const segment of segments) {
      assert.deepEqual(Object.keys(segment), ["text", "hit"]);
      assert.equal(typeof segment.text, "string");
      assert.equal(typeof segment.hit, "boolean");
    }
  }
  if (snippets) {
    assert.equal(hit.titleSegments.map((s) => s.text).join(""), hit.title, `${hit.id}: title segments join to the title`);
    const excerpt = hit.snippet.map((s) => s.text).join("");
    assert.ok(excerpt.length > 0 && doc.text.includes(excerpt), `${hit.id}: snippet ${JSON.stringify(excerpt)} is in the text`);
  } else {
    assert.deepEqual(hit.snippet, []);
    assert.deepEqual(hit.titleSegments, []);
  }
}

test("every string, number, boolean and list arrives as the document stores it", () => {
  const res = index.search("كتاب", { limit: 100 });
  assert.deepEqual(Object.keys(res), ["total", "hits"]);
  assert.equal(res.total, tricky.length);
  assert.deepEqual(res.hits.map((h) => h.id).sort(), tricky.map((d) => String(d.id)).sort());
  for (const hit of res.hits) assertHitIsTheDocument(hit);
  const byId = Object.fromEntries(res.hits.map((h) => [h.id, h]));
  // The corpus's own values, where the stored document could share a mistake with the hit.
  assert.equal(byId["emoji-😀"].title, "عنوان 😀 𝕏");
  assert.deepEqual(byId["emoji-😀"].fields.tags, ["😀", "𝕏 y"]);
  assert.equal(byId.bom.title.codePointAt(0), 0xfeff, "a leading U+FEFF is text, not a byte order mark");
  assert.equal(byId.replacement.fields.note, "\uFFFD");
  assert.ok(byId.replacement.title.includes("\uFFFD"));
  assert.equal(byId["empty-strings"].fields.note, "");
  assert.deepEqual(byId["empty-strings"].fields.tags, [""]);
  assert.deepEqual(
    { views: byId.numbers.fields.views, ratio: byId.numbers.fields.ratio, big: byId.numbers.fields.big, negative: byId.numbers.fields.negative, flag: byId.numbers.fields.flag, other: byId.numbers.fields.other },
    { views: 0, ratio: 0.1, big: 1e21, negative: -42.5, flag: false, other: true },
  );
  assert.equal(byId["url-date"].url, "https://example.com/😀?q=كتاب&x=1");
  assert.ok(byId["url-date"].date.startsWith("2024-02-29"));
});

test("matched words are marked in snippets and titles across characters outside the BMP", () => {
  const res = index.search("😀 كتاب", { limit: 100 });
  for (const hit of res.hits) assertHitIsTheDocument(hit);
  const marked = res.hits.flatMap((h) => [...h.snippet, ...h.titleSegments]).filter((s) => s.hit);
  assert.ok(marked.length > 0);
  for (const segment of marked) assert.ok(segment.text.length > 0, "a matched word is not empty");
});

test("hits without snippets have empty snippet and titleSegments and everything else", () => {
  const res = index.search("كتاب", { limit: 100, snippets: false });
  assert.equal(res.hits.length, tricky.length);
  for (const hit of res.hits) assertHitIsTheDocument(hit, { snippets: false });
  const withSnippets = index.search("كتاب", { limit: 100 });
  const strip = (r) => r.hits.map(({ snippet, titleSegments, ...rest }) => rest);
  assert.deepEqual(strip(res), strip(withSnippets), "only the snippets differ");
});

test("facet values that look like array indexes are keys as any assignment makes them", () => {
  const res = index.search("كتاب", { facets: ["year", "tags"], limit: 1 });
  assert.deepEqual(Object.keys(res), ["total", "hits", "facets"]);
  assert.deepEqual(Object.keys(res.facets), ["year", "tags"]);
  const counted = (field) => {
    const counts = new Map();
    // An empty value is no value: it is stored, but counts for no facet.
    for (const d of tricky) for (const v of [d[field]].flat()) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
    return counts;
  };
  for (const field of ["year", "tags"]) {
    const expected = counted(field);
    // Documented order: most documents first, ties in value order; an object built by assigning
    // the values in that order is what a plain object can hold (index-like keys come first).
    const ordered = [...expected].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const assigned = {};
    for (const [value, n] of ordered) assigned[value] = n;
    assert.deepEqual(res.facets[field], assigned, field);
    assert.deepEqual(Object.keys(res.facets[field]), Object.keys(assigned), `${field}: key order`);
  }
  assert.equal(res.facets.year["4294967295"], 1, "not an array index (2³² − 1), still a key");
});

test("a suggestion arrives with the hits", () => {
  const res = index.search("كتاغ", { fuzzy: true });
  assert.ok(res.total > 0);
  assert.equal(typeof res.suggestion, "string");
  assert.deepEqual(Object.keys(res).slice(0, 2), ["total", "hits"]);
});

test("empty results are { total: 0, hits: [] }", () => {
  for (const query of ["", "   ", "لاشيءيطابقهذا", '""']) {
    const res = index.search(query);
    assert.deepEqual(res, { total: 0, hits: [] }, JSON.stringify(query));
  }
});

test("a page of 1,000 hits carries every document once, each as stored", () => {
  const docs = Array.from({ length: 1200 }, (_, i) => ({
    id: `doc-${i}-😀`,
    title: i % 3 === 0 ? `كتاب ${i}` : `عنوان ${"𝕏".repeat(i % 5)} ${i}`,
    text: `كتاب رقم ${i} ${"كلمة ".repeat(i % 7)}`,
    ...(i % 2 ? { n: i, tags: [`t${i % 4}`, "😀"] } : { flag: i % 4 === 0 }),
  }));
  const many = build(docs);
  for (const snippets of [true, false]) {
    const res = many.search("كتاب", { limit: 1000, snippets });
    assert.equal(res.total, docs.length);
    assert.equal(res.hits.length, 1000);
    assert.equal(new Set(res.hits.map((h) => h.id)).size, 1000);
    for (const hit of res.hits) {
      const doc = many.document(hit.id);
      assert.equal(hit.title, doc.title);
      assert.deepEqual(hit.fields, doc.fields);
      if (snippets) assert.equal(hit.titleSegments.map((s) => s.text).join(""), hit.title);
      else assert.equal(hit.snippet.length + hit.titleSegments.length, 0);
    }
  }
});

test("a search after a thrown error works: errors in the arguments or while the objects are built", () => {
  const expected = index.search("كتاب", { limit: 100 });
  assert.throws(() => index.search("كتاب", { limit: 0 }), /limit/);
  assert.throws(() => index.search(42), TypeError);
  assert.deepEqual(index.search("كتاب", { limit: 100 }), expected);
  // A setter on Object.prototype makes the building of a hit throw half-way, inside JS called by
  // the module: the error reaches the caller, and the module is not left in a broken state.
  Object.defineProperty(Object.prototype, "url", {
    configurable: true,
    set() {
      throw new Error("a url setter on Object.prototype");
    },
  });
  try {
    assert.throws(() => index.search("كتاب", { limit: 100 }), /a url setter on Object\.prototype/);
  } finally {
    delete Object.prototype.url;
  }
  assert.deepEqual(index.search("كتاب", { limit: 100 }), expected);
  assert.deepEqual(index.search("كتاب", { limit: 100, snippets: false }).total, expected.total);
});
