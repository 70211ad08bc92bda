// The Web Worker example (www/worker-example/, the package README's "Web Worker" section made
// runnable): a module worker loads fahras and answers queries posted by the page, under the same
// Content-Security-Policy as the demo. Checks that the answers are the engine's (the same hits
// as the package gives in Node), that the engine ran in the worker and not on the page, that bad
// options come back as an error instead of a dead worker, and that nothing failed on the way.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { initSync, SearchIndex } from "../../pkg/fahras.js";
import { startServer } from "./server.mjs";
import { REPO, SITE, assertSite, launchBrowser, watchProblems } from "./harness.mjs";

let server;
let browser;
let expected;

before(async () => {
  assertSite();
  for (const f of ["index.html", "main.js", "worker.js"]) {
    const path = join(SITE, "worker-example", f);
    if (!existsSync(path)) throw new Error(`${path} is missing: run \`make site\` before the browser tests`);
  }
  initSync({ module: readFileSync(join(REPO, "pkg", "fahras_bg.wasm")) });
  expected = (query) => new SearchIndex().search(query, { limit: 10 });
  server = await startServer({ root: SITE });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Type `query` into the example and wait for the list that answers it. */
async function searchFor(page, query) {
  await page.fill("#q", query);
  await page.waitForFunction(
    (q) => {
      const list = document.getElementById("results");
      return (list.dataset.query === q && list.dataset.state === "done") || list.dataset.state === "error";
    },
    query,
  );
  return page.$$eval("#results li", (items) => items.map((li) => li.dataset.id));
}

test("the worker example answers queries from a module worker", async () => {
  const page = await browser.newPage();
  const problems = watchProblems(page);
  try {
    await page.goto(new URL("worker-example/", server.url).href);
    await page.waitForFunction(() => document.documentElement.dataset.ready === "true");

    const workers = page.workers().map((w) => new URL(w.url()).pathname);
    assert.deepEqual(workers, ["/worker-example/worker.js"], "one module worker");
    // The engine runs in the worker: the worker fetched the .wasm, the page did not. (Chromium
    // lists a module worker's script imports, fahras.js included, under the page.)
    const wasmFetches = (context) =>
      context.evaluate(() => performance.getEntriesByType("resource").filter((e) => e.name.endsWith("/pkg/fahras_bg.wasm")).length);
    assert.equal(await wasmFetches(page.workers()[0]), 1, "the worker fetched the module");
    assert.equal(await wasmFetches(page), 0, "the page did not");

    const seedHits = expected("بوتين");
    assert.equal(seedHits.total, 5, "every seed article mentions بوتين");
    assert.deepEqual(await searchFor(page, "بوتين"), seedHits.hits.map((h) => h.id));
    assert.equal(await page.getAttribute("#results", "data-total"), "5");
    assert.ok((await page.$$("#results li mark")).length >= 5, "matched words are marked");

    // A narrower query replaces the list (the page shows only the latest answer).
    const narrow = expected("هاربين");
    assert.ok(narrow.total > 0 && narrow.total < 5, `هاربين: ${narrow.total}`);
    assert.deepEqual(await searchFor(page, "هاربين"), narrow.hits.map((h) => h.id));

    // Typed fast, one key at a time: the last query's answer wins.
    await page.fill("#q", "");
    await page.locator("#q").pressSequentially("الصين", { delay: 0 });
    await page.waitForFunction(() => document.getElementById("results").dataset.query === "الصين");
    assert.deepEqual(await page.$$eval("#results li", (items) => items.map((li) => li.dataset.id)), expected("الصين").hits.map((h) => h.id));

    // Messages posted at once, before the worker has loaded the engine, are all answered; options
    // the engine refuses come back as an error message, and the worker keeps working.
    const answers = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const worker = new Worker(new URL("./worker.js", location.href), { type: "module" });
          worker.postMessage({ id: 1, query: "بوتين", options: { limit: 0 } });
          worker.postMessage({ id: 2, query: "بوتين" });
          const answers = [];
          worker.onmessage = ({ data }) => {
            if (data.type === "ready") return;
            answers.push(data);
            if (answers.length === 2) {
              worker.terminate();
              resolve(answers);
            }
          };
        }),
    );
    assert.deepEqual(answers.map((a) => a.id), [1, 2]);
    assert.match(answers[0].error, /limit/);
    assert.equal(answers[1].results.total, 5);

    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});
