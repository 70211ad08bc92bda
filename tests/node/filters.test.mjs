// Filters, facets, sorting and browsing (docs/api.md, "Filters, facets and sorting"): a JSONL corpus
// with a section, a list of tags, a date, a number and a flag is built with `npx fahras build`,
// opened with the page's module as a user does, and every line of the API is checked against what
// the corpus itself says (each expectation is computed from the documents, not typed in). Then the
// CLI's flags, and the Quran with a `surah` field (filter by surah, facet by surah).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { pkgDir, SearchIndex, normalize, ids } from "./fahras.mjs";

const cli = fileURLToPath(new URL("cli.mjs", pkgDir));
const fahras = (...args) => spawnSync(process.execPath, [cli, ...args], { encoding: "utf8" });
const dir = mkdtempSync(join(tmpdir(), "fahras-filters-"));
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));

// Every article says خبر; the economy ones also say النفط. One section is spelt with ه, one
// article has no section, tags or views, and one date has a time.
const docs = [
  { id: "a01", section: "ثقافة", tags: ["كتب", "شعر"], date: "2024-01-10", views: 1500, featured: true, text: "خبر عن معرض الكتاب" },
  { id: "a02", section: "ثقافه", tags: ["شعر"], date: "2024-02-20", views: 300, featured: false, text: "خبر عن أمسية شعرية" },
  { id: "a03", section: "اقتصاد", tags: ["نفط"], date: "2024-03-31T10:00:00Z", views: 5000, featured: false, text: "خبر عن أسعار النفط" },
  { id: "a04", section: "اقتصاد", tags: ["كتب", "نفط"], date: "2024-04-01", views: 1000, featured: true, text: "خبر عن كتاب في النفط" },
  { id: "a05", section: "رياضة", tags: ["كرة"], date: "2023-12-31", views: 0.5, featured: false, text: "خبر عن مباراة" },
  { id: "a06", section: "رياضة", tags: ["كرة", "شعر"], date: "2024-03-01", views: 42, featured: true, text: "خبر عن شاعر الملاعب" },
  { id: "a07", date: "2024-05-05", text: "خبر بلا قسم" },
  { id: "a08", section: "اقتصاد", tags: [], date: "2024-01-31", views: 777, featured: false, text: "خبر عن النفط والغاز" },
];
const corpus = join(dir, "news.jsonl");
writeFileSync(corpus, docs.map((d) => JSON.stringify({ title: `مقال ${d.id}`, ...d })).join("\n") + "\n");
const indexFile = join(dir, "news.fhr");
const built = fahras("build", corpus, "-o", indexFile);
assert.equal(built.status, 0, built.stderr);
const index = SearchIndex.fromBytes(readFileSync(indexFile));

const same = (a, b) => normalize(String(a).trim()) === normalize(String(b).trim());
const has = (d, field, v) => (Array.isArray(d[field]) ? d[field].some((x) => same(x, v)) : d[field] !== undefined && same(d[field], v));
const inRange = (x, from, to) => x !== undefined && (from === undefined || x >= from) && (to === undefined || String(x).slice(0, String(to).length) <= to);
const byId = (a, b) => (a.id < b.id ? -1 : 1);
const matching = (query) => docs.filter((d) => query === "" || (query === "النفط" ? d.text.includes("النفط") : true));
const all = { limit: 1000 };

