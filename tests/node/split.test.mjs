// A split index (`fahras build --split`) served over HTTP and opened with SearchIndex.open must
// answer exactly like the single index file of the same corpus (SearchIndex.fromBytes): every
// total, hit (id, score, snippet, title segments, fields), suggestion, facet count, stored
// document and text range, over whole query sets drawn from the seeds, the Quran, a generated
// corpus and the news sample with its metadata. Every fault a static host can produce — a 404, a
// truncated or changed piece, a piece of another build under the right name, an entry of one
// build over the pieces of another, a connection that drops — rejects with an Error naming the
// file, and the same call succeeds once the host is healed.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync, existsSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { SearchIndex, analyze, pkgDir, seeds } from "./fahras.mjs";
import { QUERIES } from "../../bench/queries.mjs";

const cli = fileURLToPath(new URL("cli.mjs", pkgDir));
const seedsDir = fileURLToPath(new URL("../../seeds/", import.meta.url));
const newsFile = fileURLToPath(new URL("../data/news.jsonl", import.meta.url));
const fahras = (...args) => spawnSync(process.execPath, [cli, ...args], { encoding: "utf8" });
const ENTRY = "fahras-entry.bin";

let dir;
before(() => {
  dir = mkdtempSync(join(tmpdir(), "fahras-split-"));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Build `corpus` both ways with the CLI: { single: SearchIndex, folder, files: Map name → bytes }. */
function buildBoth(corpus, name) {
  const file = join(dir, `${name}.fhr`);
  const folder = join(dir, `${name}-split`);
  const one = fahras("build", corpus, "-o", file);
  assert.equal(one.status, 0, one.stderr);
  const split = fahras("build", corpus, "--split", "-o", folder);
  assert.equal(split.status, 0, split.stderr);
  assert.match(split.stdout, /in fahras-entry\.bin and [\d,]+ pieces?/);
  return { single: SearchIndex.fromBytes(readFileSync(file)), file, folder, files: readFolder(folder) };
}

function readFolder(folder) {
  return new Map(readdirSync(folder).map((name) => [name, readFileSync(join(folder, name))]));
}

/** An HTTP server over `files` (name → bytes, replaceable), counting requests per name. `fault`
 *  (name, bytes, res) may answer instead: return true when it did. */
async function serve(files) {
  const host = { files, requests: new Map(), fault: null };
  const server = createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url, "http://x").pathname.replace(/^\/s\//, ""));
    host.requests.set(name, (host.requests.get(name) ?? 0) + 1);
    const bytes = host.files.get(name);
    if (host.fault?.(name, bytes, res)) return;
    if (!bytes) {
      res.writeHead(404, { "content-type": "text/plain" });
      return res.end("not found");
    }
    res.writeHead(200, { "content-type": "application/octet-stream", "content-length": bytes.length });
    res.end(bytes);
  });
  const sockets = new Set();
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  host.url = `http://127.0.0.1:${server.address().port}/s/`;
  host.close = () =>
    new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  host.pieceRequests = () => [...host.requests].filter(([name]) => name !== ENTRY);
  return host;
}

async function withServer(files, body) {
  const host = await serve(files);
  try {
    return await body(host);
  } finally {
    await host.close();
  }
}

// -- Query sets -----------------------------------------------------------------------------------

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Queries drawn from the corpus texts with the engine's analyser: words as written (clitics,
 *  diacritics), prefixes being typed, typos, two-word ANDs, phrases, exclusions, a finished word
 *  (trailing space), and words the corpus lacks. */
