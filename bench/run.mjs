// fahras against MiniSearch 7 and FlexSearch 0.8 (both set up for Arabic) on the same documents and queries, in one Node
// process: answers, query time, start-up, and bytes shipped. Run by `make bench` after `make build`:
//   node bench/run.mjs
// Prints the tables, writes them as Markdown to bench/results/latest.md, and exits non-zero when
// fahras answers a query wrongly (no hit, or fewer documents than a literal scan finds). Missed
// targets are reported, not fatal: they are numbers to improve, not broken answers.

import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  DATA_DIR,
  ensureQuranPackage,
  QURAN_JSONL,
  QURAN_PKG,
  quranDocuments,
  ROOT,
  SEEDS_PKG,
  seedDocuments,
  writeJsonl,
} from "./corpora.mjs";
import { hadithCorpus, HADITH_JSONL } from "./eval/corpora.mjs";
import { loadFahras, PAYLOAD_FILES, wasmBytes } from "./fahras.mjs";
import { embeddedIndex } from "./index-bytes.mjs";
import { coldStarts, compressedSizes, fileSizes, summarize, timeEngines } from "./measure.mjs";
import { buildFlexSearch, buildMiniSearch, flexSearchIds, MINISEARCH_VARIANTS, miniSearchQuery } from "./peers.mjs";
import { naiveMatches, QUERIES } from "./queries.mjs";
import { kb, ms, Table, us } from "./report.mjs";

const COLD_START_SCRIPT = fileURLToPath(new URL("./coldstart.mjs", import.meta.url));
const MINISEARCH_LIBRARY = fileURLToPath(import.meta.resolve("minisearch"));
// The time given to the query loops on each corpus (all engines together), and the number of cold starts.
const QUERY_BUDGET_MS = Number(process.env.BENCH_BUDGET_MS ?? 10000);
const COLD_STARTS = Number(process.env.BENCH_COLD_STARTS ?? 7);
const FAHRAS_OPTIONS = { limit: 10 }; // defaults otherwise: prefix and fuzzy on, snippets in every hit
// One hit, so one snippet: the difference to FAHRAS_OPTIONS is what the other nine snippets cost.
const FAHRAS_ONE_HIT = { limit: 1 };
// Many ids at once, without snippets (hadith): against FlexSearch asked for as many.
const MANY = 1000;
const FAHRAS_MANY = { limit: MANY, snippets: false };
// The hadith index file, built by the package's own CLI (`fahras build`) from bench/data/hadith.jsonl.
const HADITH_FHR = join(DATA_DIR, "hadith.fhr");
// BENCH_HADITH=0 leaves the hadith out (its peers' indexes take a minute and ~2 GB to build).
const WITH_HADITH = process.env.BENCH_HADITH !== "0";

// Each pair: a query typed with harakat and the same query plain (both in QUERIES).
const DIACRITISED_PAIRS = { hadith: [["الصَّلَاة", "الصلاة"]], seeds: [["الصِّينُ", "الصين"]] };

const addSizes = (a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli });
const log = (...args) => console.error("bench:", ...args);
let sink = 0; // results flow here so that no engine call is ever dead code

// Other processes on the same cores slow everything down; the report says how busy the machine was.
const LOAD_AT_START = loadavg()[0];

async function main() {
  const seeds = await loadFahras(SEEDS_PKG);
  const quranDocs = quranDocuments();
  if (writeJsonl(quranDocs, QURAN_JSONL)) log(`wrote ${quranDocs.length} verses to ${QURAN_JSONL}`);
  ensureQuranPackage(log);
  const quran = await loadFahras(QURAN_PKG);

  const corpora = [
    { name: "seeds", label: "5 seed news articles", pkgDir: SEEDS_PKG, ...seeds, docs: seedDocuments(seeds.index) },
    { name: "quran", label: "Quran, 6,236 verses (Uthmani)", pkgDir: QURAN_PKG, ...quran, docs: quranDocs },
  ];
  if (WITH_HADITH) {
    const { docs } = hadithCorpus();
    ensureHadithIndex();
    const index = seeds.fahras.SearchIndex.fromBytes(readFileSync(HADITH_FHR));
    corpora.push({ name: "hadith", label: `hadith, the six books (${docs.length.toLocaleString("en")} hadith)`, pkgDir: null, fahras: seeds.fahras, index, docs });
  }
  const results = [];
  for (const corpus of corpora) results.push(benchCorpus(corpus));
  const library = await miniSearchLibrary();
  for (const r of results) if (r.sizes) r.sizes.peerLibrary = library;

  const { text, markdown, wrong } = render(results);
  console.log(text);
  mkdirSync(join(ROOT, "bench", "results"), { recursive: true });
  writeFileSync(join(ROOT, "bench", "results", "latest.md"), markdown);
  log("wrote bench/results/latest.md");
  if (wrong.length) {
    console.error(`\nbench: FAILED: fahras answered ${wrong.length} queries wrongly:\n  ${wrong.join("\n  ")}`);
    process.exit(1);
  }
  if (sink === 0) log("no engine found anything at all?");
}