// [name, filters, which documents pass]
const filterCases = [
  ["a value matches after normalisation (ثقافه = ثقافة)", { section: "ثقافه" }, (d) => has(d, "section", "ثقافة")],
  ["an array is any of its values", { section: ["رياضة", " اقتصاد "] }, (d) => has(d, "section", "رياضة") || has(d, "section", "اقتصاد")],
  ["a list field contains the value", { tags: "كتب" }, (d) => has(d, "tags", "كتب")],
  ["any", { tags: { any: ["كتب", "كرة"] } }, (d) => has(d, "tags", "كتب") || has(d, "tags", "كرة")],
  ["all", { tags: { all: ["كتب", "نفط"] } }, (d) => has(d, "tags", "كتب") && has(d, "tags", "نفط")],
  ["none (a document without the field passes)", { tags: { none: ["شعر", "كرة"] } }, (d) => !has(d, "tags", "شعر") && !has(d, "tags", "كرة")],
  ["any and none together", { tags: { any: ["شعر"], none: ["كرة"] } }, (d) => has(d, "tags", "شعر") && !has(d, "tags", "كرة")],
  ["a date range is inclusive, a day's end included", { date: { from: "2024-01-10", to: "2024-03-31" } }, (d) => inRange(d.date, "2024-01-10", "2024-03-31")],
  ["a date range open at the end", { date: { from: "2024-03" } }, (d) => d.date >= "2024-03"],
  ["a date range to a month", { date: { to: "2024-01" } }, (d) => inRange(d.date, undefined, "2024-01")],
  ["a Date object as a bound", { date: { from: new Date("2024-03-01T00:00:00Z") } }, (d) => d.date >= "2024-03-01T00:00:00"],
  ["a date value matches the dates it starts", { date: "2024-03" }, (d) => d.date.startsWith("2024-03")],
  ["a number range", { views: { from: 300, to: 1500 } }, (d) => d.views >= 300 && d.views <= 1500],
  ["a number range open at the start", { views: { to: 1 } }, (d) => d.views <= 1],
  ["a number value", { views: 777 }, (d) => d.views === 777],
  ["a boolean", { featured: true }, (d) => d.featured === true],
  ["several fields: all must hold", { section: "اقتصاد", featured: false, views: { from: 1000 } }, (d) => has(d, "section", "اقتصاد") && d.featured === false && d.views >= 1000],
  ["a field no document has matches nothing", { colour: "أحمر" }, () => false],
  ["a value no document has matches nothing", { section: "سياسة" }, () => false],
  // (so no filter at all: an empty query with them browses nothing, as without filters)
  ["null and undefined ask nothing", { section: null, tags: undefined }, (d, query) => query !== ""],
];

test("filters keep exactly the documents that pass, in searches and when browsing", () => {
  for (const [name, filters, passes] of filterCases) {
    for (const query of ["خبر", "النفط", ""]) {
      const want = matching(query).filter((d) => passes(d, query)).map((d) => d.id).sort();
      const res = index.search(query, { ...all, filters });
      assert.deepEqual(ids(res).sort(), want, `${name}, query ${JSON.stringify(query)}`);
      assert.equal(res.total, want.length, `${name}: total`);
    }
  }
});

test("facets count every match, not only the page, each after the other fields' filters", () => {
  const count = (list, field) => {
    const counts = {};
    for (const d of list) for (const v of [d[field]].flat()) if (v !== undefined) counts[v] = (counts[v] ?? 0) + 1;
    return counts;
  };
  // The shown spelling of a section is the one most documents use.
  const shown = (counts) => {
    const out = {};
    for (const [k, n] of Object.entries(counts)) out[k === "ثقافه" ? "ثقافة" : k] = (out[k === "ثقافه" ? "ثقافة" : k] ?? 0) + n;
    return out;
  };
  const cases = [
    [{}, () => true, () => true],
    [{ section: "ثقافة" }, (d) => has(d, "section", "ثقافة"), () => true],
    [{ section: "اقتصاد", tags: "نفط" }, (d) => has(d, "section", "اقتصاد"), (d) => has(d, "tags", "نفط")],
  ];
  for (const query of ["خبر", "النفط"]) {
    for (const [filters, sectionPasses, tagsPasses] of cases) {
      const res = index.search(query, { limit: 1, filters, facets: ["section", "tags", "views", "colour"] });
      assert.ok(res.hits.length <= 1);
      const matches = matching(query);
      assert.deepEqual(res.facets.section, shown(count(matches.filter(tagsPasses), "section")), `section facet, ${JSON.stringify(filters)}`);
      assert.deepEqual(res.facets.tags, count(matches.filter(sectionPasses), "tags"), `tags facet, ${JSON.stringify(filters)}`);
      assert.deepEqual(res.facets.views, count(matches.filter((d) => sectionPasses(d) && tagsPasses(d)), "views"));
      assert.deepEqual(res.facets.colour, {}, "a field the index lacks has no values");
    }
  }
  assert.equal("facets" in index.search("خبر"), false, "no facets asked, none given");
});