function queriesFrom(texts, count, seed) {
  const rand = random(seed);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const queries = new Set();
  for (let attempts = 0; queries.size < count && attempts < count * 20; attempts++) {
    const text = pick(texts);
    const at = Math.floor(rand() * Math.max(1, text.length - 400));
    const tokens = analyze(text.slice(at, at + 400)).filter((t) => !t.stopword);
    if (tokens.length < 3) continue;
    const i = Math.floor(rand() * (tokens.length - 2));
    const [a, b] = [tokens[i], tokens[i + 1]];
    const letters = Array.from(a.normalized);
    switch (Math.floor(rand() * 9)) {
      case 0: queries.add(a.text); break;
      case 1: queries.add(letters.slice(0, Math.max(1, Math.min(letters.length - 1, 3))).join("")); break;
      case 2:
        if (letters.length >= 5) {
          const j = 1 + Math.floor(rand() * (letters.length - 2));
          [letters[j], letters[j + 1]] = [letters[j + 1], letters[j]];
          queries.add(letters.join(""));
        }
        break;
      case 3: queries.add(`${a.text} ${b.text}`); break;
      case 4: queries.add(`"${a.text} ${b.text}"`); break;
      case 5: queries.add(`${a.text} -${b.text}`); break;
      case 6: queries.add(`${a.text} `); break;
      case 7: queries.add(`${letters.join("")}ززز`); break;
      default: queries.add(`${a.normalized} ${pick(tokens).text} ${pick(tokens).normalized.slice(0, 2)}`);
    }
  }
  return [...queries];
}

const OPTION_SETS = [{}, { limit: 30, offset: 3 }, { prefix: false, fuzzy: false, limit: 5 }];

/** Every query under every option set, the top hits' documents and text, and the prefixes'
 *  suggestions: the split index (one instance for the whole set, plus a fresh one per query for
 *  the first `fresh`) answers exactly as the single file. */
async function assertSameAnswers(single, url, queries, { fresh = 8, optionSets = OPTION_SETS } = {}) {
  const shared = await SearchIndex.open(url);
  const { documents, terms, fields } = single.stats;
  const stats = await shared.stats();
  assert.deepEqual({ documents: stats.documents, terms: stats.terms, fields: stats.fields }, { documents, terms, fields });
  for (const [n, q] of queries.entries()) {
    for (const options of optionSets) {
      const expected = single.search(q, options);
      const index = n < fresh && options === optionSets[0] ? await SearchIndex.open(url) : shared;
      assert.deepEqual(await index.search(q, options), expected, `search ${JSON.stringify(q)} ${JSON.stringify(options)}`);
    }
    const prefix = q.trim().split(/\s+/).pop() ?? "";
    assert.deepEqual(await shared.suggest(prefix, 8), single.suggest(prefix, 8), `suggest ${JSON.stringify(prefix)}`);
  }
  // Stored documents: the hits of a few queries, and an id that does not exist.
  const ids = new Set(queries.slice(0, 12).flatMap((q) => single.search(q, { limit: 3 }).hits.map((h) => h.id)));
  for (const id of ids) {
    const reader = await SearchIndex.open(url);
    assert.deepEqual(await reader.document(id), single.document(id), `document ${id}`);
    assert.deepEqual(await reader.document(id, { to: 0 }), single.document(id, { to: 0 }));
    assert.deepEqual(await reader.documentText(id, 5, 80), single.documentText(id, 5, 80));
    const sample = single.documentText(id, 10, 30)?.text ?? "";
    assert.equal(await reader.documentIndexOf(id, sample, 1), single.documentIndexOf(id, sample, 1));
  }
  assert.equal(await shared.document("no such id"), single.document("no such id"));
  assert.equal(await shared.documentText("no such id"), undefined);
  return shared;
}

// -- Equality with the single file --------------------------------------------------------------------

test("the seeds split and served over HTTP answer every query exactly like the single file", async () => {
  const { single, files } = buildBoth(seedsDir, "seeds");
  assert.ok(files.has(ENTRY), "the folder has its entry file");
  const queries = [...QUERIES.seeds.map((x) => x.q), ...queriesFrom(seeds.map((s) => s.text), 60, 1), "", "   ", "!!!", "الصين -روسيا", "«شي جين»"];
  await withServer(files, async (host) => {
    const index = await assertSameAnswers(single, host.url, queries, { fresh: 20 });
    assert.deepEqual(index.pieceNames().sort(), [...files.keys()].filter((n) => n !== ENTRY).sort());
  });
});

