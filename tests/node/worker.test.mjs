// fahras in Node worker threads (node:worker_threads), the server-side counterpart of the README's
// Web Worker section: initSync in the worker, from the .wasm bytes or from a WebAssembly.Module the
// main thread compiled once, with the embedded corpus or an index file's bytes; several workers at
// once; and errors coming back as messages instead of killing the worker.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Worker } from "node:worker_threads";
import { SearchIndex, pkgDir, seeds } from "./fahras.mjs";

const WORKER = new URL("./search-worker.mjs", import.meta.url);

/** Start a search worker; `ask(query, options)` resolves with its answer message. */
function startWorker(workerData) {
  const worker = new Worker(WORKER, { workerData });
  const pending = new Map();
  let nextId = 0;
  worker.on("message", ({ id, ...answer }) => {
    pending.get(id)(answer);
    pending.delete(id);
  });
  const failed = new Promise((_, reject) => worker.on("error", reject));
  const ask = (query, options) => {
    const id = ++nextId;
    worker.postMessage({ id, query, options });
    return Promise.race([new Promise((resolve) => pending.set(id, resolve)), failed]);
  };
  return { ask, stop: () => worker.terminate() };
}

const QUERIES = ["بوتين", "الصين", "موسك", '"روسيا والصين"', "بوتين -موسكو", "موسقو", ""];

test("a worker thread that reads the .wasm itself answers like the main thread", async () => {
  const { ask, stop } = startWorker();
  try {
    const local = new SearchIndex();
    // Posted at once, before the worker has finished loading: none is lost.
    const answers = await Promise.all(QUERIES.map((q) => ask(q, { limit: 100 })));
    answers.forEach((answer, i) => assert.deepEqual(answer.results, local.search(QUERIES[i], { limit: 100 }), QUERIES[i]));
    assert.equal(answers[0].results.total, seeds.length);
  } finally {
    await stop();
  }
});

test("workers share one compiled module and search in parallel", async () => {
  const module = new WebAssembly.Module(readFileSync(new URL("fahras_bg.wasm", pkgDir)));
  const workers = Array.from({ length: 3 }, () => startWorker({ module }));
  try {
    const local = new SearchIndex();
    const answers = await Promise.all(workers.flatMap(({ ask }) => QUERIES.map((q) => ask(q))));
    answers.forEach((answer, i) => {
      const query = QUERIES[i % QUERIES.length];
      assert.deepEqual(answer.results, local.search(query), query);
    });
  } finally {
    await Promise.all(workers.map(({ stop }) => stop()));
  }
});

test("a worker opens an index file's bytes, and reports bad options without dying", async () => {
  const { initSync, IndexBuilder } = await import(new URL("fahras_indexer.js", pkgDir));
  initSync({ module: readFileSync(new URL("fahras_indexer_bg.wasm", pkgDir)) });
  const builder = new IndexBuilder();
  builder.add({ id: "cairo", title: "القاهرة", text: "مدينة القاهرة على نهر النيل", url: "https://example.org/cairo" });
  builder.add({ id: "nile", title: "النيل", text: "نهر النيل أطول أنهار أفريقيا" });
  const bytes = builder.finish();

  const { ask, stop } = startWorker({ index: bytes });
  try {
    const nile = await ask("النيل");
    assert.deepEqual(nile.results, SearchIndex.fromBytes(bytes).search("النيل"));
    assert.deepEqual(nile.results.hits.map((h) => h.id).sort(), ["cairo", "nile"]);
    assert.equal((await ask("القاهرة")).results.hits[0].url, "https://example.org/cairo");

    const refused = await ask("النيل", { limit: 0 });
    assert.match(refused.error, /limit/);
    assert.equal(refused.results, undefined);
    assert.equal((await ask("النيل")).results.total, 2, "the worker still answers");
  } finally {
    await stop();
  }
});
