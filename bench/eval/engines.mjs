// The engines under evaluation, each as `ids(query)` → every document id it returns, best first.
//
// fahras comes from a built package directory (pkg/-like: fahras.js + fahras_bg.wasm, and for an
// index file also cli.mjs + fahras_indexer_bg.wasm) or an .fhr index file:
// - a package whose embedded index holds this corpus (made by `make build CORPUS=… PKG_DIR=…`) is
//   searched as it is;
// - any other package (e.g. pkg/ with the seeds) indexes the corpus with its own `fahras build`
//   (cli.mjs, the same engine without an embedded corpus) into bench/data/eval/*.fhr, cached by the
//   engine's and the corpus' digests, and opens it with SearchIndex.fromBytes;
// - an .fhr file is opened with the package given as `pkgDir` (default pkg/).

import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { DATA_DIR, SEEDS_PKG } from "../corpora.mjs";
import { importFahras } from "../fahras.mjs";
import { buildFlexSearch, buildMiniSearch, flexSearchIds, MINISEARCH_VARIANTS, miniSearchQuery } from "../peers.mjs";

const EVAL_DATA = join(DATA_DIR, "eval");
const PAGE = 1000; // fahras' largest `limit`
const log = (...args) => console.error("eval:", ...args);

const digest = (...paths) => {
  const h = createHash("sha256");
  for (const p of paths) h.update(readFileSync(p));
  return h.digest("hex").slice(0, 16);
};

/**
 * Opens fahras on a corpus. `source` is a package dir or an .fhr file (or undefined: `pkgDir`);
 * `corpus` is { name, docs, jsonl }; `options` are passed to every search. Returns the engine, whose
 * `describe` says what was searched (for the report).
 */
export async function openFahras(source, corpus, pkgDir = SEEDS_PKG, options = {}) {
  const path = resolve(source ?? pkgDir);
  if (!existsSync(path)) throw new Error(`${path} does not exist: give a package dir (make build) or an .fhr file`);
  if (statSync(path).isFile()) {
    const fahras = await initFahras(pkgDir);
    return fahrasEngine(fahras.SearchIndex.fromBytes(readFileSync(path)), `${path} opened by ${resolve(pkgDir)}`, options);
  }
  const fahras = await initFahras(path);
  const embedded = new fahras.SearchIndex();
  if (holdsCorpus(embedded, corpus.docs)) return fahrasEngine(embedded, `${path} (embedded index)`, options);
  embedded.free();
  const fhr = indexFile(path, corpus);
  return fahrasEngine(fahras.SearchIndex.fromBytes(readFileSync(fhr)), `${fhr}, built and opened by ${path}`, options);
}

async function initFahras(pkgDir) {
  const fahras = await importFahras(pkgDir);
  fahras.initSync({ module: readFileSync(join(pkgDir, "fahras_bg.wasm")) });
  return fahras;
}

/** The embedded index is this corpus when it has as many documents and knows a few of its ids. */
function holdsCorpus(index, docs) {
  if (index.stats.documents !== docs.length) return false;
  const probes = [docs[0], docs[docs.length >> 1], docs[docs.length - 1]];
  return probes.every((d) => index.document(d.id)?.title === d.title);
}

/** The corpus indexed by the package's own CLI, reused while engine and corpus are unchanged. */
function indexFile(pkgDir, corpus) {
  const cli = join(pkgDir, "cli.mjs");
  const indexer = join(pkgDir, "fahras_indexer_bg.wasm");
  if (!existsSync(cli) || !existsSync(indexer)) {
    throw new Error(`${pkgDir} does not embed the ${corpus.name} corpus and has no cli.mjs/fahras_indexer_bg.wasm to index it`);
  }
  mkdirSync(EVAL_DATA, { recursive: true });
  const out = join(EVAL_DATA, `${corpus.name}-${digest(indexer, join(pkgDir, "fahras.js"), corpus.jsonl)}.fhr`);
  if (!existsSync(out)) {
    log(`indexing ${basename(corpus.jsonl)} with ${cli} → ${out}`);
    execFileSync(process.execPath, [cli, "build", corpus.jsonl, "-o", out], { stdio: ["ignore", 2, 2] });
  }
  return out;
}

function fahrasEngine(index, describe, options) {
  return {
    name: "fahras",
    describe,
    stats: index.stats,
    /** Every hit, paging through `total` with the largest limit; `options` (default: none) besides. */
    ids(query) {
      const ids = [];
      for (let offset = 0; ; offset += PAGE) {
        const res = index.search(query, { ...options, limit: PAGE, offset });
        for (const h of res.hits) ids.push(h.id);
        if (res.hits.length < PAGE || offset + PAGE >= res.total) break;
      }
      return ids;
    },
    /** The engine's "did you mean", if it offers one. */
    suggestion: (query) => index.search(query, { ...options, limit: 1 }).suggestion,
  };
}

/** MiniSearch+ar as bench/run.mjs compares it: prefix + AND, every match, ranked. */
export function miniSearchEngine(docs) {
  const mini = buildMiniSearch(docs);
  const { searchOptions } = MINISEARCH_VARIANTS[0];
  return {
    name: "MiniSearch+ar",
    ids: (query) => mini.search(miniSearchQuery(query), searchOptions).map((r) => r.id),
  };
}

/** FlexSearch+ar: the same normaliser and tokenizer, forward (prefix) tokenization. */
export function flexSearchEngine(docs) {
  const flex = buildFlexSearch(docs);
  return {
    name: "FlexSearch+ar",
    ids: (query) => flexSearchIds(flex, miniSearchQuery(query), docs.length),
  };
}