/** bench/data/hadith.fhr, built with `node pkg/cli.mjs build` unless built from the same JSONL by the same indexer. */
function ensureHadithIndex() {
  const digest = (path) => createHash("sha256").update(readFileSync(path)).digest("hex");
  const stampPath = `${HADITH_FHR}.stamp`;
  const stamp = `${digest(join(SEEDS_PKG, "fahras_indexer_bg.wasm"))} ${digest(HADITH_JSONL)}`;
  if (existsSync(HADITH_FHR) && existsSync(stampPath) && readFileSync(stampPath, "utf8") === stamp) return;
  log(`building ${HADITH_FHR} with the package's CLI`);
  execFileSync("node", [join(SEEDS_PKG, "cli.mjs"), "build", HADITH_JSONL, "-o", HADITH_FHR], { stdio: ["ignore", 2, 2] });
  writeFileSync(stampPath, stamp);
}

function benchCorpus({ name, label, pkgDir, fahras, index, docs }) {
  log(`${name}: ${docs.length} documents`);
  const queries = QUERIES[name];

  // The peer: built from the documents, then serialized as a site would ship it.
  const buildTimes = [];
  let mini;
  const builds = docs.length > 10000 ? 1 : docs.length > 100 ? 3 : 20;
  for (let i = 0; i < builds; i++) {
    const t0 = performance.now();
    mini = buildMiniSearch(docs);
    buildTimes.push(performance.now() - t0);
  }
  const miniJson = JSON.stringify(mini);
  // The second peer, FlexSearch 0.8 with the same normaliser and tokenizer; it returns every match too.
  const flexBuildTimes = [];
  let flex;
  for (let i = 0; i < builds; i++) {
    const t0 = performance.now();
    flex = buildFlexSearch(docs);
    flexBuildTimes.push(performance.now() - t0);
  }
  const peerRuns = [
    ...MINISEARCH_VARIANTS.map((v) => ({ name: v.name, run: (q) => mini.search(q, v.searchOptions).length })),
    { name: "FlexSearch", run: (q) => flexSearchIds(flex, q, docs.length).length },
  ];
  const miniJsonPath = join(DATA_DIR, `minisearch-${name}.json`);
  mkdirSync(DATA_DIR, { recursive: true });
  writeFileSync(miniJsonPath, miniJson);

  // Answers first: the timings below are only worth something if these are right.
  const answers = queries.map(({ q, kind }) => {
    const res = index.search(q, FAHRAS_OPTIONS);
    const naive = naiveMatches(docs, q).size;
    const problems = [];
    if (res.total === 0) problems.push("no hit");
    if (res.total < naive) problems.push(`${res.total} documents, a literal scan finds ${naive}`);
    // A hit found through its title (a sura's name) may have no highlighted word in its text,
    // but every hit comes with an excerpt.
    if (!res.hits.every((h) => h.snippet.length > 0)) problems.push("a hit without a snippet");
    const peer = peerRuns.map((p) => p.run(miniSearchQuery(q)));
    return { q, kind, total: res.total, naive, peer, problems };
  });

  // Many ids (hadith): fahras without snippets against FlexSearch asked for as many ids.
  const many = name === "hadith";
  if (many) {
    for (const { q } of queries) {
      const a = index.search(q, { limit: MANY, snippets: false });
      const b = index.search(q, { limit: MANY });
      const same = a.total === b.total && a.hits.length === b.hits.length && a.hits.every((h, i) => h.id === b.hits[i].id);
      if (!same || a.hits.some((h) => h.snippet.length > 0)) answers.find((x) => x.q === q).problems.push("snippets: false changed the hits");
    }
  }
  const manyEngines = many
    ? [
        { queries: queries.map((x) => x.q), run: (q) => (sink += index.search(q, FAHRAS_MANY).hits.length) },
        { queries: queries.map((x) => miniSearchQuery(x.q)), run: (q) => (sink += flexSearchIds(flex, q, MANY).length) },
      ]
    : [];

  log(`${name}: timing queries`);
  const [fahrasTimes, oneHitTimes, ...rest] = timeEngines(
    [
      { queries: queries.map((x) => x.q), run: (q) => (sink += index.search(q, FAHRAS_OPTIONS).total) },
      { queries: queries.map((x) => x.q), run: (q) => (sink += index.search(q, FAHRAS_ONE_HIT).total) },
      ...peerRuns.map((p) => ({
        queries: queries.map((x) => miniSearchQuery(x.q)),
        run: (q) => (sink += p.run(q)),
      })),
      ...manyEngines,
    ],
    { budgetMs: QUERY_BUDGET_MS },
  );
  const peerTimes = rest.slice(0, peerRuns.length);
  const [manyTimes, flexManyTimes] = rest.slice(peerRuns.length);

  // Start-up and sizes of a module with the corpus inside (the hadith is opened from bytes instead).
  let fahrasStart = null;
  let peerStart = null;
  if (pkgDir) {
    log(`${name}: ${COLD_STARTS} cold starts per engine`);
    const first = queries[0].q;
    [fahrasStart, peerStart] = coldStarts(
      COLD_START_SCRIPT,
      [
        ["fahras", pkgDir, first],
        ["minisearch", miniJsonPath, first],
      ],
      COLD_STARTS,
    );
  }

  const common = {
    name,
    label,
    documents: docs.length,
    stats: index.stats,
    answers,
    fahras: { times: fahrasTimes, start: fahrasStart },
    fahrasOneHit: oneHitTimes,
    fahrasMany: manyTimes,
    flexMany: flexManyTimes,
    peers: peerRuns.map((p, i) => ({ name: p.name, times: peerTimes[i] })),
    peerStart,
    peerBuild: summarize(buildTimes).median,
    flexBuild: summarize(flexBuildTimes).median,
  };
  if (!pkgDir) return { ...common, sizes: null };
  const text = Buffer.from(docs.map((d) => d.text).join("\n"));
  // The index as embedded, checked by opening it (fahras verifies its checksum).
  const embedded = embeddedIndex(wasmBytes(pkgDir), index.stats.indexBytes, (bytes) =>
    fahras.SearchIndex.fromBytes(bytes).free(),
  );
  if (!embedded) log(`${name}: the embedded index was not found in the wasm; sizes are the whole module's`);
  return {
    ...common,
    sizes: {
      payload: fileSizes(PAYLOAD_FILES.map((f) => join(pkgDir, f))),
      wasm: fileSizes([join(pkgDir, "fahras_bg.wasm")]),
      index: embedded && compressedSizes(embedded.bytes),
      sections: embedded?.sections.map((sec) => ({ name: sec.name, ...compressedSizes(sec.bytes) })),
      text: compressedSizes(text),
      peerIndex: compressedSizes(Buffer.from(miniJson)),
    },
  };
}