test("sorting orders by the field both ways, documents lacking it last, ties by id when browsing", () => {
  for (const field of ["date", "views", "section"]) {
    for (const order of ["asc", "desc"]) {
      const key = (d) => (field === "section" ? normalize(d[field] ?? "") : d[field]);
      const present = docs.filter((d) => d[field] !== undefined);
      const sorted = [...present].sort((a, b) => (key(a) === key(b) ? byId(a, b) : (key(a) < key(b)) === (order === "asc") ? -1 : 1));
      const want = [...sorted, ...docs.filter((d) => d[field] === undefined).sort(byId)].map((d) => d.id);
      const res = index.search("", { ...all, sort: { [field]: order } });
      assert.deepEqual(ids(res), want, `browse by ${field} ${order}`);
      // Paging a sorted list gives its slices; a page needs no full sort.
      assert.deepEqual(ids(index.search("", { limit: 3, offset: 2, sort: { [field]: order } })), want.slice(2, 5));
      // With a query: the same order among the matches.
      const hits = index.search("خبر", { ...all, sort: { [field]: order } }).hits;
      assert.deepEqual(hits.map((h) => key(docs.find((d) => d.id === h.id))), want.map((id) => key(docs.find((d) => d.id === id))));
    }
  }
});

test("an empty query browses with filters, a sort or facets, and finds nothing without them", () => {
  const res = index.search("", { filters: { featured: true }, limit: 2, facets: ["section"] });
  const want = docs.filter((d) => d.featured === true).map((d) => d.id).sort();
  assert.equal(res.total, want.length);
  assert.deepEqual(ids(res), want.slice(0, 2), "id order");
  assert.deepEqual(ids(index.search("", { filters: { featured: true }, offset: 2 })), want.slice(2));
  assert.equal(Object.values(res.facets.section).reduce((a, b) => a + b, 0), want.length);
  // Facets alone: the whole corpus, counted.
  const counted = index.search("", { facets: ["section", "tags"], limit: 3 });
  assert.equal(counted.total, docs.length);
  assert.deepEqual(ids(counted), docs.map((d) => d.id).sort().slice(0, 3), "id order");
  // (The two spellings of ثقافة count as one, shown as the one most documents use.)
  const spelt = (v) => (v === "ثقافه" ? "ثقافة" : v);
  for (const field of ["section", "tags"]) {
    const want = {};
    for (const d of docs) for (const v of [d[field] ?? []].flat()) want[spelt(v)] = (want[spelt(v)] ?? 0) + 1;
    assert.deepEqual(counted.facets[field], want, `${field}: the whole corpus's counts`);
  }
  for (const options of [undefined, {}, { limit: 5 }, { snippets: false }]) {
    assert.deepEqual(index.search("", options), { total: 0, hits: [] }, JSON.stringify(options));
    assert.deepEqual(index.search("  ", options), { total: 0, hits: [] });
  }
});

test("hits and documents carry their fields with their JSON types, and stats name the fields", () => {
  const hit = index.search("", { filters: { views: 1500 } }).hits[0];
  assert.deepEqual(hit.fields, { featured: true, section: "ثقافة", tags: ["كتب", "شعر"], views: 1500 });
  assert.equal(hit.date, "2024-01-10");
  assert.deepEqual(index.document("a05").fields, { featured: false, section: "رياضة", tags: ["كرة"], views: 0.5 });
  assert.deepEqual(index.stats.fields, {
    date: { type: "date", values: 8 },
    featured: { type: "boolean", values: 2 },
    section: { type: "string", values: 3 },
    tags: { type: "string[]", values: 4 },
    views: { type: "number", values: 7 },
  });
  assert.equal(index.search("", { filters: { views: 0.5 }, facets: ["views"] }).facets.views["0.5"], 1);
});

