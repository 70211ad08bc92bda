// Browser scenarios for Arabic as it is written (issue 10), over the site `make site` assembled
// (www/ + pkg/ with the seeds): proclitics on document words, the engine's respelling only
// (proclitics kept as typed, nothing below the typo budget), and highlights taken from the
// engine's segments, titles included.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startServer } from "./server.mjs";
import { SITE, assertSite, bare, launchBrowser, openPage, typeQuery, waitForQuery } from "./harness.mjs";

let server;
let browser;

before(async () => {
  assertSite();
  server = await startServer({ root: SITE });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function withPage(body) {
  const context = await browser.newContext({ locale: "ar" });
  const page = await context.newPage();
  try {
    await body(page);
  } finally {
    await context.close();
  }
}

/** What the page's own engine answers (the same module the page uses). */
const engineSearch = (page, q) =>
  page.evaluate(async (q) => {
    const { SearchIndex } = await import("./pkg/fahras.js");
    const res = new SearchIndex().search(q);
    return {
      suggestion: res.suggestion ?? null,
      titles: res.hits.map((h) => h.titleSegments.filter((s) => s.hit).map((s) => s.text)),
    };
  }, q);

test("a word found with its proclitics is highlighted in titles from the engine's segments", () =>
  withPage(async (page) => {
    // The seeds write بكين bare and as وبكين, ببكين, لبكين (a title: «… خلال زيارته لبكين»).
    await openPage(page, server.url);
    await typeQuery(page, "بكين");
    await waitForQuery(page, "بكين");
    const engine = await engineSearch(page, "بكين");
    const titles = page.locator("#hits > li .hit-title");
    const shown = [];
    for (let i = 0; i < (await titles.count()); i++) shown.push(await titles.nth(i).locator("mark").allTextContents());
    assert.deepEqual(shown, engine.titles, "title marks are exactly the engine's title segments");
    assert.ok(shown.flat().some((m) => bare(m) === "لبكين"), `لبكين is marked in a title, got ${shown}`);
    const marks = await page.locator("#hits .snippet mark").allTextContents();
    assert.ok(marks.some((m) => bare(m).startsWith("وبكين")), `وبكين is marked, got ${marks}`);
  }));

test("a misspelt word keeps the proclitic the reader typed in the offered respelling", () =>
  withPage(async (page) => {
    const typo = "وروسسيا"; // وروسيا with a doubled letter
    await openPage(page, server.url);
    await typeQuery(page, typo);
    await waitForQuery(page, typo);
    const engine = await engineSearch(page, typo);
    assert.equal(engine.suggestion, "وروسيا");
    const offered = await page.locator("#notice .did-you-mean button").evaluateAll((bs) => bs.map((b) => b.dataset.query));
    assert.deepEqual(offered, [engine.suggestion], "the only respelling offered is the engine's");
  }));

test("a conjunction on a three-letter word gets no respelling, on the page either", () =>
  withPage(async (page) => {
    // و + صيم: a correction must keep the و and be one edit away; the seeds have الصين and
    // والصين but no وصين, and صيم alone (three letters) is below the budget.
    const typo = "وصيم";
    await openPage(page, server.url);
    await typeQuery(page, typo);
    await waitForQuery(page, typo);
    assert.equal((await engineSearch(page, typo)).suggestion, null);
    assert.equal(await page.locator("#notice .did-you-mean button").count(), 0);
    assert.equal(await page.locator("#hits > li").count(), 0);
  }));