test("the Quran split answers the benchmark's and generated queries like the single file, filters and facets included", async () => {
  const require = createRequire(import.meta.url);
  const suras = JSON.parse(readFileSync(require.resolve("quran-json/dist/quran.json"), "utf8"));
  const verses = suras.flatMap((s) => s.verses.map((v) => ({ id: `${s.id}:${v.id}`, title: `${s.name} ${v.id}`, text: v.text, surah: s.id, ayah: v.id })));
  const corpus = join(dir, "quran.jsonl");
  writeFileSync(corpus, verses.map((v) => JSON.stringify(v)).join("\n") + "\n");
  const { single, files } = buildBoth(corpus, "quran");
  assert.ok(files.size > 3, `${files.size} files`);
  const queries = [...QUERIES.quran.map((x) => x.q), ...queriesFrom(verses.map((v) => v.text), 80, 2)];
  await withServer(files, async (host) => {
    await assertSameAnswers(single, host.url, queries);
    const index = await SearchIndex.open(host.url);
    for (const options of [
      { facets: ["surah"], limit: 20 },
      { filters: { surah: { from: 100 } }, facets: ["surah"] },
      { sort: { ayah: "desc" }, limit: 15 },
      { filters: { surah: [2, 3] }, sort: { surah: "asc" }, offset: 10 },
    ]) {
      for (const q of ["الرحمن", "موسى", "", "الكت"]) {
        assert.deepEqual(await index.search(q, options), single.search(q, options), `${q} ${JSON.stringify(options)}`);
      }
    }
    // The first search of a fresh instance fetches a small part of the index.
    const fresh = await SearchIndex.open(host.url);
    const before = new Map(host.requests);
    await fresh.search("الرحمن");
    const fetched = [...host.requests].filter(([name, n]) => name !== ENTRY && n > (before.get(name) ?? 0)).map(([name]) => name);
    assert.ok(fetched.length < fresh.pieceNames().length, `${fetched.length} of ${fresh.pieceNames().length} pieces for one search`);
  });
});

test("a generated corpus and the news sample: filters, facets, sorting and browsing are the single file's", async () => {
  const rand = random(7);
  const stems = ["كتب", "درس", "علم", "عمل", "سفر", "بحر", "شمس", "قمر", "نهر", "جبل", "مدن", "سوق", "زرع", "حكم", "فكر", "صنع"];
  const clitics = ["", "و", "ال", "وال", "بال", "لل", "ف"];
  const suffixes = ["", "ة", "ات", "ون", "ين", "ها", "هم"];
  const word = () => `${clitics[Math.floor(rand() * clitics.length)]}${stems[Math.floor(rand() * stems.length)]}${suffixes[Math.floor(rand() * suffixes.length)]}${rand() < 0.3 ? stems[Math.floor(rand() * stems.length)] : ""}`;
  const sections = ["ثقافة", "اقتصاد", "رياضة", "علوم", "سياسة"];
  const docs = Array.from({ length: 2500 }, (_, i) => ({
    id: `g${i}`,
    title: Array.from({ length: 4 }, word).join(" "),
    text: Array.from({ length: 60 + Math.floor(rand() * 300) }, word).join(" "),
    section: sections[i % sections.length],
    tags: [stems[i % 7], stems[(i * 3) % 11]],
    date: `20${10 + (i % 14)}-0${1 + (i % 9)}-1${i % 10}`,
    views: Math.floor(rand() * 10000),
  }));
  const corpus = join(dir, "generated.jsonl");
  writeFileSync(corpus, docs.map((d) => JSON.stringify(d)).join("\n") + "\n");
  const generated = buildBoth(corpus, "generated");
  const news = buildBoth(newsFile, "news");
  const newsDocs = readFileSync(newsFile, "utf8").trim().split("\n").map((l) => JSON.parse(l));
  const filtered = [
    { facets: ["section", "tags"] },
    { filters: { section: "ثقافة" }, facets: ["section", "tags"], limit: 20 },
    { filters: { tags: { any: ["كتب", "علم"] }, section: { none: ["رياضة"] } }, sort: { date: "desc" } },
    { filters: { date: { from: "2015-01-01", to: "2019-12-31" }, views: { from: 1000 } }, limit: 50 },
    { sort: { views: "asc" }, offset: 7, limit: 9 },
    { sort: { date: "asc" }, snippets: false, limit: 100 },
  ];
  await withServer(generated.files, async (host) => {
    await assertSameAnswers(generated.single, host.url, queriesFrom(docs.map((d) => d.text), 60, 3));
    const index = await SearchIndex.open(host.url);
    for (const options of filtered) {
      for (const q of ["", "الكتب", "علم", "وال", "سفر -بحر"]) {
        assert.deepEqual(await index.search(q, options), generated.single.search(q, options), `${q} ${JSON.stringify(options)}`);
      }
    }
  });
  await withServer(news.files, async (host) => {
    const newsFilters = [
      { facets: ["section", "tags"] },
      { filters: { section: "ثقافة" }, facets: ["section", "tags"] },
      { filters: { date: { from: "2024-01-01", to: "2024-03-31" } }, sort: { date: "desc" }, facets: ["section"] },
      { sort: { date: "asc" }, limit: 100 },
    ];
    await assertSameAnswers(news.single, host.url, queriesFrom(newsDocs.map((d) => d.text), 40, 4), { optionSets: [...OPTION_SETS, ...newsFilters] });
    const index = await SearchIndex.open(host.url);
    for (const options of newsFilters) assert.deepEqual(await index.search("", options), news.single.search("", options));
  });
});