test("unknown option names and wrong values throw an Error that names them", () => {
  const cases = [
    [{ limt: 3 }, /^search: unknown option "limt" \(did you mean "limit"\?\); the options are limit, offset, prefix, fuzzy, snippets, filters, facets, sort$/],
    [{ filter: { section: "ثقافة" } }, /unknown option "filter" \(did you mean "filters"\?\)/],
    [{ filtres: { section: "ثقافة" } }, /unknown option "filtres" \(did you mean "filters"\?\)/],
    [{ colour: 1 }, /^search: unknown option "colour"; the options are/],
    [{ sort: { date: "up" } }, /^search: sort\.date must be "asc" or "desc"; got "up"$/],
    [{ sort: { date: "asc", views: "desc" } }, /^search: sort must be an object with one field, such as \{ date: "desc" \}; got an object$/],
    [{ sort: "date" }, /sort must be an object with one field/],
    [{ filters: { date: { from: true } } }, /^search: filters\.date\.from must be a date or number; got a boolean$/],
    [{ filters: { date: { to: "yesterday" } } }, /^search: filters\.date\.to must be a date or number; got "yesterday"$/],
    [{ filters: { views: { from: "many" } } }, /filters\.views\.from must be a date or number/],
    [{ filters: { date: { from: new Date(NaN) } } }, /filters\.date\.from must be a date or number/],
    [{ filters: { tags: { anyy: ["شعر"] } } }, /^search: filters\.tags\.anyy is not a condition \(did you mean "any"\?\); the conditions are any, all, none, from and to$/],
    [{ filters: { tags: { any: ["شعر", {}] } } }, /^search: filters\.tags\.any\[1\] must be a string, number or boolean; got an object$/],
    [{ filters: { tags: () => 1 } }, /filters\.tags must be a string, number or boolean; got a function/],
    [{ filters: ["section"] }, /^search: filters must be an object such as/],
    [{ facets: "section" }, /^search: facets must be an array of field names/],
    [{ facets: ["section", 3] }, /^search: facets\[1\] must be a field name \(a string\); got a number$/],
    [{ snippets: "no" }, /invalid option `snippets`: must be true or false/],
  ];
  for (const [options, message] of cases) {
    assert.throws(() => index.search("خبر", options), (e) => e instanceof Error && message.test(e.message), JSON.stringify(options));
  }
  // Known options with undefined values are as if absent.
  assert.equal(index.search("خبر", { filters: undefined, sort: undefined, facets: undefined }).total, docs.length);
  assert.equal(index.search("خبر", { snippets: false }).hits[0].snippet.length, 0);
});

/** The CLI's output: the head line, then one hit per line. */
function cliSearch(...args) {
  const run = fahras("search", ...args);
  assert.equal(run.status, 0, run.stderr);
  const [head, ...hits] = run.stdout.trim().split("\n").map((l) => JSON.parse(l));
  return { head, hits };
}