/**
 * MiniSearch publishes its ES build unminified (78 kB); a site's bundler minifies it, so it is
 * measured minified with terser (a devDependency) — unminified, as a fallback, if terser is absent.
 */
async function miniSearchLibrary() {
  const source = readFileSync(MINISEARCH_LIBRARY, "utf8");
  let terser;
  try {
    terser = await import("terser");
  } catch {
    log("terser is not installed: MiniSearch's library size is its unminified build");
    return { label: "MiniSearch: library (dist/es/index.js, unminified: terser absent)", sizes: compressedSizes(Buffer.from(source)) };
  }
  const { code } = await terser.minify(source, { module: true, compress: true, mangle: true });
  return { label: "MiniSearch: library (dist/es/index.js minified by terser)", sizes: compressedSizes(Buffer.from(code)) };
}

function render(results) {
  const tables = [];
  const wrong = [];
  const targets = new Table("Targets (issue 15)", ["target", "measured", "result"], { rightFrom: 1 });
  const check = (what, measured, pass) => targets.add(what, measured, pass ? "PASS" : "MISS");

  for (const r of results) {
    const [peer] = r.peers; // prefix + AND: the peer setting closest to fahras' defaults without fuzzy cost
    const answers = new Table(`${r.label}: documents found per query (fahras: total; literal scan: lower bound)`, [
      "query",
      "kind",
      "fahras",
      "literal scan",
      ...r.peers.map((p) => p.name),
    ], { rightFrom: 2 });
    for (const a of r.answers) {
      answers.add(a.q, a.kind, a.total + (a.problems.length ? " ✗" : ""), a.naive, ...a.peer);
      for (const p of a.problems) wrong.push(`${r.name}: ${a.q}: ${p}`);
    }

    const perQuery = new Table(`${r.label}: median query time per query (µs)`, [
      "query",
      "fahras",
      ...r.peers.map((p) => p.name),
    ]);
    r.answers.forEach((a, i) =>
      perQuery.add(a.q, us(r.fahras.times.perQuery[i].median), ...r.peers.map((p) => us(p.times.perQuery[i].median))),
    );

    const speed = new Table(`${r.label}: query time over all queries, and start-up`, [
      "engine",
      "median µs",
      "p99 µs",
      "samples",
      "start-up ms (cold, median)",
      "build from documents ms",
    ]);
    speed.add(
      "fahras (with snippets)",
      us(r.fahras.times.all.median),
      us(r.fahras.times.all.p99),
      r.fahras.times.all.n,
      r.fahras.start ? ms(r.fahras.start.median) : "not measured (fromBytes)",
      "at build time",
    );
    speed.add(
      "fahras, limit 1 (one snippet)",
      us(r.fahrasOneHit.all.median),
      us(r.fahrasOneHit.all.p99),
      r.fahrasOneHit.all.n,
      "",
      "",
    );
    if (r.fahrasMany) {
      speed.add(`fahras, limit ${MANY}, snippets: false`, us(r.fahrasMany.all.median), us(r.fahrasMany.all.p99), r.fahrasMany.all.n, "", "");
    }
    r.peers.forEach((p, i) =>
      speed.add(
        `${p.name} (no snippets)`,
        us(p.times.all.median),
        us(p.times.all.p99),
        p.times.all.n,
        // FlexSearch's start-up from a shipped index is not measured (its export is per key, async).
        p.name === "FlexSearch" || !r.peerStart ? "not measured" : i === 0 ? ms(r.peerStart.median) : "same",
        p.name === "FlexSearch" ? ms(r.flexBuild) : i === 0 ? ms(r.peerBuild) : "same",
      ),
    );
    if (r.flexMany) {
      speed.add(`FlexSearch, limit ${MANY}`, us(r.flexMany.all.median), us(r.flexMany.all.p99), r.flexMany.all.n, "", "");
    }

    const ratio = r.fahras.times.all.median / peer.times.all.median;
    const flexPeer = r.peers.find((p) => p.name === "FlexSearch");
    const flexRatio = r.fahras.times.all.median / flexPeer.times.all.median;
    check(`${r.name}: median query ≤ 0.5 × ${peer.name} (× FlexSearch: ${flexRatio.toFixed(2)})`, `${ratio.toFixed(2)} ×`, ratio <= 0.5);
    if (r.name === "quran") {
      check("quran: p99 query ≤ 0.5 ms", `${us(r.fahras.times.all.p99)} µs`, r.fahras.times.all.p99 <= 500);
    }
    if (r.fahras.start) {
      const limit = r.name === "quran" ? 20 : 50;
      check(`${r.name}: start-up ≤ ${limit} ms`, `${ms(r.fahras.start.median)} ms`, r.fahras.start.median <= limit);
    }
    if (r.fahrasMany) {
      const m = r.fahrasMany.all.median / r.flexMany.all.median;
      check(`${r.name}: ${MANY} hits, snippets: false, median ≤ 2 × FlexSearch's`, `${m.toFixed(2)} ×`, m <= 2);
    }
    // A diacritised query against its plain form, where the list has both.
    for (const [voc, plain] of DIACRITISED_PAIRS[r.name] ?? []) {
      const at = (q) => r.answers.findIndex((a) => a.q === q);
      if (at(voc) < 0 || at(plain) < 0) continue;
      const m = r.fahras.times.perQuery[at(voc)].median / r.fahras.times.perQuery[at(plain)].median;
      check(`${r.name}: ${voc} ≤ 1.5 × ${plain}`, `${m.toFixed(2)} ×`, m <= 1.5);
    }
    tables.push(answers, perQuery, speed);
    if (!r.sizes) continue;

    const s = r.sizes;
    const sizes = new Table(`${r.label}: bytes shipped (kB = 1000 bytes)`, ["what", "raw kB", "gzip -9 kB", "brotli -q11 kB"]);
    const row = (what, z) => sizes.add(what, kb(z.raw), kb(z.gzip), kb(z.brotli));
    row("fahras: fahras.js + fahras_bg.wasm (index embedded)", s.payload);
    row("MiniSearch: serialized index (JSON)", s.peerIndex);
    row(s.peerLibrary.label, s.peerLibrary.sizes);
    row("MiniSearch: library + index", addSizes(s.peerLibrary.sizes, s.peerIndex));
    row("the documents' text alone", s.text);
    if (s.index) {
      row("fahras: the embedded index alone (index + stored text)", s.index);
      for (const sec of s.sections) row(`fahras: index section ${sec.name}`, sec);
    } else {
      sizes.add("fahras: stats.indexBytes (index + stored text)", kb(r.stats.indexBytes), "", "");
    }

    tables.push(sizes);

    if (r.name === "seeds") {
      check("seeds: payload (js + wasm, brotli) ≤ 50 kB", `${kb(s.payload.brotli)} kB`, s.payload.brotli <= 50_000);
    }
    if (r.name === "quran") {
      const sizeCheck = (what, size) => {
        const ratio = size / s.text.brotli;
        check(
          `quran: ${what} ≤ 2 × brotli(text)`,
          `${kb(size)} / ${kb(s.text.brotli)} kB = ${ratio.toFixed(2)} ×`,
          ratio <= 2,
        );
      };
      if (s.index) sizeCheck("brotli(embedded index + stored text)", s.index.brotli);
      // The whole module, code included: an upper bound on what the index and stored text cost.
      sizeCheck("brotli(whole fahras_bg.wasm)", s.wasm.brotli);
    }
  }
  tables.push(targets);

  const cpu = cpus();
  const load = `load average ${LOAD_AT_START.toFixed(1)} at start, ${loadavg()[0].toFixed(1)} at end`;
  const machine = `${cpu.length} cores (${cpu[0]?.model.trim()}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${load}`;
  const header = `fahras benchmark, ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, ${machine}`;
  const notes = [
    "fahras: `search(q, { limit: 10 })` (prefix and fuzzy on by default), every hit with its highlighted snippet;",
    "`limit: 1` runs the same queries with one snippet, to show what snippets cost. Hadith: also `{ limit: 1000, snippets: false }`",
    "against FlexSearch asked for 1000 ids; the hadith index is built by `fahras build` and opened with `fromBytes`.",
    "MiniSearch 7 with an Arabic normaliser (harakat, Quranic marks, tatweel; أإآٱ→ا, ى→ي, ة→ه) and a letter/mark tokenizer,",
    "fields title + text; `search(q, { prefix: true, combineWith: 'AND' })`, and a second run with `fuzzy: 0.2`; it returns all",
    "matches, ranked, without snippets. A phrase is given to MiniSearch as its words ANDed.",
    "FlexSearch 0.8: the same normaliser and tokenizer, `tokenize: 'forward'` (prefixes), fields title + text, every match",
    "(`limit` = all documents, `merge: true`), no snippets; a phrase as its words ANDed.",
    "Query times: wall time per call after a warm-up, queries interleaved, engines taking turns in ~300 ms blocks; on a",
    "shared machine the p99 includes time slices lost to other processes. Start-up = instantiate wasm + open index + first",
    "query (MiniSearch: loadJSON + first query), from bytes in memory, in fresh processes.",
  ];
  const text = [header, ...notes, "", ...tables.map((t) => t.text() + "\n")].join("\n");
  const markdown = [`### ${header}`, "", ...notes, "", ...tables.map((t) => t.markdown() + "\n")].join("\n");
  return { text, markdown, wrong };
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