test("open takes the folder with or without its slash, a URL, or the entry file's URL", async () => {
  const { single, folder, files } = buildBoth(seedsDir, "seeds-urls");
  await withServer(files, async (host) => {
    const expected = single.search("بوتين");
    for (const url of [host.url, host.url.slice(0, -1), new URL(host.url), `${host.url}${ENTRY}`, `${host.url}?v=2`]) {
      const index = await SearchIndex.open(url);
      assert.equal(index.url, host.url);
      assert.deepEqual(await index.search("بوتين"), expected, String(url));
    }
  });
  await assert.rejects(SearchIndex.open("search/"), /SearchIndex\.open: search\/ is not an absolute URL: outside a page/);
  await assert.rejects(SearchIndex.open(42), (e) => e instanceof TypeError && /expects the URL of a split index's folder.*got number/.test(e.message));
  // A fetch of one's own: here, files on disk.
  const index = await SearchIndex.open(`file://${folder}/`, {
    fetch: async (url) => {
      const path = fileURLToPath(url);
      return existsSync(path) ? new Response(readFileSync(path)) : new Response(null, { status: 404, statusText: "Not Found" });
    },
  });
  assert.deepEqual(await index.search("الصين"), single.search("الصين"));
});

test("concurrent searches on one instance fetch each piece once", async () => {
  const { single, files } = buildBoth(seedsDir, "seeds-concurrent");
  await withServer(files, async (host) => {
    const index = await SearchIndex.open(host.url);
    const queries = ["بوتين", "الصين", "موسكو", "بوتين", "الكرملين", "استرا", "الصين"];
    const results = await Promise.all(queries.map((q) => index.search(q)));
    results.forEach((res, i) => assert.deepEqual(res, single.search(queries[i])));
    for (const [name, n] of host.pieceRequests()) assert.equal(n, 1, `${name} fetched ${n} times`);
    // Later searches reuse what was fetched.
    const fetched = host.pieceRequests().length;
    assert.deepEqual(await index.search("بوتين"), single.search("بوتين"));
    assert.equal(host.pieceRequests().length, fetched);
    assert.equal(index.piecesFetched, fetched);
  });
});

test("fetchAll fetches every piece once, reports progress, and then no call needs the network", async () => {
  const { single, files } = buildBoth(seedsDir, "seeds-all");
  await withServer(files, async (host) => {
    const index = await SearchIndex.open(host.url);
    await index.search("بوتين");
    const progress = [];
    await index.fetchAll((fetched, total) => progress.push([fetched, total]));
    const total = index.pieceNames().length;
    assert.equal(progress.at(-1)[0], total);
    assert.ok(progress.every(([f, t], i) => t === total && (i === 0 || f === progress[i - 1][0] + 1)), JSON.stringify(progress));
    assert.equal(index.piecesFetched, total);
    for (const [name, n] of host.pieceRequests()) assert.equal(n, 1, name);
    host.fault = (name, bytes, res) => (res.destroy(), true); // the network is gone
    for (const q of ["الصين", "موسكو", "استرا", ""]) assert.deepEqual(await index.search(q), single.search(q));
    assert.deepEqual(await index.document(seeds[0].id), single.document(seeds[0].id));
  });
});

// -- Faults ----------------------------------------------------------------------------------------

/** The pieces a first search of `query` fetches (in the order asked). */
async function piecesOf(host, query) {
  host.requests.clear();
  const index = await SearchIndex.open(host.url);
  await index.search(query);
  await index.document((await index.search(query)).hits[0].id);
  return host.pieceRequests().map(([name]) => name);
}

test("every fault of a piece rejects with an Error naming it, and the search succeeds once healed", async () => {
  const { single, files } = buildBoth(seedsDir, "seeds-faults");
  const other = buildBoth(newsFile, "news-faults"); // another build, whose pieces have other bytes
  const query = "بوتين";
  const expected = single.search(query);
  await withServer(files, async (host) => {
    const pieces = await piecesOf(host, query);
    assert.ok(pieces.length >= 2, `a search fetches ${pieces.length} pieces`);
    const otherPieces = [...other.files.entries()].filter(([n]) => n !== ENTRY);
    const faults = {
      "HTTP 404": [(res) => (res.writeHead(404, { "content-type": "text/plain" }), res.end("gone")), /answered HTTP 404 Not Found: the folder is incomplete/],
      "HTTP 503": [(res) => (res.writeHead(503), res.end()), /answered HTTP 503/],
      "a truncated file": [(res, bytes) => (res.writeHead(200, { "content-length": bytes.length - 7 }), res.end(bytes.subarray(0, -7))), /./],
      "a connection that breaks off": [(res, bytes) => (res.writeHead(200, { "content-length": bytes.length }), res.write(bytes.subarray(0, 10)), setTimeout(() => res.destroy(), 5)), /broke off|cannot fetch/],
      "a flipped byte": [(res, bytes) => { const b = Buffer.from(bytes); b[b.length >> 1] ^= 0x20; res.writeHead(200, { "content-length": b.length }); res.end(b); }, /./],
      "an empty body": [(res) => (res.writeHead(200, { "content-length": 0 }), res.end()), /./],
      "a piece of another build": [(res, bytes, name) => { const [, b] = otherPieces.find(([n]) => n[0] === name[0]) ?? otherPieces[0]; res.writeHead(200, { "content-length": b.length }); res.end(b); }, /./],
      "another piece of this build": [(res, bytes, name) => { const b = files.get(pieces.find((n) => n !== name)); res.writeHead(200, { "content-length": b.length }); res.end(b); }, /./],
    };
    for (const piece of pieces) {
      for (const [fault, [answer, message]] of Object.entries(faults)) {
        host.fault = (name, bytes, res) => name === piece && (answer(res, bytes, name), true);
        const index = await SearchIndex.open(host.url);
        const call = async () => {
          const res = await index.search(query);
          await index.document(res.hits[0].id);
          return res;
        };
        await assert.rejects(call(), (e) => {
          assert.ok(e instanceof Error, `${fault} of ${piece}: an Error`);
          assert.match(e.message, /^SearchIndex\.open: /, `${fault} of ${piece}`);
          assert.ok(e.message.includes(`${host.url}${piece}`), `${fault} of ${piece}: the message names the piece's URL: ${e.message}`);
          assert.match(e.message, message, `${fault} of ${piece}`);
          return true;
        });
        host.fault = null;
        assert.deepEqual(await call(), expected, `${fault} of ${piece}: the retry after the host healed`);
      }
    }
  });
});

test("a faulty entry file, or an entry over the pieces of another build, rejects with an Error that says so", async () => {
  const first = buildBoth(seedsDir, "seeds-entry");
  const second = buildBoth(newsFile, "news-entry");
  await withServer(new Map(first.files), async (host) => {
    host.fault = (name, bytes, res) => name === ENTRY && (res.writeHead(404), res.end(), true);
    await assert.rejects(SearchIndex.open(host.url), new RegExp(`^Error: SearchIndex\\.open: ${host.url}${ENTRY} answered HTTP 404 Not Found: is this the folder`));
    for (const change of [(b) => b.subarray(0, b.length - 3), (b) => { const c = Buffer.from(b); c[c.length >> 1] ^= 1; return c; }, () => Buffer.from("<!doctype html><p>not here</p>")]) {
      host.fault = (name, bytes, res) => {
        if (name !== ENTRY) return false;
        const b = change(bytes);
        res.writeHead(200, { "content-length": b.length });
        res.end(b);
        return true;
      };
      await assert.rejects(SearchIndex.open(host.url), (e) => e instanceof Error && e.message.startsWith(`SearchIndex.open: ${host.url}${ENTRY}: `));
    }
    host.fault = null;
    // A half-uploaded deployment: the new build's entry, the old build's pieces.
    host.files.set(ENTRY, second.files.get(ENTRY));
    const index = await SearchIndex.open(host.url);
    await assert.rejects(index.search("الكتاب"), /answered HTTP 404 Not Found: the folder is incomplete, or holds another build than its entry file/);
    // The upload completes: the same instance now answers.
    for (const [name, bytes] of second.files) host.files.set(name, bytes);
    assert.deepEqual(await index.search("الكتاب"), second.single.search("الكتاب"));
    // The old build's pieces under the new build's names: not its pieces.
    const oldPieces = [...first.files.keys()].filter((n) => n !== ENTRY);
    for (const [n, name] of [...second.files.keys()].filter((n) => n !== ENTRY).entries()) {
      host.files.set(name, first.files.get(oldPieces.find((o) => o[0] === name[0]) ?? oldPieces[n % oldPieces.length]));
    }
    const mixed = await SearchIndex.open(host.url);
    await assert.rejects(mixed.search("الكتاب"), (e) => e instanceof Error && e.message.includes(host.url));
  });
});

// -- The CLI ---------------------------------------------------------------------------------------

test("fahras build --split writes a folder, replaces an earlier build's pieces, and refuses a folder of other files", () => {
  const out = join(dir, "cli-split");
  const first = fahras("build", seedsDir, "--split", "-o", out);
  assert.equal(first.status, 0, first.stderr);
  const firstNames = readdirSync(out);
  assert.ok(firstNames.includes(ENTRY));
  writeFileSync(join(out, "robots.txt"), "User-agent: *\n"); // not fahras's: left alone
  const second = fahras("build", newsFile, "--split", "-o", out);
  assert.equal(second.status, 0, second.stderr);
  assert.match(second.stdout, /removed [\d,]+ pieces? of the earlier build/);
  const secondNames = readdirSync(out).sort();
  assert.ok(secondNames.includes("robots.txt"));
  assert.ok(!firstNames.some((n) => n !== ENTRY && secondNames.includes(n)), "no piece of the first build is left");
  // The folder searches like the single file, through the CLI too.
  const file = join(dir, "cli-news.fhr");
  assert.equal(fahras("build", newsFile, "-o", file).status, 0);
  for (const args of [["الكتاب"], ["", "--filter", "section=ثقافة", "--sort", "date:desc"], ["معرض", "--facets", "section,tags", "--limit", "3"]]) {
    const fromFolder = fahras("search", out, ...args);
    assert.equal(fromFolder.status, 0, fromFolder.stderr);
    assert.equal(fromFolder.stdout, fahras("search", file, ...args).stdout, args.join(" "));
  }

  const foreign = join(dir, "cli-foreign");
  mkdirSync(foreign);
  writeFileSync(join(foreign, "index.html"), "<p>my site</p>");
  const refused = fahras("build", seedsDir, "--split", "-o", foreign);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /not writing a split index into a folder that is not one \(it holds 1 file and no fahras-entry\.bin\)/);
  assert.deepEqual(readdirSync(foreign), ["index.html"]);

  const both = fahras("build", seedsDir, "--split", "--embed");
  assert.equal(both.status, 2);
  assert.match(both.stderr, /--embed and --split are two ways to host an index: give one/);
  assert.match(fahras("build", "-h").stdout, /--split \[-o <folder>\]/);
  const notSplit = fahras("search", seedsDir, "بوتين");
  assert.equal(notSplit.status, 1);
  assert.match(notSplit.stderr, /a folder without fahras-entry\.bin/);
});