test("the CLI filters, counts facets and sorts with --filter, --facets and --sort", () => {
  const { head, hits } = cliSearch(indexFile, "خبر", "--filter", "section=ثقافة", "--facets", "section,tags", "--sort", "date:desc");
  const api = index.search("خبر", { filters: { section: "ثقافة" }, facets: ["section", "tags"], sort: { date: "desc" } });
  assert.deepEqual(head, { total: api.total, facets: api.facets });
  assert.deepEqual(hits.map((h) => h.id), ids(api));
  const cases = [
    [["--filter", "date=2024-01-01..2024-03-31"], { date: { from: "2024-01-01", to: "2024-03-31" } }],
    [["--filter", "views=1000.."], { views: { from: 1000 } }],
    [["--filter", "views=..300"], { views: { to: 300 } }],
    [["--filter", "tags=كتب", "--filter", "tags=نفط"], { tags: { all: ["كتب", "نفط"] } }],
    [["--filter", "tags=كتب,كرة"], { tags: { any: ["كتب", "كرة"] } }],
    [["--filter", "tags!=شعر", "--filter=featured=true"], { tags: { none: ["شعر"] }, featured: "true" }],
    [["--filter", "views=777"], { views: 777 }],
  ];
  for (const [flags, filters] of cases) {
    const { head, hits } = cliSearch(indexFile, "", ...flags, "--sort", "views", "--limit", "100");
    const api = index.search("", { filters, sort: { views: "asc" }, limit: 100 });
    assert.equal(head.total, api.total, flags.join(" "));
    assert.deepEqual(hits.map((h) => h.id), ids(api), flags.join(" "));
  }
  const wrong = fahras("search", indexFile, "خبر", "--sort", "date:sideways");
  assert.equal(wrong.status, 2);
  assert.match(wrong.stderr, /--sort takes <field>, <field>:asc or <field>:desc, not date:sideways/);
  const bad = fahras("search", indexFile, "خبر", "--filter", "=x");
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--filter takes <field>=<value>/);
  assert.match(fahras("search", "-h").stdout, /--filter f=a\.\.b/);
});

test("the Quran by surah: a surah filter gives its verses, the surah facet adds up", () => {
  const require = createRequire(import.meta.url);
  const suras = JSON.parse(readFileSync(require.resolve("quran-json/dist/quran.json"), "utf8"));
  const verses = suras.flatMap((s) => s.verses.map((v) => ({ id: `${s.id}:${v.id}`, title: `${s.name} ${v.id}`, text: v.text, surah: s.id, ayah: v.id })));
  assert.equal(verses.length, 6236);
  const file = join(dir, "quran.jsonl");
  writeFileSync(file, verses.map((v) => JSON.stringify(v)).join("\n") + "\n");
  const out = join(dir, "quran.fhr");
  const run = fahras("build", file, "-o", out);
  assert.equal(run.status, 0, run.stderr);
  const quran = SearchIndex.fromBytes(readFileSync(out));
  assert.deepEqual(quran.stats.fields.surah, { type: "number", values: 114 });

  // Browsing a surah: all its verses, in verse order by sort.
  const fatiha = quran.search("", { filters: { surah: 1 }, sort: { ayah: "asc" } });
  assert.equal(fatiha.total, 7);
  assert.deepEqual(ids(fatiha), ["1:1", "1:2", "1:3", "1:4", "1:5", "1:6", "1:7"]);
  const last = quran.search("", { filters: { surah: { from: 112 } }, limit: 100 });
  assert.equal(last.total, verses.filter((v) => v.surah >= 112).length);

  // A word across the Quran: the surah counts add up to the total, and each is what filtering
  // by that surah finds.
  const res = quran.search("الرحمن", { facets: ["surah"], limit: 1 });
  const counts = Object.entries(res.facets.surah);
  assert.ok(counts.length > 10, `${counts.length} surahs`);
  assert.equal(counts.reduce((a, [, n]) => a + n, 0), res.total);
  for (const [surah, n] of counts.slice(0, 12)) {
    const only = quran.search("الرحمن", { filters: { surah: Number(surah) }, limit: 1000 });
    assert.equal(only.total, n, `surah ${surah}`);
    assert.ok(only.hits.every((h) => h.fields.surah === Number(surah) && h.id.startsWith(`${surah}:`)));
  }
  // Choosing a surah keeps the other surahs' counts.
  const chosen = quran.search("الرحمن", { facets: ["surah"], filters: { surah: 55 }, limit: 1 });
  assert.deepEqual(chosen.facets, res.facets);
  assert.equal(chosen.total, res.facets.surah["55"]);
});
